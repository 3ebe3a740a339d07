/**
 * `Idempotency-Key` on the POST routes that create or record (DESIGN §6), with Powertools' middy middleware
 * on the one table. The same key with the same route, path and body gives the first answer again (status,
 * headers and body) without running the handler; with another route, path or body it is a 422; while the
 * first request is still running, a 409. Only 2xx answers are kept, so a retry after an error runs again.
 * No key: the request runs as it always did.
 *
 * Runs after the sign-in (the key is scoped to the caller) and the body parser (the parsed body is hashed,
 * so spacing and key order do not count; headers never are).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj, Request } from '@middy/core';
import { type IdempotencyStoreAccess, idempotencyStoreFor } from '../../adapters/idempotency-store.ts';
import {
  IdempotencyKeyReusedError,
  IdempotentRequestInProgressError,
  MalformedRequestError,
} from '../../domain/errors.ts';
import { logger as defaultLogger } from '../../observability.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';
import { actorOf } from './require-role.ts';

export const idempotencyKeyHeader = 'idempotency-key';
/** Added to a repeated answer, so a client can tell it was not run again. */
export const idempotentReplayedHeader = 'idempotent-replayed';
/** How long a key is remembered: a day covers any client's retries. */
export const idempotencyKeySeconds = 24 * 60 * 60;

// Printable ASCII without spaces, as the IETF Idempotency-Key draft's examples (UUIDs, ULIDs) use.
const validKey = /^[\x21-\x7E]{1,255}$/;

/** An answer as stored: the body gzipped, so a large batch's answer stays far below DynamoDB's 400 KB item. */
interface StoredAnswer {
  statusCode: number;
  headers: Record<string, string>;
  gzippedBody: string;
}

function storedAnswerOf(result: ApiResult): StoredAnswer {
  const body = typeof result.body === 'string' ? result.body : '';
  return {
    statusCode: result.statusCode,
    headers: result.headers,
    gzippedBody: gzipSync(body).toString('base64'),
  };
}

function answerOf(stored: StoredAnswer): ApiResult {
  return {
    statusCode: stored.statusCode,
    headers: { ...stored.headers, [idempotentReplayedHeader]: 'true' },
    body: gunzipSync(Buffer.from(stored.gzippedBody, 'base64')).toString('utf8'),
  };
}

const isSuccess = (result: ApiResult | null | undefined) =>
  result != null && result.statusCode >= 200 && result.statusCode < 300;

function keyOf(event: ApiEvent): string | undefined {
  const key = event.headers?.[idempotencyKeyHeader];
  if (key === undefined) return undefined;
  if (!validKey.test(key)) {
    throw new MalformedRequestError(
      'The Idempotency-Key header must be 1 to 255 visible ASCII characters, like a UUID',
    );
  }
  return key;
}

function domainErrorOf(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'IdempotencyValidationError') {
    return new IdempotencyKeyReusedError(
      'This Idempotency-Key was already used for a different request: send a new key for a new request',
      {
        cause: error,
        errors: [{ path: 'Idempotency-Key', message: 'Use a new key for a different request' }],
      },
    );
  }
  if (error.name === 'IdempotencyAlreadyInProgressError') {
    return new IdempotentRequestInProgressError(
      'A request with this Idempotency-Key is still being answered: try again shortly',
      { cause: error },
    );
  }
  return error;
}

type IdempotencyMiddleware = ReturnType<typeof makeHandlerIdempotent>;

export function idempotencyKey(
  options: { store?: IdempotencyStoreAccess; logger?: Pick<Logger, 'error'> } = {},
): MiddlewareObj<ApiEvent, ApiResult> {
  const logger = options.logger ?? defaultLogger;
  // Per request: the Powertools middleware of a request that holds its key (so only it may release it).
  const holding = new WeakMap<Request<ApiEvent, ApiResult>, IdempotencyMiddleware>();

  const idempotencyKeyBefore = async (
    request: Request<ApiEvent, ApiResult>,
  ): Promise<ApiResult | undefined> => {
    const { event } = request;
    if (event.requestContext?.http?.method !== 'POST' || keyOf(event) === undefined) return undefined;
    const config = new IdempotencyConfig({
      eventKeyJmesPath: `headers."${idempotencyKeyHeader}"`,
      // What must match for the key to be the same request; volatile headers (tokens, dates) are left out.
      payloadValidationJmesPath: '[routeKey, pathParameters, body]',
      expiresAfterSeconds: idempotencyKeySeconds,
      hashFunction: 'sha256',
      responseHook: (stored) => answerOf(stored as unknown as StoredAnswer) as never,
    });
    const powertools = makeHandlerIdempotent({
      persistenceStore: idempotencyStoreFor(actorOf(request.context).id, options.store),
      config,
      keyPrefix: event.routeKey,
    });
    let replayed: unknown;
    try {
      replayed = await (powertools.before as (request: unknown) => Promise<unknown>)(request);
    } catch (error) {
      throw domainErrorOf(error);
    }
    if (replayed !== undefined) return replayed as ApiResult;
    holding.set(request, powertools);
    return undefined;
  };

  const idempotencyKeyAfter = async (request: Request<ApiEvent, ApiResult>): Promise<void> => {
    const powertools = holding.get(request);
    if (powertools === undefined) return;
    holding.delete(request);
    const answer = request.response;
    if (!isSuccess(answer)) {
      await (powertools.onError as (request: unknown) => Promise<void>)(request);
      return;
    }
    // Powertools stores what the request's response is when its `after` runs: the packed answer, briefly.
    request.response = storedAnswerOf(answer as ApiResult) as never;
    try {
      await (powertools.after as (request: unknown) => Promise<void>)(request);
    } catch (error) {
      // The work is done and answered; the key stays held until its in-progress expiry, then frees itself.
      logger.error('The answer of an idempotent request could not be kept', {
        error: error instanceof Error ? error.name : typeof error,
        routeKey: request.event.routeKey,
      });
    } finally {
      request.response = answer as ApiResult;
    }
  };

  const idempotencyKeyOnError = async (request: Request<ApiEvent, ApiResult>): Promise<void> => {
    const powertools = holding.get(request);
    if (powertools === undefined) return;
    holding.delete(request);
    // Releases the key, so a retry after the failure runs again; the original error is still answered.
    await (powertools.onError as (request: unknown) => Promise<void>)(request).catch(() => undefined);
  };

  return { before: idempotencyKeyBefore, after: idempotencyKeyAfter, onError: idempotencyKeyOnError };
}
