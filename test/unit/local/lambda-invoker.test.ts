import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionSpec } from '../../../functions/catalog.ts';
import {
  catalogInvoker,
  FunctionTimeoutError,
  functionNameOf,
  type InvocationRecord,
  invocationTracker,
  invokedFunctionName,
  LambdaServiceError,
} from '../../../infra/local/lambda-invoker.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

const fixture: FunctionSpec = {
  name: 'fixture-step',
  entry: 'test/unit/local/fixtures/fixture-handler.ts',
  purpose: 'Test fixture',
  timeoutSeconds: 2,
  memoryMb: 512,
  access: { table: 'none' },
};

const invoke = catalogInvoker({ functions: [fixture], repositoryRoot, timeoutScale: 0.05 });

describe('Function: catalogInvoker', () => {
  it('calls the entry module handler with a JSON copy of the event and a Lambda context, answering JSON', async () => {
    // Act
    const result = await invoke('arn:aws:lambda:eu-west-2:000000000000:function:fixture-step', {
      mode: 'echo',
      n: 1,
    });

    // Assess
    expect(result).toEqual({
      event: { mode: 'echo', n: 1 },
      functionName: 'fixture-step',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:fixture-step',
      memoryLimitInMB: '512',
      hasTimeLeft: true,
      at: '1970-01-01T00:00:00.000Z',
    });
  });

  it('never lets a handler change the caller’s event, and answers null for undefined', async () => {
    // Prepare
    const event = { mode: 'mutate' };

    // Act
    const result = await invoke('fixture-step', event);

    // Assess
    expect(event).toEqual({ mode: 'mutate' });
    expect(result).toBeNull();
  });

  it('passes on the error a handler throws, with its name', async () => {
    // Act
    const failure = invoke('fixture-step', { mode: 'fail' });

    // Assess
    await expect(failure).rejects.toMatchObject({
      name: 'TransientStepError',
      message: 'The shard moved under the step',
    });
  });

  it('fails with Sandbox.Timedout when the handler runs past its timeout', async () => {
    // Act: a 2-second timeout scaled to 100 ms, a handler taking 300 ms
    const failure = invoke('fixture-step', { mode: 'slow' });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(FunctionTimeoutError);
    await expect(failure).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
  });

  it('answers Lambda.ResourceNotFoundException for a function the catalog lacks', async () => {
    // Act
    const failure = invoke('arn:aws:lambda:eu-west-2:000000000000:function:missing', {});

    // Assess
    await expect(failure).rejects.toBeInstanceOf(LambdaServiceError);
    await expect(failure).rejects.toMatchObject({ name: 'Lambda.ResourceNotFoundException' });
  });
});

describe('Function: invocationTracker', () => {
  it('waits for a handler its caller gave up on as timed out, which is still running in this process', async () => {
    // Prepare: a 2-second timeout scaled to 100 ms, a handler taking 300 ms
    const tracker = invocationTracker();
    const tracked = catalogInvoker({ functions: [fixture], repositoryRoot, timeoutScale: 0.05, tracker });
    const caller = tracked('fixture-step', { mode: 'slow' });
    await expect(caller).rejects.toBeInstanceOf(FunctionTimeoutError);
    let settled = false;

    // Act
    const waiting = tracker.settled().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const beforeTheHandlerEnded = settled;
    await waiting;

    // Assess
    expect(beforeTheHandlerEnded).toBe(false);
    expect(settled).toBe(true);
  });

  it('ends at once when nothing runs, and is not held by a handler that failed', async () => {
    // Prepare
    const tracker = invocationTracker();
    const tracked = catalogInvoker({ functions: [fixture], repositoryRoot, tracker });
    await expect(tracked('fixture-step', { mode: 'fail' })).rejects.toMatchObject({
      name: 'TransientStepError',
    });

    // Act, Assess
    await expect(tracker.settled()).resolves.toBeUndefined();
  });
});

