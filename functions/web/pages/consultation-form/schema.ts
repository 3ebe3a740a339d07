/**
 * The consultation form's input: the response as the service records it (functions/domain/
 * consultation-rules.ts, the public form's with a name and organisation), and the receipt the cookie keeps
 * for the confirmation page.
 */
import { z } from 'zod';

export { responseSchema } from '../../../domain/consultation-rules.ts';

/**
 * When the response was received, whether it replaced an earlier one and whether the outcome will be
 * emailed: never the response or the address itself.
 */
export const receiptSchema = z.object({
  respondedAt: z.iso.datetime().optional(),
  changed: z.boolean().optional(),
  outcomeEmailed: z.boolean().optional(),
});
export type Receipt = z.infer<typeof receiptSchema>;
