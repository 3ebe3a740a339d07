/**
 * A short-lived cookie a form behind a personal link keeps between its pages (post/redirect/get), scoped to
 * that link's path. Nothing in it is trusted: what it holds is checked against `schema` when read, and the
 * final submission carries every answer in its own body, so the cookie needs no signature.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { cameOverHttps, readCookies, serialiseCookie } from './cookies.ts';

const lifetimeSeconds = 60 * 60;

/** `/forms/{flow}/{token}` and its steps. */
export function linkFormPath(flow: string, token: string, step?: string): string {
  return `/forms/${flow}/${encodeURIComponent(token)}${step === undefined ? '' : `/${step}`}`;
}

export function linkFormCookie<Schema extends z.ZodType>(flow: string, cookieName: string, schema: Schema) {
  return {
    /** What the cookie holds, or undefined when it is absent or not what this form wrote. */
    read(event: APIGatewayProxyEventV2): z.output<Schema> | undefined {
      const value = readCookies(event).get(cookieName);
      if (value === undefined) return undefined;
      try {
        const parsed = schema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },

    /** The Set-Cookie value holding `content` for this link's pages. */
    write(event: APIGatewayProxyEventV2, token: string, content: z.input<Schema>): string {
      const value = Buffer.from(JSON.stringify(content), 'utf8').toString('base64url');
      return serialiseCookie(cookieName, value, {
        path: linkFormPath(flow, token),
        maxAgeSeconds: lifetimeSeconds,
        secure: cameOverHttps(event),
      });
    },
  };
}
