/**
 * Reads a request body only when it comes with a content type the route accepts (415 otherwise): JSON is
 * parsed (400 when it cannot be), CSV is passed on as text. A base64 body (API Gateway's encoding for
 * content it treats as binary) is decoded first.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import { MalformedRequestError, UnsupportedMediaTypeError } from '../../domain/errors.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';

export type BodyMediaType = 'application/json' | 'text/csv';

/** The media type of the request body, parameters dropped; `+json` types count as JSON. */
export function mediaTypeOf(headers: ApiEvent['headers']): string | undefined {
  const contentType = Object.entries(headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'content-type',
  )?.[1];
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === undefined || mediaType === '') return undefined;
  return /^application\/[a-z0-9.-]+\+json$/.test(mediaType) ? 'application/json' : mediaType;
}

function bodyText(event: ApiEvent): string {
  if (typeof event.body !== 'string' || event.body.trim() === '') {
    throw new MalformedRequestError('The request has no body');
  }
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function parseBody(options: { accept: readonly BodyMediaType[] }): MiddlewareObj<ApiEvent, ApiResult> {
  const accepted: readonly string[] = options.accept;

  const parseBodyBefore = (request: Request<ApiEvent, ApiResult>): void => {
    const { event } = request;
    const mediaType = mediaTypeOf(event.headers);
    if (mediaType === undefined || !accepted.includes(mediaType)) {
      throw new UnsupportedMediaTypeError(
        `Send the body as ${accepted.join(' or ')}${mediaType === undefined ? '' : `, not ${mediaType}`}`,
      );
    }
    const text = bodyText(event);
    if (mediaType === 'application/json') {
      try {
        event.body = JSON.parse(text);
      } catch (error) {
        throw new MalformedRequestError('The body is not valid JSON', { cause: error });
      }
    } else {
      event.body = text;
    }
    event.isBase64Encoded = false;
  };

  return { before: parseBodyBefore };
}
