import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  MalformedRequestError,
  TransferNotFoundError,
} from '../../../functions/domain/errors.ts';
import { problemPageFor } from '../../../functions/web/error-pages.ts';

/** The errors middy's body parsers throw: an Error with the HTTP status in `statusCode`. */
const middyError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

describe('Function: problemPageFor', () => {
  it.each([
    [new TransferNotFoundError('No transfer abc'), 404, 'Page not found'],
    [new ForbiddenError('Only HR'), 403, 'You do not have access to this page'],
    [new ConflictError('The transfer is launched'), 409, 'This cannot be done now'],
    [
      new MalformedRequestError('The page cursor is not one this service gave'),
      400,
      'There is a problem with this request',
    ],
    [middyError(413, 'Request Entity Too Large'), 413, 'The file is too large'],
    [middyError(415, 'Unsupported Media Type'), 415, 'This form could not be read'],
    [
      middyError(422, 'Invalid or malformed multipart/form-data was provided'),
      422,
      'This form could not be read',
    ],
  ])('maps %s to %i "%s"', (error, status, title) => {
    expect(problemPageFor(error)).toMatchObject({ status, title });
  });

  it('says only that something went wrong when the error is not a client error', () => {
    // Act
    const page = problemPageFor(new Error('connect ECONNREFUSED 10.0.0.7:443 while saving E1001'));

    // Assess
    expect(page).toEqual({
      status: 500,
      title: 'Sorry, there is a problem with the service',
      paragraphs: ['Try again later.'],
    });
  });
});
