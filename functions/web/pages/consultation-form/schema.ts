/**
 * The consultation form's input: the response as the service records it (functions/domain/
 * consultation-rules.ts, the public form's with a name and organisation), and the receipt the cookie keeps
 * for the confirmation page.
 */
import * as z from '../../../zod.ts';

export { responseSchema } from '../../../domain/consultation-rules.ts';

/**
 * When the response was received, whether it replaced an earlier one and whether the outcome will be
 * emailed: never the response or the address itself.
 */
export const receiptSchema = z.object({
  respondedAt: z.optional(z.iso.datetime()),
  changed: z.optional(z.boolean()),
  outcomeEmailed: z.optional(z.boolean()),
});
export type Receipt = z.infer<typeof receiptSchema>;
