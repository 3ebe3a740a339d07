/**
 * Turns the event log of aws-local-stepfunctions into Step Functions history events (GetExecutionHistory):
 * execution, state entered/exited, Task scheduled/started/succeeded/failed (one schedule per attempt, as
 * retries show in AWS) and Map iterations. The engine does not report a Task's raw parameters or result,
 * so those details are left out; states are reported with their input and output.
 */
import type { StateMachine } from 'aws-local-stepfunctions';

export type EngineEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** Epoch milliseconds. */
  timestamp: number;
  type: string;
  [details: `${string}EventDetails`]: Record<string, unknown>;
}

export interface HistoryContext {
  region: string;
  roleArn: string;
}

/** What StopExecution was given, reported on ExecutionAborted. */
export interface StopDetails {
  error?: string;
  cause?: string;
}

const lambdaTask = { resourceType: 'lambda', resource: 'invoke' };

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return json === undefined ? '' : json;
}

function lowerFirst(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1);
}

/** Builds one execution's history as engine events arrive. */
export function historyRecorder(context: HistoryContext, events: HistoryEvent[] = []) {
  // Whether the latest attempt of a Task or Map (per Map iteration and state name) failed, so a caught
  // failure does not also report TaskSucceeded or MapStateSucceeded.
  const failedAttempt = new Map<string, boolean>();

  // Most details are named after the event type; every `…StateEntered` and `…StateExited` shares one name.
  const add = (
    timestamp: number,
    type: string,
    details?: Record<string, unknown>,
    detailsName = lowerFirst(type),
  ) => {
    const id = events.length + 1;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp, type };
    if (details) event[`${detailsName}EventDetails`] = details;
    events.push(event);
  };

  const record = (event: EngineEvent, stop: StopDetails = {}): void => {
    const at = event.timestamp;
    switch (event.type) {
      case 'ExecutionStarted':
        add(at, 'ExecutionStarted', {
          input: text(event.input),
          inputDetails: { truncated: false },
          roleArn: context.roleArn,
        });
        return;
      case 'ExecutionSucceeded':
        add(at, 'ExecutionSucceeded', { output: text(event.output), outputDetails: { truncated: false } });
        return;
      case 'ExecutionFailed':
        add(at, 'ExecutionFailed', { error: event.Error, cause: text(event.Cause) });
        return;
      case 'ExecutionAborted':
        add(at, 'ExecutionAborted', { ...stop });
        return;
      case 'ExecutionTimeout':
        add(at, 'ExecutionTimedOut', {
          error: 'States.Timeout',
          cause: 'The execution ran past its TimeoutSeconds',
        });
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        add(at, event.type, { name: event.parentState.name, index: event.index });
        return;
      case 'StateEntered': {
        const { name, type, input } = event.state;
        add(
          at,
          `${type}StateEntered`,
          { name, input: text(input), inputDetails: { truncated: false } },
          'stateEntered',
        );
        failedAttempt.set(`${event.index ?? -1}:${name}`, false);
        if (type === 'Task') {
          add(at, 'TaskScheduled', { ...lambdaTask, region: context.region });
          add(at, 'TaskStarted', { ...lambdaTask });
        }
        return;
      }
      case 'StateRetried':
        if (event.state.type === 'Task') {
          failedAttempt.set(`${event.index ?? -1}:${event.state.name}`, false);
          add(at, 'TaskScheduled', { ...lambdaTask, region: context.region });
          add(at, 'TaskStarted', { ...lambdaTask });
        }
        return;
      case 'StateFailed':
        failedAttempt.set(`${event.index ?? -1}:${event.state.name}`, true);
        if (event.state.type === 'Task') {
          add(at, 'TaskFailed', { ...lambdaTask, error: event.Error, cause: text(event.Cause) });
        } else if (event.state.type === 'Map') {
          add(at, 'MapStateFailed', {});
        }
        return;
      case 'StateExited': {
        const { name, type, output } = event.state;
        const succeeded = !failedAttempt.get(`${event.index ?? -1}:${name}`);
        if (type === 'Task' && succeeded) add(at, 'TaskSucceeded', { ...lambdaTask });
        if (type === 'Map' && succeeded) add(at, 'MapStateSucceeded');
        add(
          at,
          `${type}StateExited`,
          { name, output: text(output), outputDetails: { truncated: false } },
          'stateExited',
        );
        return;
      }
      default:
        // Parallel branches and caught errors have no history event of their own in AWS.
        return;
    }
  };

  return { events, record };
}
