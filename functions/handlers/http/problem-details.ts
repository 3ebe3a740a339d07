/**
 * Maps every error once to problem+json (RFC 9457). A domain error is the client's to read; a zod error is
 * a 422 with a path per issue; an outage of a service we depend on is a 503 with Retry-After; anything
 * else is our fault: a generic 500 that says nothing of the cause, logged without the event (bodies and
 * headers hold personal data and credentials).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj, Request } from '@middy/core';
import { serviceUnavailableFrom } from '../../adapters/service-availability.ts';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import { fieldErrorsOf } from '../../domain/input-fields.ts';
import { logger as defaultLogger } from '../../observability.ts';
import * as z from '../../zod.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';
import { type Problem, problemResponse } from './responses.ts';

export type ErrorLogger = Pick<Logger, 'error'>;

/** Stable, non-resolvable problem type URIs (RFC 4151 tag URIs), one per error name. */
function problemTypeOf(errorName: string): string {
  const kebab = errorName
    .replace(/Error$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  return `tag:transfer-desk,2025:problem:${kebab}`;
}

const internalProblem: Problem = {
  type: 'about:blank',
  title: 'Internal Server Error',
  status: 500,
  detail: 'Something went wrong on our side. Try again later.',
};

function validationErrorFrom(error: z.ZodError): ValidationError {
  const count = error.issues.length;
  return new ValidationError(`The request has ${count} ${count === 1 ? 'error' : 'errors'}`, {
    cause: error,
    errors: fieldErrorsOf(error),
  });
}

/** The problem a client sees for an error, or undefined when it must become a generic 500. */
export function problemFor(error: unknown): Problem | undefined {
  const domainError =
    error instanceof z.ZodError ? validationErrorFrom(error) : (serviceUnavailableFrom(error) ?? error);
  if (!(domainError instanceof DomainError)) return undefined;
  return {
    type: problemTypeOf(domainError.name),
    title: domainError.title,
    status: domainError.status,
    detail: domainError.message,
    ...(domainError.errors === undefined ? {} : { errors: domainError.errors }),
  };
}

/** What is safe to log of an error: name, message and stack of it and its causes, no attached data. */
function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: typeof error };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause === undefined ? {} : { cause: loggableError(error.cause) }),
  };
}

export function problemDetails(options: { logger?: ErrorLogger } = {}): MiddlewareObj<ApiEvent, ApiResult> {
  const logger = options.logger ?? defaultLogger;

  const problemDetailsOnError = (request: Request<ApiEvent, ApiResult>): void => {
    const problem = problemFor(request.error);
    const unavailable = serviceUnavailableFrom(request.error);
    if (problem === undefined || unavailable !== undefined) {
      logger.error('The request failed unexpectedly', {
        error: loggableError(request.error),
        routeKey: request.event.routeKey,
        requestId: request.event.requestContext?.requestId,
      });
    }
    const response = problemResponse(problem ?? internalProblem);
    if (unavailable)
      response.headers = { ...response.headers, 'retry-after': String(unavailable.retryAfterSeconds) };
    request.response = response;
  };

  return { onError: problemDetailsOnError };
}
