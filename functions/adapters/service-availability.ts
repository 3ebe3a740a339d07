/**
 * Tells an outage of a service we depend on (DynamoDB, Step Functions, SES, Secrets Manager) from every
 * other error, so it is answered 503 "try again shortly" rather than as the user's fault or a bug.
 */
import { ServiceUnavailableError } from '../domain/errors.ts';

/** Node's network error codes that mean the service could not be reached or dropped the connection. */
const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** Names the SDK gives to requests that never got an answer. */
const noAnswerNames = new Set(['TimeoutError', 'RequestTimeout', 'AbortError']);

/** Throttling answers: the service is there but refuses work for now. */
const throttlingNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'Throttling',
]);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
}

function isOutage(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const shape = error as SdkErrorShape;
  if (typeof shape.code === 'string' && networkErrorCodes.has(shape.code)) return true;
  if (typeof shape.name === 'string' && (noAnswerNames.has(shape.name) || throttlingNames.has(shape.name))) {
    return true;
  }
  // An SDK error with a server-side fault (5xx) that is not about the request.
  if (shape.$fault === 'server' && shape.$metadata !== undefined) return true;
  return isOutage(shape.cause, depth + 1);
}

/** A ServiceUnavailableError for an outage (keeping it as the cause), or undefined for any other error. */
export function serviceUnavailableFrom(error: unknown): ServiceUnavailableError | undefined {
  if (error instanceof ServiceUnavailableError) return error;
  if (!isOutage(error, 0)) return undefined;
  return new ServiceUnavailableError('The service is busy or unavailable. Try again shortly.', {
    cause: error,
  });
}
