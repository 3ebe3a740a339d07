/**
 * Refuses a path parameter that cannot name anything (see functions/domain/path-parameters.ts) with a 404
 * before the handler reads the store: the JSON API, the forms and the pages all use this one check.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundError } from '../../domain/errors.ts';
import { isValidPathParameter } from '../../domain/path-parameters.ts';

export function validPathParameters<
  Event extends Pick<APIGatewayProxyEventV2, 'pathParameters'>,
  Result,
>(): MiddlewareObj<Event, Result> {
  const validPathParametersBefore = (request: Request<Event, Result>): void => {
    for (const [name, value] of Object.entries(request.event.pathParameters ?? {})) {
      if (value !== undefined && !isValidPathParameter(name, value)) {
        // The value is not echoed: it may be long, or a tampered personal link.
        throw new NotFoundError(`Nothing was found at this address: its ${name} is not one of ours`);
      }
    }
  };
  return { before: validPathParametersBefore };
}
