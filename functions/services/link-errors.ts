/** How a personal link's lookups fail: only what does not exist is "not recognised". */
import { InvalidLinkError, NotFoundError } from '../domain/errors.ts';

/**
 * A link to a transfer, person or consultation that does not exist is not recognised; any other error
 * (the table not answering, throttling) goes on as it is, to be answered "try again shortly".
 */
export function notRecognisedWhenMissing(error: unknown): never {
  if (error instanceof NotFoundError)
    throw new InvalidLinkError('This link is not recognised', { cause: error });
  throw error;
}
