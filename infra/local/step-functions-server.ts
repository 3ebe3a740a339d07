/**
 * A Step Functions endpoint for the local stack: the AWS JSON 1.0 protocol (StartExecution with name
 * idempotency, DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution) in front of
 * aws-local-stepfunctions. Lambda Task states, at the top level or inside a Map, call `invokeFunction` and
 * answer with the `arn:aws:states:::lambda:invoke` result shape; a function that throws fails the Task
 * with the error's name and Lambda's JSON error document, so Retry and Catch match by name as in AWS.
 */
import { randomUUID } from 'node:crypto';
import {
  ExecutionAbortedError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import {
  AwsServiceError,
  epochSeconds,
  type JsonObject,
  optionalString,
  type RunningEndpoint,
  requiredString,
  startAwsJsonEndpoint,
} from './aws-json-protocol.ts';
import { readJsonFile, serialisedJsonWriter } from './data-files.ts';
import { type HistoryEvent, historyRecorder, type StopDetails } from './execution-history.ts';
import { type InvokeFunction, type JsonValue, LambdaServiceError } from './lambda-invoker.ts';
import { localAccountId, localRegion, localStateMachineArn } from './local-aws.ts';

export const lambdaInvokeResource = 'arn:aws:states:::lambda:invoke';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input as given, a JSON string. */
  input: string;
  status: ExecutionStatus;
  /** Epoch milliseconds. */
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
}

export interface StateMachineSpec {
  /** The state machine's name: its ARN is `arn:aws:states:eu-west-2:000000000000:stateMachine:<name>`. */
  name: string;
  /** The ASL definition with every placeholder already substituted. */
  definition: StateMachineDefinition;
}

export interface StepFunctionsServerOptions {
  stateMachines: readonly StateMachineSpec[];
  invokeFunction: InvokeFunction;
  /** Keeps the executions across restarts (so names stay taken); in memory only without it. */
  storeFile?: string;
  /**
   * Caps every Retry wait (MaxDelaySeconds), so local retries keep their interval, backoff and jitter but
   * never wait long. 1 second by default; tests may use a fraction.
   */
  maxRetryDelaySeconds?: number;
  /** 0 (the default): any free loopback port. */
  port?: number;
  /** Told of failures of this endpoint itself (not of executions). */
  onInternalError?: (action: string, error: unknown) => void;
}

export interface StepFunctionsServer {
  url: string;
  stateMachineArn(name: string): string;
  describe(executionArn: string): ExecutionRecord | undefined;
  runningExecutionArns(): string[];
  /** Resolves with the records once every execution named has stopped; rejects after the deadline. */
  waitForExecutions(executionArns: readonly string[], timeoutMs: number): Promise<ExecutionRecord[]>;
  /** Stops the endpoint. Running executions are left RUNNING in the store and run again on the next start. */
  close(): Promise<void>;
}

type AnyState = StateMachineDefinition['States'][string];
type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

const roleArn = `arn:aws:iam::${localAccountId}:role/transfer-desk-local-workflows`;
const maxInputBytes = 256 * 1024;
// AWS: 1 to 80 characters, none of whitespace, brackets, wildcards, the listed punctuation or control characters.
const executionNamePattern = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;

function hasControlCharacter(value: string): boolean {
  return [...value].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

/** Every state of a definition, those inside Map processors and Parallel branches included. */
export function allStates(definition: Pick<StateMachineDefinition, 'States'>): Array<[string, AnyState]> {
  return Object.entries(definition.States).flatMap(([name, state]): Array<[string, AnyState]> => {
    const nested: Array<Pick<StateMachineDefinition, 'States'>> = [];
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) nested.push(processor);
    }
    if (state.Type === 'Parallel') nested.push(...state.Branches);
    return [[name, state], ...nested.flatMap(allStates)];
  });
}

/** The definition with every retrier's MaxDelaySeconds capped, Map processors and Parallel branches included. */
export function withRetryDelayCap(
  definition: StateMachineDefinition,
  capSeconds: number,
): StateMachineDefinition {
  const copy = structuredClone(definition);
  for (const [, state] of allStates(copy)) {
    if (!('Retry' in state) || !state.Retry) continue;
    for (const retrier of state.Retry) {
      retrier.MaxDelaySeconds = Math.min(retrier.MaxDelaySeconds ?? capSeconds, capSeconds);
    }
  }
  return copy;
}

