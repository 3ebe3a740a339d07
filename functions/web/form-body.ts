/**
 * Parses HTML form posts: `application/x-www-form-urlencoded` always, `multipart/form-data` only where a
 * page takes a file. Anything else is refused with 415 before a handler sees it.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import httpMultipartBodyParser from '@middy/http-multipart-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { UnsupportedMediaTypeError } from '../domain/errors.ts';
import { assertPercentEncodedUtf8, utf8TextOf } from '../domain/utf8-text.ts';
import * as z from '../zod.ts';

const urlencodedPattern = /^application\/x-www-form-urlencoded(;.*)?$/i;
const multipartPattern = /^multipart\/form-data;/i;

/** A roster of 5,000 rows is well under 2 MB; API Gateway stops at 10 MB and Lambda at 6 MB anyway. */
export const maximumUploadBytes = 5 * 1024 * 1024;

export interface FormBodyOptions {
  /** Whether this page takes a file (multipart/form-data). */
  multipart?: boolean;
}

// The middy parsers declare their own event type (body already parsed); they read and replace
// `event.body` of the same API Gateway event, so handing them our request is sound.
type ParserRequest = Parameters<NonNullable<ReturnType<typeof httpUrlencodeBodyParser>['before']>>[0];

export function formBodyParser(options: FormBodyOptions = {}): MiddlewareObj<APIGatewayProxyEventV2> {
  const urlencoded = httpUrlencodeBodyParser();
  const multipart = httpMultipartBodyParser({
    busboy: { limits: { files: 1, fileSize: maximumUploadBytes } },
  });

  const formBodyParserBefore = async (request: Request<APIGatewayProxyEventV2>): Promise<void> => {
    const { event } = request;
    if (event.requestContext.http.method !== 'POST') return;
    const contentType = event.headers['content-type'] ?? '';
    if (urlencodedPattern.test(contentType)) {
      if (event.body === undefined) event.body = '';
      if (event.isBase64Encoded) {
        event.body = utf8TextOf(Buffer.from(event.body, 'base64'), 'The form');
        event.isBase64Encoded = false;
      }
      assertPercentEncodedUtf8(event.body);
      await urlencoded.before?.(request as unknown as ParserRequest);
      return;
    }
    if (multipartPattern.test(contentType) && options.multipart === true) {
      await multipart.before?.(request as unknown as ParserRequest);
      return;
    }
    throw new UnsupportedMediaTypeError('Forms must be sent as application/x-www-form-urlencoded');
  };

  return { before: formBodyParserBefore };
}

export interface UploadedFile {
  filename: string;
  mimetype: string;
  content: Buffer;
}

export type FormFields = Record<string, string | UploadedFile>;

/** The parsed form of a POST (an empty form for anything else): field values as strings, files as files. */
export function formFieldsOf(event: APIGatewayProxyEventV2): FormFields {
  const body: unknown = event.body;
  const fields: FormFields = {};
  if (body === null || typeof body !== 'object') return fields;
  for (const [name, value] of Object.entries(body)) {
    // A field sent twice keeps its first value: no form here has repeated fields.
    const single: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof single === 'string') fields[name] = single;
    else if (isUploadedFile(single)) fields[name] = single;
  }
  return fields;
}

function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    'content' in value &&
    Buffer.isBuffer(value.content) &&
    'filename' in value &&
    typeof value.filename === 'string'
  );
}

/** A text field's value, trimmed; '' when absent or a file. */
export function textField(fields: FormFields, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A textarea's value with its line breaks kept as `\n` (textField would only trim it). */
export function multilineField(fields: FormFields, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value.replaceAll('\r\n', '\n').trim() : '';
}

/** An optional text box's rule: left empty, the field is not sent at all; otherwise `field` checks it. */
export const unlessEmpty = <T extends z.ZodMiniType>(field: T) =>
  z.union([
    z.pipe(
      z.literal(''),
      z.transform(() => undefined),
    ),
    field,
  ]);
