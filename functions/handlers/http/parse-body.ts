/**
 * Reads a request body only when it comes with a content type the route accepts (415 otherwise): JSON is
 * parsed (400 when it cannot be), CSV is passed on as text. A base64 body (API Gateway's encoding for
 * content it treats as binary) is decoded first; a body that is not UTF-8 is a 400, never replaced and stored.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import { MalformedRequestError, UnsupportedMediaTypeError, ValidationError } from '../../domain/errors.ts';
import { assertNoReplacedBytes, utf8TextOf } from '../../domain/utf8-text.ts';
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
  if (event.isBase64Encoded) return utf8TextOf(Buffer.from(event.body, 'base64'));
  assertNoReplacedBytes(event.body);
  return event.body;
}

/**
 * The paths of `__proto__` keys in parsed JSON. JSON.parse keeps one as an own property, but any later copy
 * by assignment (a zod record, a spread into a class) turns it into the prototype and it vanishes, where
 * every other unknown field gets a 422: so it is refused here, once, for every route.
 */
function prototypeKeyPaths(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value))
    return value.flatMap((item, index) => prototypeKeyPaths(item, `${path}[${index}]`));
  return Object.keys(value).flatMap((key) => {
    const keyPath = path ? `${path}.${key}` : key;
    return key === '__proto__'
      ? [keyPath]
      : prototypeKeyPaths((value as Record<string, unknown>)[key], keyPath);
  });
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
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new MalformedRequestError('The body is not valid JSON', { cause: error });
      }
      const prototypeKeys = prototypeKeyPaths(parsed);
      if (prototypeKeys.length > 0) {
        throw new ValidationError('The request has unknown fields', {
          errors: prototypeKeys.map((path) => ({ path, message: 'Unknown field: __proto__' })),
        });
      }
      event.body = parsed;
    } else {
      event.body = text;
    }
    event.isBase64Encoded = false;
  };

  return { before: parseBodyBefore };
}
