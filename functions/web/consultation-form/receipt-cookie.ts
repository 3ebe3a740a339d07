/**
 * Tells the consultation form's confirmation page (after post/redirect/get) when the response was
 * received. Only the receipt travels in the cookie, never the response: a response of 5,000 characters
 * would not fit in one, and it is personal. The answers themselves go from page to page in the forms.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import type { ConsultationResponseReceipt } from '../../services/contracts.ts';
import { cameOverHttps, readCookies, serialiseCookie } from '../cookies.ts';

const cookieName = 'td_consultation';
const lifetimeSeconds = 60 * 60;

const receiptSchema = z.object({ respondedAt: z.iso.datetime(), changed: z.boolean() });

export function formPath(token: string, step?: string): string {
  return `/forms/consultation/${encodeURIComponent(token)}${step === undefined ? '' : `/${step}`}`;
}

export function readReceipt(event: APIGatewayProxyEventV2): ConsultationResponseReceipt | undefined {
  const value = readCookies(event).get(cookieName);
  if (value === undefined) return undefined;
  try {
    const parsed = receiptSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function receiptCookie(
  event: APIGatewayProxyEventV2,
  token: string,
  receipt: ConsultationResponseReceipt,
): string {
  const value = Buffer.from(
    JSON.stringify({ respondedAt: receipt.respondedAt, changed: receipt.changed }),
    'utf8',
  ).toString('base64url');
  return serialiseCookie(cookieName, value, {
    path: formPath(token),
    maxAgeSeconds: lifetimeSeconds,
    secure: cameOverHttps(event),
  });
}
