/**
 * Runs catalog functions in this process the way Lambda runs them: the entry module is imported once (a
 * cold start) and its `handler(event, context)` called with a JSON copy of the event, a Lambda context and
 * the function's timeout. Modules are imported only when first invoked, after the stack has set the
 * environment their SDK clients read.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
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

/** What Lambda reports when the runtime process dies mid-invocation (killed, out of memory). */
export class RuntimeExitError extends Error {
  override name = 'Runtime.ExitError';
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

/**
 * The invocations running now, whatever became of their callers: a handler whose caller saw it time out or
 * crash may still be running here, in this process. The local clock waits for them before it jumps, so a
 * claim one of them just made cannot be taken for expired while it is still sending.
 */
export interface InvocationTracker {
  track<T>(work: Promise<T>): Promise<T>;
  /** Ends when every invocation running at the call has ended. */
  settled(): Promise<void>;
  /**
   * Lets an invocation start: at once, or, while `whileNothingRuns` holds invocations back, when it ends.
   * It counts as running from then until the returned function is called (once its work is tracked).
   */
  enter(): Promise<() => void>;
  /**
   * Holds new invocations back, waits for the running ones to end, then runs `work`: nothing runs across
   * it. The clock jumps inside it, so no step claims an email before a jump and sends it after. An
   * invocation still running after `withinMs` (a hung handler) is left running.
   */
  whileNothingRuns<T>(work: () => Promise<T>, withinMs: number): Promise<T>;
}

export function invocationTracker(): InvocationTracker {
  const running = new Set<Promise<unknown>>();
  let holds = 0;
  let released: Array<() => void> = [];
  const settledWithin = async (withinMs: number) => {
    const deadline = Date.now() + withinMs;
    while (running.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadline - Date.now());
      });
      await Promise.race([Promise.allSettled([...running]), late]);
      clearTimeout(timer);
    }
  };
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    work.then(
      () => running.delete(work),
      () => running.delete(work),
    );
    return work;
  };
  return {
    track,
    async settled() {
      await Promise.allSettled([...running]);
    },
    async enter() {
      while (holds > 0) await new Promise<void>((resolve) => released.push(resolve));
      let leave: () => void = () => undefined;
      track(
        new Promise<void>((resolve) => {
          leave = resolve;
        }),
      );
      return leave;
    },
    async whileNothingRuns(work, withinMs) {
      holds += 1;
      try {
        await settledWithin(withinMs);
        return await work();
      } finally {
        holds -= 1;
        if (holds === 0) {
          const waiting = released;
          released = [];
          for (const resolve of waiting) resolve();
        }
      }
    },
  };
}

export interface CatalogInvokerOptions {
  functions: readonly FunctionSpec[];
  /** Where catalog entry paths start. */
  repositoryRoot: string;
  /** Scales every function timeout (tests may shorten them); 1 by default. */
  timeoutScale?: number;
  /** Injected crashes (local faults): some invocations die part-way, as a killed Lambda sandbox would. */
  crashes?: InvocationCrashes;
  /** Told of every invocation's own work, until the handler's promise ends. */
  tracker?: InvocationTracker;
  /** Told of every invocation when it ends: its function, how long its handler ran, and whether it failed. */
  onInvoked?: (invocation: InvocationRecord) => void;
}

export interface InvocationRecord {
  functionName: string;
  /** From the handler's call to its answer or failure, in milliseconds (the module's first import not included). */
  durationMs: number;
  failed: boolean;
}

const runningFunction = new AsyncLocalStorage<string>();

/**
 * The catalog function whose invocation the caller runs inside (its handler and everything it awaits),
 * or undefined outside any: lets the local stack's meters tell which function made a request or wrote a log line.
 */
export function invokedFunctionName(): string | undefined {
  return runningFunction.getStore();
}

export interface InvocationCrashes {
  /** Probability that an invocation of a function it applies to crashes. */
  probability: number;
  random: () => number;
  appliesTo: (spec: FunctionSpec) => boolean;
  /** Whether an outgoing HTTP request is an email send: the crash comes right after one of them went out. */
  isEmailSend: (request: ClientRequest) => boolean;
  /** The crash comes after at most this many sends (or at the end, if the invocation sends fewer). */
  maxSendsBeforeCrash?: number;
  onCrash?: (functionName: string, sendsBeforeCrash: number) => void;
}

/** One crashing invocation: once `dead`, every request it makes is cut, as its sandbox is gone. */
interface CrashingInvocation {
  crashAfterSends: number;
  sends: number;
  dead: boolean;
  die: () => void;
}

const crashingInvocations = new AsyncLocalStorage<CrashingInvocation>();
let watchingRequests = false;

/** Watches every HTTP request this process makes, to cut those of an invocation that has crashed. */
function watchRequests(isEmailSend: (request: ClientRequest) => boolean): void {
  if (watchingRequests) return;
  watchingRequests = true;
  subscribe('http.client.request.created', (message) => {
    const invocation = crashingInvocations.getStore();
    if (!invocation) return;
    const { request } = message as { request: ClientRequest };
    if (invocation.dead) {
      request.destroy(new RuntimeExitError('The invocation crashed'));
      return;
    }
    if (!isEmailSend(request)) return;
    invocation.sends += 1;
    if (invocation.sends < invocation.crashAfterSends) return;
    // This email goes out; the sandbox dies as its answer arrives, before anything records it.
    invocation.dead = true;
    request.once('close', () => invocation.die());
  });
}

export function catalogInvoker({
  functions,
  repositoryRoot,
  timeoutScale = 1,
  crashes,
  tracker,
  onInvoked,
}: CatalogInvokerOptions): InvokeFunction {
  if (crashes && crashes.probability > 0) watchRequests(crashes.isEmailSend);
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
    const leave = (await tracker?.enter()) ?? (() => undefined);
    const handler = await handlerOf(spec).catch((error: unknown) => {
      leave();
      throw error;
    });
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
    const context = lambdaContext(spec, deadline);
    const startedAt = performance.now();
    let failed = false;
    const run = () => {
      const work = runningFunction.run(spec.name, () =>
        Promise.resolve().then(() => handler(asJson(event), context)),
      );
      const tracked = tracker ? tracker.track(work) : work;
      leave();
      return tracked;
    };
    const crashesHere = crashes && crashes.probability > 0 && crashes.appliesTo(spec) ? crashes : undefined;
    const crashing = crashesHere !== undefined && crashesHere.random() < crashesHere.probability;
    try {
      if (!crashesHere || !crashing) return asJson(await Promise.race([run(), timedOut]));
      const crashAfterSends = 1 + Math.floor(crashesHere.random() * (crashesHere.maxSendsBeforeCrash ?? 50));
      const crashed = new Promise<never>((_, reject) => {
        let reported = false;
        const invocation: CrashingInvocation = {
          crashAfterSends,
          sends: 0,
          dead: false,
          die: () => {
            if (reported) return;
            reported = true;
            crashesHere.onCrash?.(spec.name, invocation.sends);
            reject(
              new RuntimeExitError(
                `RequestId: ${context.awsRequestId} Error: Runtime exited with error: signal: killed`,
              ),
            );
          },
        };
        // Sent fewer emails than the crash point: it dies just before answering, its work done or not.
        crashingInvocations
          .run(invocation, run)
          .catch(() => undefined)
          .finally(() => {
            invocation.dead = true;
            invocation.die();
          });
      });
      return await Promise.race([crashed, timedOut]);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      clearTimeout(timer);
      onInvoked?.({ functionName: spec.name, durationMs: performance.now() - startedAt, failed });
    }
  };
}
