/**
 * A one-time message carried across a redirect ("907 people added"), in a cookie scoped to the page
 * that shows it and cleared when shown. It only ever selects a fixed sentence, so it needs no signature.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { informationWarningCodes } from '../../domain/information-duty.ts';
import * as z from '../../zod.ts';
import { cameOverHttps, readCookies, serialiseCookie } from '../cookies.ts';

const cookieName = 'td_flash';

const flashSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created') }),
  z.object({ kind: z.literal('launched') }),
  z.object({ kind: z.literal('retried') }),
  z.object({ kind: z.literal('dates-moved') }),
  z.object({ kind: z.literal('cancelled') }),
  z.object({ kind: z.literal('objection-recorded') }),
  z.object({
    kind: z.literal('person-changed'),
    change: z.enum([
      'email-corrected',
      'link-resent',
      'election-recorded',
      'objection-withdrawn',
      'link-unlocked',
      'liability-corrected',
    ]),
  }),
  z.object({ kind: z.literal('liability-given') }),
  z.object({ kind: z.literal('collective-agreements-saved') }),
  z.object({
    kind: z.literal('duty-recorded'),
    what: z.enum(['contact', 'measures-requested', 'information-sent', 'meeting', 'representation', 'reply']),
    recipients: z.optional(z.number().check(z.int(), z.minimum(0))),
    warnings: z.optional(
      z.array(z.enum([...informationWarningCodes, 'REPLY_AFTER_TRANSFER_DATE'])).check(z.maxLength(3)),
    ),
  }),
  z.object({ kind: z.literal('consultation-created') }),
  z.object({ kind: z.literal('outcome-recorded') }),
  z.object({ kind: z.literal('decision-recorded') }),
  z.object({ kind: z.literal('justification-recorded') }),
  z.object({ kind: z.literal('contracts-added'), added: z.number().check(z.int(), z.minimum(0)) }),
  z.object({
    kind: z.literal('staff-added'),
    added: z.number().check(z.int(), z.minimum(0)),
    total: z.number().check(z.int(), z.minimum(0)),
  }),
]);

export type Flash = z.infer<typeof flashSchema>;

export function flashCookie(event: APIGatewayProxyEventV2, path: string, flash: Flash): string {
  const value = Buffer.from(JSON.stringify(flash), 'utf8').toString('base64url');
  return serialiseCookie(cookieName, value, { path, maxAgeSeconds: 60, secure: cameOverHttps(event) });
}

/** The message for this page, if any, and the Set-Cookie value that clears it. */
export function takeFlash(event: APIGatewayProxyEventV2, path: string): { flash?: Flash; clear?: string } {
  const value = readCookies(event).get(cookieName);
  if (value === undefined) return {};
  const clear = serialiseCookie(cookieName, '', { path, maxAgeSeconds: 0, secure: cameOverHttps(event) });
  try {
    const parsed = flashSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { flash: parsed.data, clear } : { clear };
  } catch {
    return { clear };
  }
}
