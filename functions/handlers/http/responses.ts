/** Builds the answers of the JSON API: JSON, problem+json (RFC 9457) and file downloads. */
import type { FieldError } from '../../domain/errors.ts';
import type { ApiResult } from './api-event.ts';

// Answers carry personal data: no shared cache may keep them.
const privateAnswer = { 'cache-control': 'no-store' };

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...privateAnswer, ...headers },
    body: JSON.stringify(body),
  };
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export function problemResponse(problem: Problem): ApiResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...privateAnswer },
    body: JSON.stringify(problem),
  };
}

/** A CSV download; the file name is reduced to characters that are safe in a header. */
export function csvAttachment(fileName: string, csv: string): ApiResult {
  const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '-');
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${safeName}"`,
      ...privateAnswer,
    },
    body: csv,
  };
}