/** An error as the Task sees it: the name to match in Retry/Catch, the message as its Cause. */
function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** A function error as the lambda:invoke integration reports it: Lambda's JSON error document as the Cause. */
export function functionErrorOf(thrown: unknown): Error {
  if (thrown instanceof LambdaServiceError) return taskError(thrown.name, thrown.message);
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const errorType = error.name || 'Error';
  const trace = (error.stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
  return taskError(errorType, JSON.stringify({ errorType, errorMessage: error.message, trace }));
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invokeResult(payload: JsonValue): JsonValue {
  const requestId = randomUUID();
  const headers = {
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
  };
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** One local handler per Task state (the engine looks them up by state name, inside Maps too). */
function taskHandlersFor(definition: StateMachineDefinition, invokeFunction: InvokeFunction): TaskHandlers {
  const handlers: TaskHandlers = {};
  const resources = new Map<string, string>();
  for (const [stateName, state] of allStates(definition)) {
    if (state.Type !== 'Task') continue;
    const resource = state.Resource;
    const earlier = resources.get(stateName);
    if (earlier !== undefined && earlier !== resource) {
      throw new Error(
        `Two Task states are named ${stateName}; state names must be unique in a state machine`,
      );
    }
    resources.set(stateName, resource);
    if (resource === lambdaInvokeResource) {
      handlers[stateName] = async (parameters) => {
        if (!isObject(parameters) || typeof parameters.FunctionName !== 'string') {
          throw taskError('States.Runtime', `${stateName}: lambda:invoke needs Parameters.FunctionName`);
        }
        try {
          return invokeResult(await invokeFunction(parameters.FunctionName, parameters.Payload ?? {}));
        } catch (error) {
          throw functionErrorOf(error);
        }
      };
    } else if (resource.startsWith('arn:aws:lambda:')) {
      // The older direct form: the state's input is the payload and the result is the function's own.
      handlers[stateName] = async (input) => {
        try {
          return await invokeFunction(resource, input);
        } catch (error) {
          throw functionErrorOf(error);
        }
      };
    } else {
      throw new Error(`${stateName}: the local stack runs Lambda tasks only, not ${resource}`);
    }
  }
  return handlers;
}

interface LiveExecution {
  abort(): void;
  stop: StopDetails;
  done: Promise<void>;
}

interface StoreFile {
  executions: ExecutionRecord[];
}

function pageOf<T>(items: readonly T[], request: JsonObject): { page: T[]; nextToken?: string } {
  const maxResults =
    request.maxResults === undefined || request.maxResults === 0 ? 100 : Number(request.maxResults);
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) {
    throw new AwsServiceError('ValidationException', 'maxResults must be between 0 and 1000');
  }
  const token = optionalString(request, 'nextToken');
  let start = 0;
  if (token !== undefined) {
    start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0 || start > items.length) {
      throw new AwsServiceError('InvalidToken', 'The nextToken is not one this endpoint gave');
    }
  }
  const page = items.slice(start, start + maxResults);
  const next = start + page.length;
  return next < items.length
    ? { page, nextToken: Buffer.from(String(next)).toString('base64url') }
    : { page };
}

export async function createStepFunctionsServer(
  options: StepFunctionsServerOptions,
): Promise<StepFunctionsServer> {
  const cap = options.maxRetryDelaySeconds ?? 1;
  if (!(cap > 0)) throw new Error('maxRetryDelaySeconds must be more than 0');
  const machines = new Map(
    options.stateMachines.map(({ name, definition }) => {
      // Validates the definition as written, once, rather than at every start.
      new StateMachine(definition);
      const capped = withRetryDelayCap(definition, cap);
      return [
        localStateMachineArn(name),
        { name, definition: capped, handlers: taskHandlersFor(capped, options.invokeFunction) },
      ] as const;
    }),
  );

  const executions = new Map<string, ExecutionRecord>();
  const stored = options.storeFile ? await readJsonFile<StoreFile>(options.storeFile) : undefined;
  for (const record of stored?.executions ?? []) executions.set(record.executionArn, record);
  const live = new Map<string, LiveExecution>();
  let closing = false;
  const store = options.storeFile
    ? serialisedJsonWriter(options.storeFile, (): StoreFile => ({ executions: [...executions.values()] }))
    : undefined;
  const save = () => {
    store?.save().catch((error: unknown) => options.onInternalError?.('save executions', error));
  };

  const run = (record: ExecutionRecord): void => {
    const machine = machines.get(record.stateMachineArn);
    if (!machine) {
      throw new AwsServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${record.stateMachineArn}'`,
      );
    }
    record.history = [];
    const recorder = historyRecorder({ region: localRegion, roleArn }, record.history);
    const execution = new StateMachine(machine.definition, { validationOptions: { noValidate: true } }).run(
      JSON.parse(record.input) as JsonValue,
      {
        overrides: { taskResourceLocalHandlers: machine.handlers },
        context: {
          Execution: { Id: record.executionArn, Name: record.name, RoleArn: roleArn },
          StateMachine: { Id: record.stateMachineArn, Name: machine.name },
        },
      },
    );
    const stop: StopDetails = {};
    const consume = (async () => {
      for await (const event of execution.eventLogs) recorder.record(event, stop);
    })();
    const outcome = execution.result.then(
      (output) => ({ output }),
      (error: unknown) => ({ error }),
    );
    const done = Promise.all([consume, outcome]).then(([, result]) => {
      live.delete(record.executionArn);
      if (closing || record.status !== 'RUNNING') return;
      record.stopDate = Date.now();
      if ('output' in result) {
        record.status = 'SUCCEEDED';
        record.output = JSON.stringify(result.output);
      } else if (result.error instanceof ExecutionTimeoutError) {
        record.status = 'TIMED_OUT';
        record.error = 'States.Timeout';
      } else if (result.error instanceof ExecutionAbortedError) {
        record.status = 'ABORTED';
      } else {
        const failure =
          result.error instanceof Error && result.error.cause instanceof Error
            ? result.error.cause
            : result.error;
        record.status = 'FAILED';
        record.error = failure instanceof Error ? failure.name : 'States.Runtime';
        record.cause = failure instanceof Error ? failure.message : String(failure);
      }
      save();
    });
    live.set(record.executionArn, { abort: execution.abort, stop, done });
  };

  const recordOf = (request: JsonObject): ExecutionRecord => {
    const executionArn = requiredString(request, 'executionArn');
    if (!executionArn.startsWith('arn:aws:states:')) {
      throw new AwsServiceError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    }
    const record = executions.get(executionArn);
    if (!record) {
      throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    return record;
  };

  const listItem = (record: ExecutionRecord) => ({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    ...(record.stopDate === undefined ? {} : { stopDate: epochSeconds(record.stopDate) }),
  });

  const endpoint: RunningEndpoint = await startAwsJsonEndpoint(
    {
      targetPrefix: 'AWSStepFunctions',
      contentType: 'application/x-amz-json-1.0',
      maxBodyBytes: maxInputBytes + 64 * 1024,
      ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
      actions: {
        StartExecution(request) {
          const stateMachineArn = requiredString(request, 'stateMachineArn');
          if (!stateMachineArn.startsWith('arn:aws:states:')) {
            throw new AwsServiceError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
          }
          if (!machines.has(stateMachineArn)) {
            throw new AwsServiceError(
              'StateMachineDoesNotExist',
              `State Machine Does Not Exist: '${stateMachineArn}'`,
            );
          }
          const name = optionalString(request, 'name') ?? randomUUID();
          if (!executionNamePattern.test(name) || hasControlCharacter(name)) {
            throw new AwsServiceError('InvalidName', `Invalid Name: '${name}'`);
          }
          const input = optionalString(request, 'input') ?? '{}';
          if (Buffer.byteLength(input) > maxInputBytes) {
            throw new AwsServiceError('InvalidExecutionInput', 'The input is larger than 256 KB');
          }
          try {
            JSON.parse(input);
          } catch {
            throw new AwsServiceError(
              'InvalidExecutionInput',
              'Invalid State Machine Execution Input: the input is not JSON',
            );
          }
          const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
          const existing = executions.get(executionArn);
          if (existing) {
            // AWS: the same name and input as a running execution answers as the first start did; a closed
            // execution or another input is an error (names are reused only after 90 days).
            if (existing.status === 'RUNNING' && existing.input === input) {
              return { executionArn, startDate: epochSeconds(existing.startDate) };
            }
            throw new AwsServiceError(
              'ExecutionAlreadyExists',
              `Execution Already Exists: '${executionArn}'`,
            );
          }
          const record: ExecutionRecord = {
            executionArn,
            stateMachineArn,
            name,
            input,
            status: 'RUNNING',
            startDate: Date.now(),
            history: [],
          };
          executions.set(executionArn, record);
          run(record);
          save();
          return { executionArn, startDate: epochSeconds(record.startDate) };
        },

        DescribeExecution(request) {
          const record = recordOf(request);
          return {
            ...listItem(record),
            input: record.input,
            inputDetails: { included: true },
            ...(record.output === undefined
              ? {}
              : { output: record.output, outputDetails: { included: true } }),
            ...(record.error === undefined ? {} : { error: record.error }),
            ...(record.cause === undefined ? {} : { cause: record.cause }),
            redriveCount: 0,
            redriveStatus: 'NOT_REDRIVABLE',
            redriveStatusReason: 'Redrive is not supported by the local stack',
          };
        },

        ListExecutions(request) {
          const stateMachineArn = requiredString(request, 'stateMachineArn');
          if (!machines.has(stateMachineArn)) {
            throw new AwsServiceError(
              'StateMachineDoesNotExist',
              `State Machine Does Not Exist: '${stateMachineArn}'`,
            );
          }
          const statusFilter = optionalString(request, 'statusFilter');
          const matching = [...executions.values()]
            .filter((record) => record.stateMachineArn === stateMachineArn)
            .filter((record) => statusFilter === undefined || record.status === statusFilter)
            .sort((a, b) => b.startDate - a.startDate);
          const { page, nextToken } = pageOf(matching, request);
          return { executions: page.map(listItem), ...(nextToken === undefined ? {} : { nextToken }) };
        },

        GetExecutionHistory(request) {
          const record = recordOf(request);
          const includeData = request.includeExecutionData !== false;
          const ordered = request.reverseOrder === true ? [...record.history].reverse() : record.history;
          const { page, nextToken } = pageOf(ordered, request);
          const events = page.map((event) => {
            const shaped: Record<string, unknown> = { ...event, timestamp: epochSeconds(event.timestamp) };
            if (!includeData) {
              for (const [key, value] of Object.entries(shaped)) {
                if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
                  const { input: _input, output: _output, ...rest } = value as Record<string, unknown>;
                  shaped[key] = rest;
                }
              }
            }
            return shaped;
          });
          return { events, ...(nextToken === undefined ? {} : { nextToken }) };
        },

        StopExecution(request) {
          const record = recordOf(request);
          if (record.status === 'RUNNING') {
            const error = optionalString(request, 'error');
            const cause = optionalString(request, 'cause');
            record.status = 'ABORTED';
            record.stopDate = Date.now();
            if (error !== undefined) record.error = error;
            if (cause !== undefined) record.cause = cause;
            const running = live.get(record.executionArn);
            if (running) {
              if (error !== undefined) running.stop.error = error;
              if (cause !== undefined) running.stop.cause = cause;
              running.abort();
            }
            save();
          }
          return { stopDate: epochSeconds(record.stopDate ?? Date.now()) };
        },
      },
    },
    options.port ?? 0,
  );

  // Executions the last run of the stack left running start again: every workflow step is idempotent.
  for (const record of executions.values()) {
    if (record.status === 'RUNNING' && machines.has(record.stateMachineArn)) run(record);
  }

  return {
    url: endpoint.url,
    stateMachineArn: localStateMachineArn,
    describe: (executionArn) => executions.get(executionArn),
    runningExecutionArns: () => [...live.keys()],

    async waitForExecutions(executionArns, timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const still = executionArns.filter((arn) => executions.get(arn)?.status === 'RUNNING');
          reject(
            new Error(`${still.length} executions still running after ${timeoutMs} ms: ${still.join(', ')}`),
          );
        }, timeoutMs);
      });
      try {
        await Promise.race([Promise.all(executionArns.map((arn) => live.get(arn)?.done)), deadline]);
      } finally {
        clearTimeout(timer);
      }
      return executionArns.flatMap((arn) => executions.get(arn) ?? []);
    },

    async close() {
      closing = true;
      await endpoint.close();
      for (const running of live.values()) running.abort();
      await Promise.allSettled([...live.values()].map((running) => running.done));
      await store?.save();
    },
  };
}
