import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  correlationIdOf,
  logger,
  metrics,
  observability,
  recordMetric,
} from '../../functions/observability.ts';
import { apiEvent, lambdaContext } from '../fixtures/http-events.ts';

// Before the module is imported, as Lambda sets it before the code loads: Powertools counts a cold start only then.
// A test file that ran the local stack's environment earlier in this worker leaves its settings in
// process.env (metrics off, a log level): this file is about Lambda's, so it starts from none of them.
vi.hoisted(() => {
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('POWERTOOLS_')) delete process.env[name];
  }
});

type Line = Record<string, unknown>;

/** Every line Powertools writes (its logger and its EMF metrics), parsed, while a test runs. */
function capturedLines() {
  const lines: Line[] = [];
  const capture = (chunk: unknown) => {
    for (const text of String(chunk).split('\n')) if (text.trim()) lines.push(JSON.parse(text) as Line);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return {
    logs: () => lines.filter((line) => !('_aws' in line)),
    emf: () => lines.filter((line) => '_aws' in line),
  };
}

function observed<Event>(handle: (event: Event) => Promise<unknown>) {
  return middy<Event, unknown, Error, Context>().use(observability()).handler(handle);
}

const sesEvent = {
  version: '0',
  id: 'c9f2ad1e-5b1e-4d3c-8f3a-1d2e3f4a5b6c',
  'detail-type': 'Email Delivered',
  source: 'aws.ses',
  detail: { mail: { destination: ['asha.patel@council.example.org'] } },
};

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
});

describe('Function: observability', () => {
  // First in the file: the process's first invocation is its cold start.
  it('counts a ColdStart on the first invocation of the process only, named by its function', async () => {
    // Prepare
    const output = capturedLines();
    const handler = observed(async () => 'done');

    // Act
    await handler({}, lambdaContext('sweep'));
    await handler({}, lambdaContext('sweep'));

    // Assess
    const coldStarts = output.emf().filter((line) => 'ColdStart' in line);
    expect(coldStarts).toHaveLength(1);
    expect(coldStarts[0]).toMatchObject({ ColdStart: 1, function_name: 'sweep' });
  });

  it('puts the function and the API request id on every log line of the invocation, and drops the request id after', async () => {
    // Prepare
    const output = capturedLines();
    const event = apiEvent({ method: 'GET', route: '/api/transfers' });
    const handler = observed(async () => {
      logger.info('listing transfers');
    });

    // Act
    await handler(event, lambdaContext('list-transfers'));
    logger.info('between invocations');

    // Assess
    const byMessage = (message: string) => output.logs().find((line) => line.message === message);
    const during = byMessage('listing transfers');
    const after = byMessage('between invocations');
    expect(during).toMatchObject({
      message: 'listing transfers',
      function_name: 'list-transfers',
      correlation_id: event.requestContext.requestId,
    });
    expect(after).toBeDefined();
    expect(after).not.toHaveProperty('correlation_id');
  });

  it('never logs the event, which may name people and carry their tokens', async () => {
    // Prepare
    const output = capturedLines();
    const event = apiEvent({
      method: 'POST',
      route: '/api/transfers/{id}/objections',
      token: 'secret-bearer-token',
      body: { employeeNumber: 'E1001', email: 'asha.patel@council.example.org' },
    });
    const handler = observed(async () => {
      logger.info('objection recorded');
    });

    // Act
    await handler(event, lambdaContext());

    // Assess
    const written = JSON.stringify(output.logs());
    expect(written).toContain('objection recorded');
    expect(written).not.toContain('asha.patel');
    expect(written).not.toContain('E1001');
    expect(written).not.toContain('secret-bearer-token');
  });

  it('writes what the invocation counted as one EMF line in the TransferDesk namespace', async () => {
    // Prepare
    const output = capturedLines();
    const handler = observed(async () => {
      metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
      metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
    });

    // Act
    await handler({}, lambdaContext('send-invitations'));

    // Assess
    const counted = output.emf().filter((line) => 'EmailsSent' in line);
    expect(counted).toHaveLength(1);
    expect(counted[0]).toMatchObject({
      EmailsSent: [1, 1],
      _aws: { CloudWatchMetrics: [{ Namespace: 'TransferDesk', Metrics: [{ Name: 'EmailsSent' }] }] },
    });
  });

  it('writes what was counted before an error, and lets the error through unchanged', async () => {
    // Prepare
    const output = capturedLines();
    const failure = new TypeError('undefined is not a function');
    const handler = observed(async () => {
      metrics.addMetric('WorkflowFailures', MetricUnit.Count, 1);
      throw failure;
    });

    // Act
    const outcome = await handler({}, lambdaContext()).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBe(failure);
    expect(output.emf().filter((line) => 'WorkflowFailures' in line)).toHaveLength(1);
  });

  it('does not warn when an invocation counted nothing, as most requests do', async () => {
    // Prepare
    const output = capturedLines();
    const handler = observed(async () => 'nothing to count');

    // Act
    await handler({}, lambdaContext());

    // Assess
    expect(output.logs().filter((line) => line.level === 'WARN')).toEqual([]);
    expect(output.emf().filter((line) => !('ColdStart' in line))).toEqual([]);
  });
});

describe('Function: recordMetric', () => {
  it('turns what the services count into CloudWatch metrics with their units', async () => {
    // Prepare
    const output = capturedLines();
    const handler = observed(async () => {
      recordMetric('ElectionsRecorded', 1);
      recordMetric('SweepLag', 42.5);
    });

    // Act
    await handler({}, lambdaContext('sweep'));

    // Assess
    const [line] = output.emf().filter((emf) => 'SweepLag' in emf);
    expect(line).toMatchObject({
      ElectionsRecorded: 1,
      SweepLag: 42.5,
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'TransferDesk',
            Metrics: expect.arrayContaining([
              { Name: 'ElectionsRecorded', Unit: 'Count' },
              { Name: 'SweepLag', Unit: 'Seconds' },
            ]),
          },
        ],
      },
    });
  });
});

describe('Function: correlationIdOf', () => {
  it('takes API Gateway’s request id from an HTTP API request', () => {
    // Prepare
    const event = apiEvent({ method: 'GET', route: '/health' });

    // Act & Assess
    expect(correlationIdOf(event)).toBe(event.requestContext.requestId);
  });

  it('takes the event id from an EventBridge event', () => {
    expect(correlationIdOf(sesEvent)).toBe(sesEvent.id);
  });

  it('takes nothing from a workflow step’s payload, which logs its own ids', () => {
    expect(correlationIdOf({ transferId: '4f1c2b9e-8a61-4d8e-9d2f-0c7b5a1e3f42', shard: 0 })).toBeUndefined();
    expect(correlationIdOf(undefined)).toBeUndefined();
  });
});
