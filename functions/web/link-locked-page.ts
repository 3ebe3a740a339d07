/**
 * The page a form behind a personal link shows when the service refuses the employee number typed: the
 * link locked after too many wrong numbers (423, saying until when), or this client over its limit of wrong
 * numbers across links (429). The same page on every such form (templates/link-locked.njk, extended by
 * each form's `locked.njk`), on every step; nothing is recorded.
 */
import { LinkLockedError, TooManyAttemptsError } from '../domain/errors.ts';
import type { LinkClient } from '../services/contracts.ts';
import { formatTimeOfDay } from './date-formats.ts';
import type { FormRequest } from './form-page.ts';
import type { WebResult } from './page-response.ts';

type AnyFormRequest = FormRequest<unknown, unknown, unknown>;

/** The locked page for a lockout error, or undefined for any other (a formPage's `refuse`). */
export async function lockedPage(
  error: unknown,
  request: Pick<AnyFormRequest, 'render'>,
): Promise<WebResult | undefined> {
  if (!(error instanceof LinkLockedError || error instanceof TooManyAttemptsError)) return undefined;
  return request.render(
    'locked',
    error instanceof LinkLockedError ? { lockedUntil: formatTimeOfDay(error.until) } : {},
    { status: error.status },
  );
}

/** The client's address, only for the service's limit on wrong numbers across links: never logged here. */
export function linkClientOf(request: Pick<AnyFormRequest, 'event'>): LinkClient {
  return { sourceIp: request.event.requestContext.http.sourceIp };
}
