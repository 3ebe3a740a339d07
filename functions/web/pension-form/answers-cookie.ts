/**
 * Carries a person's answers between the pension form's pages (post/redirect/get) in a short-lived
 * cookie scoped to their own link. Nothing in it is trusted: the final confirmation carries every
 * answer in its own body and the service checks them all again, so the cookie needs no signature.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { cameOverHttps, readCookies, serialiseCookie } from '../cookies.ts';

const cookieName = 'td_pension';
const lifetimeSeconds = 60 * 60;

const answersSchema = z.object({
  employeeNumber: z.string().min(1).max(50).optional(),
  option: z.string().min(1).max(50).optional(),
  /** Set once the choice is recorded, so the confirmation page can show it. */
  confirmed: z.boolean().optional(),
});

export type PensionAnswers = z.infer<typeof answersSchema>;

export function formPath(token: string, step?: string): string {
  return `/forms/pension/${encodeURIComponent(token)}${step === undefined ? '' : `/${step}`}`;
}

export function readAnswers(event: APIGatewayProxyEventV2): PensionAnswers {
  const value = readCookies(event).get(cookieName);
  if (value === undefined) return {};
  try {
    const parsed = answersSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function answersCookie(event: APIGatewayProxyEventV2, token: string, answers: PensionAnswers): string {
  const value = Buffer.from(JSON.stringify(answers), 'utf8').toString('base64url');
  return serialiseCookie(cookieName, value, {
    path: formPath(token),
    maxAgeSeconds: lifetimeSeconds,
    secure: cameOverHttps(event),
  });
}
