/**
 * Authentication and authorisation before anything else reads the request: 401 without a valid token or
 * session, 403 without one of the roles. The signed-in actor is kept on the Lambda context for the handler.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  authenticate,
  type Role,
  requireRole as requireActorRole,
  type VerifyToken,
} from '../../adapters/auth.ts';
import type { Actor } from '../../services/contracts.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';

type ContextWithActor = Context & { actor?: Actor };

export function requireRole(
  roles: readonly Role[],
  options: { verifyToken?: VerifyToken } = {},
): MiddlewareObj<ApiEvent, ApiResult> {
  const requireRoleBefore = async (request: Request<ApiEvent, ApiResult>): Promise<void> => {
    const actor = await authenticate(request.event, options.verifyToken);
    requireActorRole(actor, ...roles);
    (request.context as ContextWithActor).actor = actor;
  };

  return { before: requireRoleBefore };
}

/** The actor `requireRole` signed in; asking for it on a route without that middleware is a programming error. */
export function actorOf(context: Context): Actor {
  const { actor } = context as ContextWithActor;
  if (actor === undefined) {
    throw new Error('No signed-in actor on this request: the handler is missing the requireRole middleware');
  }
  return actor;
}
