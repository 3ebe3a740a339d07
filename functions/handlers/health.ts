/**
 * `GET /health`: public; 200 when the table, the workflow engine and email all answer, 503 with
 * Retry-After when one does not, naming each dependency's state (never why: that is for the logs).
 */
import middy from '@middy/core';
import {
  checkDependencies,
  type DependencyCheck,
  type DependencyName,
  dependencyChecks,
} from '../adapters/dependency-checks.ts';
import type { ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { jsonResponse } from './http/responses.ts';

export const healthRetryAfterSeconds = 10;

export function createHandler(checks: Record<DependencyName, DependencyCheck> = dependencyChecks()) {
  return middy(async (): Promise<ApiResult> => {
    const dependencies = await checkDependencies(checks);
    const healthy = Object.values(dependencies).every((status) => status === 'ok');
    return healthy
      ? jsonResponse(200, { status: 'ok', dependencies })
      : jsonResponse(
          503,
          { status: 'unavailable', dependencies },
          { 'retry-after': String(healthRetryAfterSeconds) },
        );
  }).use(jsonApi({ access: 'public' }));
}

export const handler = createHandler();
