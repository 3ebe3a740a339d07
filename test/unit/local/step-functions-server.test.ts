import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidName,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../infra/local/lambda-invoker.ts';
import {
  createStepFunctionsServer,
  type StepFunctionsServer,
  withRetryDelayCap,
} from '../../../infra/local/step-functions-server.ts';

const functionArn = (name: string) => `arn:aws:lambda:eu-west-2:000000000000:function:${name}`;
const stateMachineArn = 'arn:aws:states:eu-west-2:000000000000:stateMachine:fixture';

const retryTransient = [
  { ErrorEquals: ['TransientStepError'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 },
];

/** Prepare → a Map over the prepared items (two at a time) → done; a NotFoundError is caught into Recover. */
const fixture: StateMachineDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: functionArn('prepare'), Payload: { 'id.$': '$.id' } },
      ResultSelector: {
        'items.$': '$.Payload.items',
        'statusCode.$': '$.StatusCode',
        'version.$': '$.ExecutedVersion',
      },
      ResultPath: '$.prepared',
      Retry: retryTransient,
      Catch: [{ ErrorEquals: ['NotFoundError'], ResultPath: '$.error', Next: 'Recover' }],
      Next: 'EachItem',
    },
    EachItem: {
      Type: 'Map',
      ItemsPath: '$.prepared.items',
      ItemSelector: { 'id.$': '$.id', 'item.$': '$$.Map.Item.Value' },
      MaxConcurrency: 2,
      ItemProcessor: {
        StartAt: 'Handle',
        States: {
          Handle: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: functionArn('handle'), 'Payload.$': '$' },
            ResultSelector: { 'done.$': '$.Payload.done' },
            Retry: retryTransient,
            End: true,
          },
        },
      },
      ResultPath: '$.handled',
      End: true,
    },
    Recover: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: functionArn('recover'),
        Payload: { 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' },
      },
      ResultPath: null,
      Next: 'Failed',
    },
    Failed: { Type: 'Fail', Error: 'FixtureFailed', Cause: 'The fixture could not prepare its items' },
  },
};

class TransientStepError extends Error {
  override name = 'TransientStepError';
}
class NotFoundError extends Error {
  override name = 'NotFoundError';
}

type FakeFunction = (payload: JsonValue) => Promise<JsonValue> | JsonValue;

interface Call {
  functionName: string;
  payload: JsonValue;
}

