/**
 * The question every form behind a person's link starts with: their employee number, so a forwarded link
 * alone is not enough (DESIGN §2). The pension, nomination and ballot forms ask it the same way and say
 * the same when the number is not the link's.
 */

import { typedEmployeeNumber } from '../domain/election.ts';
import * as z from '../zod.ts';
import type { FieldProblem } from './form-errors.ts';

export const employeeNumberSchema = z.object({ employeeNumber: typedEmployeeNumber });

export const mismatchMessage = 'The employee number does not match our records for this link';

/** The problem shown on the number's field when the service says it is not the link's. */
export const mismatchProblem: FieldProblem = { field: 'employeeNumber', message: mismatchMessage };