describe('Function: invocationTracker.whileNothingRuns', () => {
  it('runs its work once the running handler ended, and holds a handler asked for meanwhile until it is done', async () => {
    // Prepare: one handler running (300 ms) when the work is asked for
    const tracker = invocationTracker();
    const tracked = catalogInvoker({ functions: [fixture], repositoryRoot, tracker });
    const order: string[] = [];
    const running = tracked('fixture-step', { mode: 'slow' }).then(() => order.push('running handler ended'));

    // Act
    const work = tracker.whileNothingRuns(async () => {
      order.push('work started');
      await new Promise((resolve) => setTimeout(resolve, 100));
      order.push('work ended');
    }, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const heldBack = tracked('fixture-step', { mode: 'echo' }).then(() => order.push('held handler ended'));
    await Promise.all([running, work, heldBack]);

    // Assess
    expect(order).toEqual(['running handler ended', 'work started', 'work ended', 'held handler ended']);
  });

  it('runs its work anyway when a handler is still running after the time it waits', async () => {
    // Prepare
    const tracker = invocationTracker();
    const tracked = catalogInvoker({ functions: [fixture], repositoryRoot, tracker });
    let handlerEnded = false;
    const running = tracked('fixture-step', { mode: 'slow' }).then(() => {
      handlerEnded = true;
    });

    // Act
    const endedBeforeWork = await tracker.whileNothingRuns(async () => handlerEnded, 50);
    await running;

    // Assess
    expect(endedBeforeWork).toBe(false);
    expect(handlerEnded).toBe(true);
  });
});

describe('Function: functionNameOf', () => {
  it('reads the name from a name, an ARN or a qualified ARN', () => {
    // Act, Assess
    expect(functionNameOf('sweep')).toBe('sweep');
    expect(functionNameOf('arn:aws:lambda:eu-west-2:000000000000:function:sweep')).toBe('sweep');
    expect(functionNameOf('arn:aws:lambda:eu-west-2:000000000000:function:sweep:$LATEST')).toBe('sweep');
  });
});

describe('Function: catalogInvoker with injected crashes', () => {
  const received: string[] = [];
  let server: Server;
  let url = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(request.url ?? '');
      request.resume();
      request.on('end', () => response.end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('kills an invocation right after one of its sends: the email went out, nothing after it did', async () => {
    // Prepare: the crash is certain and comes after the third send (1 + floor(0.5 * 4)).
    received.length = 0;
    const crashes: string[] = [];
    const crashing = catalogInvoker({
      functions: [fixture],
      repositoryRoot,
      crashes: {
        probability: 1,
        random: () => 0.5,
        appliesTo: () => true,
        isEmailSend: (request) => request.path.startsWith('/v2/email/outbound-emails'),
        maxSendsBeforeCrash: 4,
        onCrash: (name, sends) => crashes.push(`${name} after ${sends}`),
      },
    });

    // Act
    const outcome = crashing('fixture-step', { mode: 'send', url, count: 10 });

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'Runtime.ExitError' });
    expect(received.filter((path) => path.startsWith('/v2/email'))).toHaveLength(3);
    expect(received.filter((path) => path === '/ledger')).toHaveLength(2);
    expect(crashes).toEqual(['fixture-step after 3']);
  });

  it('leaves invocations of functions the crashes do not apply to alone', async () => {
    // Prepare
    received.length = 0;
    const invoker = catalogInvoker({
      functions: [fixture],
      repositoryRoot,
      crashes: {
        probability: 1,
        random: () => 0,
        appliesTo: () => false,
        isEmailSend: () => true,
      },
    });

    // Act
    const result = await invoker('fixture-step', { mode: 'send', url, count: 2 });

    // Assess
    expect(result).toEqual({ sent: 2 });
    expect(received).toHaveLength(4);
  });

  it('reports each invocation as it ends and names its function to the requests it makes', async () => {
    // Prepare
    const invoked: InvocationRecord[] = [];
    const namedByRequests: Array<string | undefined> = [];
    const watch = () => namedByRequests.push(invokedFunctionName());
    subscribe('http.client.request.created', watch);
    const metered = catalogInvoker({
      functions: [fixture],
      repositoryRoot,
      onInvoked: (one) => invoked.push(one),
    });

    // Act
    await metered('fixture-step', { mode: 'send', url, count: 1 });
    await metered('fixture-step', { mode: 'fail' }).catch(() => undefined);
    unsubscribe('http.client.request.created', watch);

    // Assess
    expect(invoked.map(({ functionName, failed }) => ({ functionName, failed }))).toEqual([
      { functionName: 'fixture-step', failed: false },
      { functionName: 'fixture-step', failed: true },
    ]);
    expect(invoked.every((one) => one.durationMs >= 0)).toBe(true);
    expect(namedByRequests).toEqual(['fixture-step', 'fixture-step']);
    expect(invokedFunctionName()).toBeUndefined();
  });
});
