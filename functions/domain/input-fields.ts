/** The zod fields every kind of input shares, with their messages written once (GOV.UK style). */
import { z } from 'zod';
import { isBusinessDate } from './business-dates.ts';

/** Required text, trimmed, at most `max` characters. */
export const requiredText = (field: string, max: number) =>
  z
    .string({ error: `Enter the ${field}` })
    .trim()
    .min(1, `Enter the ${field}`)
    .max(max, `The ${field} must be ${max} characters or fewer`);

/** A real calendar date written `YYYY-MM-DD`. */
export const businessDateField = (field: string) =>
  z
    .string({ error: `Enter the ${field} as YYYY-MM-DD` })
    .refine(isBusinessDate, `The ${field} must be a real date written as YYYY-MM-DD`);
