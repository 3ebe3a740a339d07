/**
 * Carries a manager's answers between the renewal form's pages (post/redirect/get) in a short-lived
 * cookie scoped to their own link. Nothing in it is trusted: the final confirmation carries every answer
 * in its own body and the service checks them again. After the decision it holds the warning codes the
 * service answered, so the confirmation page can say HR has been told; the decision itself is read back
 * from the service.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { contractWarningCodes, renewalDecisions } from '../../domain/contract.ts';
import { cameOverHttps, readCookies, serialiseCookie } from '../cookies.ts';

const cookieName = 'td_renewal';
const lifetimeSeconds = 60 * 60;

const answersSchema = z.object({
  decision: z.enum(renewalDecisions).optional(),
  newEndDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Set once the decision is recorded, so the confirmation page can show it. */
  confirmed: z.boolean().optional(),
  warnings: z.array(z.enum(contractWarningCodes)).max(contractWarningCodes.length).optional(),
});

export type RenewalAnswers = z.infer<typeof answersSchema>;

export function formPath(token: string, step?: string): string {
  return `/forms/renewal/${encodeURIComponent(token)}${step === undefined ? '' : `/${step}`}`;
}

export function readAnswers(event: APIGatewayProxyEventV2): RenewalAnswers {
  const value = readCookies(event).get(cookieName);
  if (value === undefined) return {};
  try {
    const parsed = answersSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function answersCookie(event: APIGatewayProxyEventV2, token: string, answers: RenewalAnswers): string {
  const value = Buffer.from(JSON.stringify(answers), 'utf8').toString('base64url');
  return serialiseCookie(cookieName, value, {
    path: formPath(token),
    maxAgeSeconds: lifetimeSeconds,
    secure: cameOverHttps(event),
  });
}