describe('Function: createStepFunctionsServer', () => {
  let server: StepFunctionsServer;
  let sfn: SFNClient;
  let dataDir: string;
  let calls: Call[];
  let fakes: Record<string, FakeFunction>;

  const start = async () => {
    server = await createStepFunctionsServer({
      stateMachines: [{ name: 'fixture', definition: fixture }],
      invokeFunction: async (name, payload) => {
        const functionName = name.split(':').at(-1) ?? name;
        calls.push({ functionName, payload: payload as JsonValue });
        const fake = fakes[functionName];
        if (!fake) throw new Error(`No fake for ${functionName}`);
        return fake(payload as JsonValue);
      },
      storeFile: join(dataDir, 'executions.json'),
      maxRetryDelaySeconds: 0.05,
    });
    sfn = new SFNClient({
      endpoint: server.url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  };

  const startAndFinish = async (name: string, input: unknown) => {
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
    );
    await server.waitForExecutions([started.executionArn ?? ''], 10_000);
    return sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sfn-server-'));
    calls = [];
    fakes = {
      prepare: () => ({ items: ['a', 'b', 'c'] }),
      handle: (payload) => ({ done: (payload as { item: string }).item.toUpperCase() }),
      recover: () => ({ recorded: true }),
    };
    await start();
  });

  afterEach(async () => {
    sfn.destroy();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs an execution to success with the lambda:invoke result shape, inside the Map too', async () => {
    // Act
    const described = await startAndFinish('run-1', { id: 'x1' });

    // Assess
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({
      id: 'x1',
      prepared: { items: ['a', 'b', 'c'], statusCode: 200, version: '$LATEST' },
      handled: [{ done: 'A' }, { done: 'B' }, { done: 'C' }],
    });
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() ?? 0);
    expect(calls.map((call) => call.functionName)).toEqual(['prepare', 'handle', 'handle', 'handle']);
    expect(calls[0]?.payload).toEqual({ id: 'x1' });
    expect(calls.slice(1).map((call) => call.payload)).toEqual(
      expect.arrayContaining([
        { id: 'x1', item: 'a' },
        { id: 'x1', item: 'b' },
        { id: 'x1', item: 'c' },
      ]),
    );
  });

  it('answers a second start with the same name and input while running as the first, and runs once', async () => {
    // Prepare
    const gate = Promise.withResolvers<void>();
    fakes.prepare = async () => {
      await gate.promise;
      return { items: [] };
    };
    const request = { stateMachineArn, name: 'once', input: JSON.stringify({ id: 'x2' }) };

    // Act
    const first = await sfn.send(new StartExecutionCommand(request));
    const second = await sfn.send(new StartExecutionCommand(request));
    const otherInput = sfn.send(
      new StartExecutionCommand({ ...request, input: JSON.stringify({ id: 'x3' }) }),
    );
    await expect(otherInput).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    gate.resolve();
    await server.waitForExecutions([first.executionArn ?? ''], 10_000);
    const afterItClosed = sfn.send(new StartExecutionCommand(request));

    // Assess
    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate?.getTime()).toBe(first.startDate?.getTime());
    expect(calls.filter((call) => call.functionName === 'prepare')).toHaveLength(1);
    // As in AWS: a closed execution's name is taken, whatever the input.
    await expect(afterItClosed).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('fails the Task with the thrown error name and a Lambda error document, which a Catch naming it catches', async () => {
    // Prepare
    fakes.prepare = () => {
      throw new NotFoundError('No transfer x4');
    };

    // Act
    const described = await startAndFinish('caught', { id: 'x4' });

    // Assess
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('FixtureFailed');
    const recovered = calls.find((call) => call.functionName === 'recover')?.payload as {
      error: string;
      cause: string;
    };
    expect(recovered.error).toBe('NotFoundError');
    expect(JSON.parse(recovered.cause)).toMatchObject({
      errorType: 'NotFoundError',
      errorMessage: 'No transfer x4',
    });
    expect(calls.map((call) => call.functionName)).toEqual(['prepare', 'recover']);
  });

  it('retries a named error, waiting no longer than the local cap, at the top level and inside the Map', async () => {
    // Prepare
    let prepareCalls = 0;
    fakes.prepare = () => {
      prepareCalls += 1;
      if (prepareCalls === 1) throw new TransientStepError('Throttled');
      return { items: ['a', 'b'] };
    };
    let failedB = false;
    fakes.handle = (payload) => {
      const { item } = payload as { item: string };
      if (item === 'b' && !failedB) {
        failedB = true;
        throw new TransientStepError('Conflict');
      }
      return { done: item };
    };
    const startedAt = Date.now();

    // Act
    const described = await startAndFinish('retried', { id: 'x5' });

    // Assess: IntervalSeconds is 1, yet the two retries together take less than a second.
    expect(described.status).toBe('SUCCEEDED');
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(calls.map((call) => call.functionName)).toEqual([
      'prepare',
      'prepare',
      'handle',
      'handle',
      'handle',
    ]);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: described.executionArn }));
    const taskEvents = (history.events ?? [])
      .map((event) => event.type)
      .filter((type) => type?.startsWith('Task'));
    expect(taskEvents.filter((type) => type === 'TaskFailed')).toHaveLength(2);
    expect(taskEvents.filter((type) => type === 'TaskScheduled')).toHaveLength(5);
    expect(taskEvents.filter((type) => type === 'TaskSucceeded')).toHaveLength(3);
    const failed = history.events?.find((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails?.error).toBe('TransientStepError');
  });

  it('runs no more Map iterations at once than MaxConcurrency', async () => {
    // Prepare
    let running = 0;
    let most = 0;
    fakes.prepare = () => ({ items: ['a', 'b', 'c', 'd', 'e', 'f'] });
    fakes.handle = async (payload) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      return { done: (payload as { item: string }).item };
    };

    // Act
    const described = await startAndFinish('concurrency', { id: 'x6' });

    // Assess
    expect(described.status).toBe('SUCCEEDED');
    expect(most).toBe(2);
  });

  it('stops a running execution, and describes, lists and reports its history', async () => {
    // Prepare
    fakes.prepare = () => new Promise<JsonValue>(() => undefined);
    const earlier = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'stopped-earlier', input: '{"id":"x0"}' }),
    );
    await sfn.send(new StopExecutionCommand({ executionArn: earlier.executionArn }));
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'to-stop', input: '{"id":"x8"}' }),
    );
    const executionArn = started.executionArn ?? '';

    // Act
    const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'No longer needed' }),
    );
    await server.waitForExecutions([executionArn], 10_000);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const aborted = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'ABORTED' }));
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }),
    );

    // Assess
    expect(executionArn).toBe('arn:aws:states:eu-west-2:000000000000:execution:fixture:to-stop');
    expect(running.executions?.map((execution) => execution.name)).toContain('to-stop');
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'No longer needed',
      input: '{"id":"x8"}',
    });
    expect(aborted.executions?.map((execution) => execution.name)).toEqual(['to-stop', 'stopped-earlier']);
    const types = (history.events ?? []).map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
    ]);
    expect(types.at(-1)).toBe('ExecutionAborted');
    expect(history.events?.[0]?.executionStartedEventDetails?.input).toBe('{"id":"x8"}');
    expect(history.events?.[1]?.stateEnteredEventDetails?.name).toBe('Prepare');
    expect(reversed.events?.map((event) => event.type)).toEqual(['ExecutionAborted']);
    expect(reversed.nextToken).toBeDefined();
  });

  it('keeps execution names taken across a restart', async () => {
    // Prepare
    await startAndFinish('kept', { id: 'x9' });

    // Act
    sfn.destroy();
    await server.close();
    await start();
    const again = sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'kept', input: '{"id":"x9"}' }),
    );

    // Assess
    await expect(again).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const described = await sfn.send(
      new DescribeExecutionCommand({
        executionArn: 'arn:aws:states:eu-west-2:000000000000:execution:fixture:kept',
      }),
    );
    expect(described.status).toBe('SUCCEEDED');
    expect(calls.filter((call) => call.functionName === 'prepare')).toHaveLength(1);
  });

  it('answers the errors the SDK knows for an unknown state machine or execution and a bad name', async () => {
    // Act
    const unknownMachine = sfn.send(
      new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}-missing`, name: 'n', input: '{}' }),
    );
    const unknownExecution = sfn.send(
      new DescribeExecutionCommand({
        executionArn: 'arn:aws:states:eu-west-2:000000000000:execution:fixture:nope',
      }),
    );
    const badName = sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'has space', input: '{}' }));

    // Assess
    await expect(unknownMachine).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(unknownExecution).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(badName).rejects.toBeInstanceOf(InvalidName);
  });
});

describe('Function: withRetryDelayCap', () => {
  it('caps every retrier, those inside Map processors included, keeping a lower cap already set', () => {
    // Prepare
    const definition = structuredClone(fixture);
    const prepare = definition.States.Prepare as { Retry: Array<{ MaxDelaySeconds?: number }> };
    prepare.Retry.push({ MaxDelaySeconds: 0.5 } as never);

    // Act
    const capped = withRetryDelayCap(definition, 1);

    // Assess
    const cappedPrepare = capped.States.Prepare as { Retry: Array<{ MaxDelaySeconds?: number }> };
    expect(cappedPrepare.Retry.map((retrier) => retrier.MaxDelaySeconds)).toEqual([1, 0.5]);
    const map = capped.States.EachItem as { ItemProcessor: StateMachineDefinition };
    const handle = map.ItemProcessor.States.Handle as { Retry: Array<{ MaxDelaySeconds?: number }> };
    expect(handle.Retry[0]?.MaxDelaySeconds).toBe(1);
    expect(
      (fixture.States.Prepare as { Retry: Array<{ MaxDelaySeconds?: number }> }).Retry[0]?.MaxDelaySeconds,
    ).toBeUndefined();
  });
});
