/**
 * The two translations API Gateway HTTP APIs (payload format 2.0) make around a Lambda integration: an
 * HTTP request into the event the handler receives, and the handler's result into the HTTP response.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { localAccountId } from './local-aws.ts';
import type { RouteMatch } from './route-table.ts';

export interface IncomingRequest {
  method: string;
  /** The request target as sent: path and query, percent-encoded. */
  url: string;
  /** Node's `rawHeaders`: name, value, name, value… in the order received. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  /** `HTTP/1.1`. */
  protocol: string;
  requestId: string;
  receivedAt: Date;
}

export const localApiId = 'local';

const textualTypes = [
  /^text\//,
  /^application\/json$/,
  /^application\/x-www-form-urlencoded$/,
  /^application\/[a-z0-9.+-]+\+json$/,
  /^application\/xml$/,
];

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether API Gateway passes a body of this content type as text; anything else goes base64-encoded. */
export function isTextualContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType !== undefined && textualTypes.some((pattern) => pattern.test(mediaType));
}

/** Header names lower-cased; repeated headers joined with commas, as API Gateway sends them. */
export function headersOf(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const value = rawHeaders[index + 1] as string;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
}

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
export function requestTimeOf(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** The path and query of a request target, the path decoded as HTTP APIs pass it to a function. */
export function splitTarget(url: string): { encodedPath: string; path: string; rawQueryString: string } {
  const queryAt = url.indexOf('?');
  const encodedPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : url.slice(queryAt + 1);
  const path = encodedPath
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
  return { encodedPath, path, rawQueryString };
}

export function apiGatewayEvent(
  request: IncomingRequest,
  match: RouteMatch<unknown>,
): APIGatewayProxyEventV2 {
  const { path, rawQueryString } = splitTarget(request.url);
  const { cookie, ...headers } = headersOf(request.rawHeaders);
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${request.sourceIp}`
    : request.sourceIp;
  headers['x-forwarded-proto'] = 'http';
  const host = headers.host ?? 'localhost';
  const hostPort = host.match(/:(\d+)$/)?.[1];
  headers['x-forwarded-port'] = hostPort ?? '80';
  const domainName = host.replace(/:\d+$/, '');

  const cookies = (cookie ?? '')
    .split(/;\s*/)
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '');

  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[name] =
      queryStringParameters[name] === undefined ? value : `${queryStringParameters[name]},${value}`;
  }

  // Bytes that are not UTF-8 cannot be passed as text without replacing them: they go base64-encoded, so the
  // handler sees what was sent (and refuses it) rather than U+FFFD.
  const asText = isTextualContentType(headers['content-type']) && isUtf8(request.body);
  const hasBody = request.body.length > 0;
  const method = request.method === 'HEAD' ? 'GET' : request.method;

  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: path,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    requestContext: {
      accountId: localAccountId,
      apiId: localApiId,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method,
        path,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: requestTimeOf(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    ...(hasBody ? { body: asText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !asText,
  };
}

export interface OutgoingResponse {
  statusCode: number;
  /** Lower-case names; `set-cookie` may repeat. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export class InvalidFunctionResultError extends Error {
  override name = 'InvalidFunctionResultError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * API Gateway's reading of a payload 2.0 result: an object with `statusCode` is a response; anything else
 * (a string, an object without `statusCode`) is a 200 JSON body. A malformed response is a 500.
 */
export function httpResponseOf(result: unknown): OutgoingResponse {
  if (!isRecord(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? '');
    return {
      statusCode: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(body, 'utf8'),
    };
  }
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = result;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    throw new InvalidFunctionResultError('The function answered a statusCode that is not an HTTP status');
  }
  if (!isRecord(headers) || !Array.isArray(cookies) || (body !== undefined && typeof body !== 'string')) {
    throw new InvalidFunctionResultError('The function answered malformed headers, cookies or body');
  }
  const outgoing: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new InvalidFunctionResultError(`The function answered a header ${name} that is not a string`);
    }
    outgoing.push([name.toLowerCase(), String(value)]);
  }
  for (const cookie of cookies) {
    if (typeof cookie !== 'string') {
      throw new InvalidFunctionResultError('The function answered a cookie that is not a string');
    }
    outgoing.push(['set-cookie', cookie]);
  }
  const text = body ?? '';
  return {
    statusCode,
    headers: outgoing,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}
