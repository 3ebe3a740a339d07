/**
 * Runs a workflow's ASL file on the local engine (aws-local-stepfunctions) the way Step Functions runs
 * it: placeholders substituted with Lambda ARNs, every `lambda:invoke` Task answered by a fake step
 * chosen by its `FunctionName`, with the `{Payload, StatusCode}` result shape and Lambda-style errors.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type RunOptions, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { functions, substitutionName, type WorkflowName, workflows } from '../../functions/catalog.ts';

export type JsonValue = Parameters<StateMachine['run']>[0];
type Overrides = NonNullable<RunOptions['overrides']>;
export type ExecutionEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

/** A fake workflow step: receives the Lambda payload and returns the function's result, or throws. */
export type FakeStep = (payload: JsonValue) => JsonValue | Promise<JsonValue>;

export interface StepCall {
  /** The Task state that invoked the function. */
  state: string;
  /** The catalog function the Task named in `FunctionName`. */
  function: string;
  payload: JsonValue;
}

export type ExecutionOutcome =
  | { status: 'SUCCEEDED'; output: JsonValue }
  | { status: 'FAILED'; error: string; cause: unknown };

export interface WorkflowRun {
  outcome: ExecutionOutcome;
  /** Every function invocation, in the order the engine made them (retries included). */
  calls: StepCall[];
  events: ExecutionEvent[];
}

const repositoryRoot = resolve(import.meta.dirname, '../..');
const placeholderPattern = /\$\{([A-Za-z0-9]+)\}/g;

/** The ARN a test run gives a catalog function, e.g. `arn:aws:lambda:eu-west-2:123456789012:function:td-list-shards`. */
export function fakeFunctionArn(functionName: string): string {
  return `arn:aws:lambda:eu-west-2:123456789012:function:td-${functionName}`;
}

/** The ASL file of a workflow, as stored, with its `${...}` placeholders. */
export function readWorkflowText(name: WorkflowName): string {
  const spec = workflows.find((workflow) => workflow.name === name);
  if (!spec) throw new Error(`No workflow named ${name} in the catalog`);
  return readFileSync(resolve(repositoryRoot, spec.definition), 'utf8');
}

/** The `${...}` placeholder names a workflow file uses, sorted. */
export function placeholdersOf(name: WorkflowName): string[] {
  const names = [...readWorkflowText(name).matchAll(placeholderPattern)].map((match) => match[1] ?? '');
  return [...new Set(names)].sort();
}

/** The definition with every placeholder replaced by the fake ARN of its catalog function. */
export function loadWorkflow(name: WorkflowName): StateMachineDefinition {
  const arns = new Map(functions.map((fn) => [substitutionName(fn.name), fakeFunctionArn(fn.name)]));
  const text = readWorkflowText(name).replace(placeholderPattern, (placeholder, substitution: string) => {
    const arn = arns.get(substitution);
    if (!arn) throw new Error(`${name}: ${placeholder} is not a catalog function`);
    return arn;
  });
  return JSON.parse(text) as StateMachineDefinition;
}

type AnyState = StateMachineDefinition['States'][string];

/** Every state of a definition, those inside Map item processors included, by name. */
export function statesOf(definition: Pick<StateMachineDefinition, 'States'>): Map<string, AnyState> {
  const found = new Map<string, AnyState>();
  for (const [stateName, state] of Object.entries(definition.States)) {
    found.set(stateName, state);
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) for (const [nested, nestedState] of statesOf(processor)) found.set(nested, nestedState);
    }
  }
  return found;
}

/** Payload and result shape of the `arn:aws:states:::lambda:invoke` integration. */
interface LambdaInvokeParameters {
  FunctionName: string;
  Payload: JsonValue;
}

function isInvokeParameters(input: JsonValue): input is JsonValue & LambdaInvokeParameters {
  return typeof input === 'object' && input !== null && 'FunctionName' in input && 'Payload' in input;
}

/**
 * Runs a workflow to its end with fake steps keyed by catalog function name. Every function the
 * workflow names needs a fake, so a test never reaches a real AWS call by accident. Retries do not wait.
 */
