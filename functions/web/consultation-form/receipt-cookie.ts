/**
 * Tells the consultation form's confirmation page (after post/redirect/get) when the response was
 * received (see link-form-cookie.ts). Only the receipt travels in the cookie, never the response: a
 * response of 5,000 characters would not fit in one, and it is personal. The answers themselves go from
 * page to page in the forms.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import type { ConsultationResponseReceipt } from '../../services/contracts.ts';
import { linkFormCookie, linkFormPath } from '../link-form-cookie.ts';

const receiptSchema = z.object({ respondedAt: z.iso.datetime(), changed: z.boolean() });

const cookie = linkFormCookie('consultation', 'td_consultation', receiptSchema);

export function formPath(token: string, step?: string): string {
  return linkFormPath('consultation', token, step);
}

export function readReceipt(event: APIGatewayProxyEventV2): ConsultationResponseReceipt | undefined {
  return cookie.read(event);
}

export function receiptCookie(
  event: APIGatewayProxyEventV2,
  token: string,
  receipt: ConsultationResponseReceipt,
): string {
  return cookie.write(event, token, { respondedAt: receipt.respondedAt, changed: receipt.changed });
}
