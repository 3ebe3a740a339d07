/**
 * Runs catalog functions in this process the way Lambda runs them: the entry module is imported once (a
 * cold start) and its `handler(event, context)` called with a JSON copy of the event, a Lambda context and
 * the function's timeout. Modules are imported only when first invoked, after the stack has set the
 * environment their SDK clients read.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../functions/catalog.ts';
import { localFunctionArn } from './local-aws.ts';

/** A failure of the Lambda service rather than of the function (`Lambda.ResourceNotFoundException`). */
export class LambdaServiceError extends Error {
  constructor(name: `Lambda.${string}`, message: string) {
    super(message);
    this.name = name;
  }
}

/** The error Lambda reports when a function runs past its timeout. */
export class FunctionTimeoutError extends Error {
  override name = 'Sandbox.Timedout';
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type InvokeFunction = (functionName: string, event: unknown) => Promise<JsonValue>;

type Handler = (event: unknown, context: Context) => unknown;

/** `my-fn`, `arn:aws:lambda:…:function:my-fn` or `…:function:my-fn:$LATEST` → `my-fn`. */
export function functionNameOf(nameOrArn: string): string {
  const parts = nameOrArn.split(':');
  const functionIndex = parts.indexOf('function');
  if (functionIndex >= 0) return parts[functionIndex + 1] ?? '';
  return nameOrArn;
}

/** JSON in and out, as across the Lambda API: no shared objects, no `undefined`, no class instances. */
export function asJson(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

function lambdaContext(spec: FunctionSpec, deadline: number): Context {
  const unsupported = (what: string) => () => {
    throw new Error(`context.${what}() is not supported: return a value or a promise from the handler`);
  };
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(spec.name),
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}

export interface CatalogInvokerOptions {
  functions: readonly FunctionSpec[];
  /** Where catalog entry paths start. */
  repositoryRoot: string;
  /** Scales every function timeout (tests may shorten them); 1 by default. */
  timeoutScale?: number;
}

export function catalogInvoker({
  functions,
  repositoryRoot,
  timeoutScale = 1,
}: CatalogInvokerOptions): InvokeFunction {
  const byName = new Map(functions.map((spec) => [spec.name, spec]));
  const handlers = new Map<string, Promise<Handler>>();

  const handlerOf = (spec: FunctionSpec): Promise<Handler> => {
    let loading = handlers.get(spec.name);
    if (!loading) {
      loading = import(pathToFileURL(resolve(repositoryRoot, spec.entry)).href).then(
        (module: { handler?: unknown }) => {
          if (typeof module.handler !== 'function') {
            throw new Error(`${spec.entry} does not export a handler function`);
          }
          return module.handler as Handler;
        },
      );
      // A module that fails to load is tried again on the next call, as a new Lambda container would.
      loading.catch(() => handlers.delete(spec.name));
      handlers.set(spec.name, loading);
    }
    return loading;
  };

  return async (nameOrArn, event) => {
    const spec = byName.get(functionNameOf(nameOrArn));
    if (!spec) {
      throw new LambdaServiceError(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${localFunctionArn(functionNameOf(nameOrArn))}`,
      );
    }
    const handler = await handlerOf(spec);
    const timeoutMs = spec.timeoutSeconds * 1000 * timeoutScale;
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new FunctionTimeoutError(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`)),
        timeoutMs,
      );
    });
    try {
      const result = await Promise.race([
        Promise.resolve(handler(asJson(event), lambdaContext(spec, deadline))),
        timedOut,
      ]);
      return asJson(result);
    } finally {
      clearTimeout(timer);
    }
  };
}