export async function runWorkflow(
  name: WorkflowName,
  input: JsonValue,
  steps: Readonly<Record<string, FakeStep>>,
): Promise<WorkflowRun> {
  const definition = loadWorkflow(name);
  const functionsByArn = new Map(functions.map((fn) => [fakeFunctionArn(fn.name), fn.name]));
  const missing = placeholdersOf(name).filter(
    (placeholder) => !Object.keys(steps).some((step) => substitutionName(step) === placeholder),
  );
  if (missing.length > 0) throw new Error(`${name}: no fake step for ${missing.join(', ')}`);

  const calls: StepCall[] = [];
  const taskResourceLocalHandlers: NonNullable<Overrides['taskResourceLocalHandlers']> = {};
  const retryIntervalOverrides: NonNullable<Overrides['retryIntervalOverrides']> = {};
  for (const [stateName, state] of statesOf(definition)) {
    if ('Retry' in state) retryIntervalOverrides[stateName] = 0;
    if (state.Type !== 'Task') continue;
    taskResourceLocalHandlers[stateName] = async (parameters) => {
      if (!isInvokeParameters(parameters)) {
        throw new Error(`${stateName} did not send lambda:invoke parameters: ${JSON.stringify(parameters)}`);
      }
      const functionName = functionsByArn.get(parameters.FunctionName) ?? parameters.FunctionName;
      calls.push({ state: stateName, function: functionName, payload: parameters.Payload });
      const step = steps[functionName];
      if (!step) throw new Error(`${stateName} invoked ${functionName}, which has no fake step`);
      const payload = await step(parameters.Payload);
      return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: payload };
    };
  }

  const execution = new StateMachine(definition).run(input, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
  });
  const [events] = await Promise.all([
    collect(execution.eventLogs),
    execution.result.catch(() => undefined), // the outcome is read from the ExecutionFailed event
  ]);
  return { outcome: outcomeOf(events), calls, events };
}

async function collect(eventLogs: AsyncGenerator<ExecutionEvent>): Promise<ExecutionEvent[]> {
  const events: ExecutionEvent[] = [];
  for await (const event of eventLogs) events.push(event);
  return events;
}

function outcomeOf(events: ExecutionEvent[]): ExecutionOutcome {
  for (const event of events) {
    if (event.type === 'ExecutionSucceeded') return { status: 'SUCCEEDED', output: event.output };
    if (event.type === 'ExecutionFailed') return { status: 'FAILED', error: event.Error, cause: event.Cause };
  }
  throw new Error(`The execution did not end: ${events.map((event) => event.type).join(', ')}`);
}

/** Names of the top-level states the execution entered, in order (states inside a Map are left out). */
export function statesEntered(events: ExecutionEvent[]): string[] {
  return events.flatMap((event) =>
    event.type === 'StateEntered' && event.index === undefined ? [event.state.name] : [],
  );
}

/** How many times a state was retried, per Map iteration index (`-1` for a top-level state). */
export function retriesOf(events: ExecutionEvent[], stateName: string): Map<number, number> {
  const retries = new Map<number, number>();
  for (const event of events) {
    if (event.type !== 'StateRetried' || event.state.name !== stateName) continue;
    const index = event.index ?? -1;
    retries.set(index, (retries.get(index) ?? 0) + 1);
  }
  return retries;
}

/** The payloads a catalog function was invoked with, in order. */
export function payloadsTo(run: WorkflowRun, functionName: string): JsonValue[] {
  return run.calls.filter((call) => call.function === functionName).map((call) => call.payload);
}

/**
 * An error as the lambda:invoke integration reports a function error: the thrown error's name as
 * `Error` and Lambda's JSON error document as `Cause`.
 */
export function functionError(errorType: string, errorMessage: string): Error {
  const error = new Error(JSON.stringify({ errorType, errorMessage, trace: [] }));
  error.name = errorType;
  return error;
}

/** An error of the Lambda service itself (throttling, a 500), as the integration names it. */
export function lambdaServiceError(
  name:
    | 'Lambda.ServiceException'
    | 'Lambda.AWSLambdaException'
    | 'Lambda.SdkClientException'
    | 'Lambda.TooManyRequestsException',
): Error {
  const error = new Error(`${name.replace('Lambda.', '')}: the Lambda service could not run the function`);
  error.name = name;
  return error;
}

/** What Lambda reports when the function's process dies mid-invocation (killed, out of memory). */
export function runtimeExit(): Error {
  return functionError('Runtime.ExitError', 'Error: Runtime exited with error: signal: killed');
}

/** What a step run again after a crash meets while the emails the crashed run claimed are still held. */
export function emailClaimHeld(): Error {
  return functionError(
    'EmailClaimHeldError',
    'Another sender holds the claim on an email; it is retried once the claim expires',
  );
}

/** A fake step that throws the given errors on its first calls, one a call, then answers normally. */
export function failingFirst(errors: Error[], then: FakeStep): FakeStep {
  let calls = 0;
  return (payload) => {
    const error = errors[calls];
    calls += 1;
    if (error) throw error;
    return then(payload);
  };
}

/** A fake step that always throws the error. */
export function alwaysFailing(error: Error): FakeStep {
  return () => {
    throw error;
  };
}

/** The shard number of a per-shard step's payload (`{transferId, shard}`). */
export function shardOf(payload: JsonValue): number {
  if (
    typeof payload === 'object' &&
    payload !== null &&
    'shard' in payload &&
    typeof payload.shard === 'number'
  ) {
    return payload.shard;
  }
  throw new Error(`Not a shard payload: ${JSON.stringify(payload)}`);
}
