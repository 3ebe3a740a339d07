/**
 * Maps an error to an HTML page, once for every page handler (as middy's http-error-handler does for
 * JSON): a client error says what went wrong in plain words; anything else is a generic 500 and is
 * logged by name only, never with the request (it may hold tokens or personal data).
 */

import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  ConflictError,
  CsrfError,
  DomainError,
  ExpiredLinkError,
  ForbiddenError,
  InvalidLinkError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  ReplacedLinkError,
  ServiceUnavailableError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from '../domain/errors.ts';
import { logger } from '../observability.ts';
import { pageResponse, type WebResult } from './page-response.ts';

export interface ProblemPage {
  status: number;
  title: string;
  paragraphs: string[];
  link?: { href: string; text: string };
  /** Sent as Retry-After: the page asks to try again after this many seconds. */
  retryAfterSeconds?: number;
}

export function problemPageResponse(problem: ProblemPage): WebResult {
  const response = pageResponse(
    'problem.njk',
    { pageTitle: problem.title, paragraphs: problem.paragraphs, link: problem.link },
    { status: problem.status },
  );
  if (problem.retryAfterSeconds !== undefined) {
    response.headers = { ...response.headers, 'retry-after': String(problem.retryAfterSeconds) };
  }
  return response;
}

export const pageNotFound: ProblemPage = {
  status: 404,
  title: 'Page not found',
  paragraphs: [
    'If you typed the web address, check it is correct.',
    'If you pasted the web address, check you copied the entire address.',
  ],
};

/** middy's parsers throw errors with a `statusCode` (415, 413, 422) rather than our domain errors. */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/** The page for `error`; an outage reaches here as a ServiceUnavailableError (see htmlErrorPages). */
export function problemPageFor(error: unknown): ProblemPage {
  // First: an outage must never read as the person's mistake ("not recognised", "expired").
  if (error instanceof ServiceUnavailableError) {
    return {
      status: 503,
      title: 'Sorry, the service is unavailable',
      paragraphs: [
        'Nothing is wrong with your link or your answers. Try again shortly.',
        'Anything you already submitted and saw confirmed has been saved.',
      ],
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof CsrfError) {
    return {
      status: 403,
      title: 'This form has expired',
      paragraphs: ['Go back and try again. Nothing you entered on that page has been saved.'],
    };
  }
  if (error instanceof ReplacedLinkError) {
    return {
      status: 404,
      title: 'This link has been replaced by a newer one',
      paragraphs: ['Your HR team has sent you a new link. Use the link in your latest email.'],
    };
  }
  if (error instanceof InvalidLinkError) {
    return {
      status: 404,
      title: 'This link is not recognised',
      paragraphs: [
        'Check that you used the whole link from your email.',
        'If it still does not work, contact your HR team and ask for a new link.',
      ],
    };
  }
  if (error instanceof ExpiredLinkError) {
    return {
      status: 410,
      title: 'This link has expired',
      paragraphs: ['Contact your HR team if you need to make a change.'],
    };
  }
  const status = error instanceof DomainError ? error.status : httpStatusOf(error);
  if (error instanceof UnsupportedMediaTypeError || status === 415) {
    return { status: 415, title: 'This form could not be read', paragraphs: ['Go back and try again.'] };
  }
  if (error instanceof PayloadTooLargeError || status === 413) {
    return {
      status: 413,
      title: 'The file is too large',
      paragraphs: ['The file must be smaller than 5 MB. Go back and choose a smaller file.'],
    };
  }
  if (error instanceof MalformedRequestError) {
    return { status: 400, title: 'There is a problem with this request', paragraphs: [error.message] };
  }
  if (status === 400 || status === 422) {
    return { status, title: 'This form could not be read', paragraphs: ['Go back and try again.'] };
  }
  if (error instanceof UnauthenticatedError) {
    return {
      status: 401,
      title: 'Sign in to continue',
      paragraphs: [],
      link: { href: '/sign-in', text: 'Sign in' },
    };
  }
  if (error instanceof ForbiddenError) {
    return {
      status: 403,
      title: 'You do not have access to this page',
      paragraphs: ['Ask your HR team if you think you should have access.'],
    };
  }
  if (error instanceof NotFoundError) return pageNotFound;
  if (error instanceof ConflictError) {
    return { status: 409, title: 'This cannot be done now', paragraphs: [error.message] };
  }
  if (error instanceof DomainError && error.status < 500) {
    return { status: error.status, title: 'There is a problem', paragraphs: [error.message] };
  }
  return {
    status: 500,
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later.'],
  };
}

/**
 * The onError middleware every HTML handler uses. `outageOf` tells an outage of a service we depend on
 * from other errors (the handler passes the adapters' classifier: pages do not know the AWS SDK).
 */
export function htmlErrorPages(
  outageOf: (error: unknown) => ServiceUnavailableError | undefined,
): MiddlewareObj<APIGatewayProxyEventV2> {
  const htmlErrorPagesOnError = (request: Request<APIGatewayProxyEventV2>): void => {
    const problem = problemPageFor(outageOf(request.error) ?? request.error);
    const errorName = request.error instanceof Error ? request.error.name : typeof request.error;
    // The route template, never the path: a path can hold a personal link's token.
    const route = request.event.routeKey;
    if (problem.status >= 500) {
      logger.error('Page failed', {
        route,
        errorName,
        errorMessage: request.error instanceof Error ? request.error.message : undefined,
      });
    } else {
      logger.info('Page refused', { route, status: problem.status, errorName });
    }
    request.response = problemPageResponse(problem);
  };
  return { onError: htmlErrorPagesOnError };
}
