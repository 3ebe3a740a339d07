/**
 * Whether each service the app depends on answers: the table, the workflow engine and email. A service
 * that answers at all (even "not found" or "access denied") is up; one that does not answer in time, drops
 * the connection, throttles or fails on its side is down.
 */
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { defaultDocumentClient, defaultTableName } from './dynamodb.ts';

export type DependencyName = 'dynamodb' | 'stepFunctions' | 'ses';
export type DependencyStatus = 'ok' | 'down';
export type DependencyCheck = (abortSignal: AbortSignal) => Promise<unknown>;

/** Each check gets this long; the health answer must come well inside the function's 3 s timeout. */
export const dependencyCheckTimeoutMs = 1_500;

const defaultSfnClient = new SFNClient({ maxAttempts: 1 });
const defaultSesClient = new SESv2Client({ maxAttempts: 1 });

interface AnsweredError {
  $metadata?: { httpStatusCode?: number };
}

/** A 4xx from the service itself (other than throttling) is an answer: the service is there. */
function serviceAnswered(error: unknown): boolean {
  const status = (error as AnsweredError | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

export interface DependencyClients {
  dynamodb?: typeof defaultDocumentClient;
  tableName?: () => string;
  stepFunctions?: SFNClient;
  ses?: SESv2Client;
}

export function dependencyChecks({
  dynamodb = defaultDocumentClient,
  tableName = defaultTableName,
  stepFunctions = defaultSfnClient,
  ses = defaultSesClient,
}: DependencyClients = {}): Record<DependencyName, DependencyCheck> {
  return {
    dynamodb: (abortSignal) =>
      dynamodb.send(new GetCommand({ TableName: tableName(), Key: { pk: 'HEALTH', sk: 'HEALTH' } }), {
        abortSignal,
      }),
    stepFunctions: (abortSignal) =>
      stepFunctions.send(new ListStateMachinesCommand({ maxResults: 1 }), { abortSignal }),
    ses: (abortSignal) => ses.send(new GetAccountCommand({}), { abortSignal }),
  };
}

/** Runs every check at once, each with its own deadline. */
export async function checkDependencies(
  checks: Record<DependencyName, DependencyCheck>,
  timeoutMs = dependencyCheckTimeoutMs,
): Promise<Record<DependencyName, DependencyStatus>> {
  const entries = await Promise.all(
    (Object.entries(checks) as Array<[DependencyName, DependencyCheck]>).map(async ([name, check]) => {
      try {
        await check(AbortSignal.timeout(timeoutMs));
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, serviceAnswered(error) ? 'ok' : 'down'] as const;
      }
    }),
  );
  return Object.fromEntries(entries) as Record<DependencyName, DependencyStatus>;
}
