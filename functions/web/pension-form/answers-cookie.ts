/** The pension form's answers between its pages (see link-form-cookie.ts). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { linkFormCookie, linkFormPath } from '../link-form-cookie.ts';

const answersSchema = z.object({
  employeeNumber: z.string().min(1).max(50).optional(),
  option: z.string().min(1).max(50).optional(),
  /** Set once the choice is recorded, so the confirmation page can show it. */
  confirmed: z.boolean().optional(),
});

export type PensionAnswers = z.infer<typeof answersSchema>;

const cookie = linkFormCookie('pension', 'td_pension', answersSchema);

export function formPath(token: string, step?: string): string {
  return linkFormPath('pension', token, step);
}

export function readAnswers(event: APIGatewayProxyEventV2): PensionAnswers {
  return cookie.read(event) ?? {};
}

export function answersCookie(event: APIGatewayProxyEventV2, token: string, answers: PensionAnswers): string {
  return cookie.write(event, token, answers);
}
