/**
 * A manager's answers between the renewal form's pages (see link-form-cookie.ts). After the decision it
 * holds the warning codes the service answered, so the confirmation page can say HR has been told; the
 * decision itself is read back from the service.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { contractWarningCodes, renewalDecisions } from '../../domain/contract.ts';
import { linkFormCookie, linkFormPath } from '../link-form-cookie.ts';

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

const cookie = linkFormCookie('renewal', 'td_renewal', answersSchema);

export function formPath(token: string, step?: string): string {
  return linkFormPath('renewal', token, step);
}

export function readAnswers(event: APIGatewayProxyEventV2): RenewalAnswers {
  return cookie.read(event) ?? {};
}

export function answersCookie(event: APIGatewayProxyEventV2, token: string, answers: RenewalAnswers): string {
  return cookie.write(event, token, answers);
}
