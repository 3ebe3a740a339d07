/** Retention's workflow: one named test per path through `remove-personal-data.asl.json`. */
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import {
  functionError,
  type JsonValue,
  loadWorkflow,
  payloadsTo,
  placeholdersOf,
  runtimeExit,
  runWorkflow,
  statesEntered,
} from './run-workflow.ts';

const step = 'remove-personal-data';

/** A fake step answering each part; `records` pages through `pages` cursors before it is done. */
function fakeStep(options: { shards: number[]; pages?: number; failShard?: number; crashOnce?: boolean }) {
  let recordsCalls = 0;
  let crashed = false;
  return (payload: JsonValue): JsonValue => {
    const input = payload as { part: string; shard?: number };
    switch (input.part) {
      case 'prepare':
        return { shards: options.shards };
      case 'shard':
        if (input.shard === options.failShard) {
          throw functionError('RetentionNotDueError', 'The personal data is not due for removal');
        }
        if (options.crashOnce && !crashed) {
          crashed = true;
          throw runtimeExit();
        }
        return { removed: 100 };
      case 'records': {
        recordsCalls += 1;
        const done = recordsCalls > (options.pages ?? 0);
        return { done, next: done ? null : { phase: 'records', after: `page-${recordsCalls}` } };
      }
      default:
        return { removedAt: '2033-01-02T03:00:00.000Z' };
    }
  };
}

describe('Workflow: remove-personal-data', () => {
  it('is valid States Language and invokes only its own step', () => {
    // Act
    const construct = () =>
      new StateMachine(loadWorkflow('remove-personal-data'), {
        validationOptions: { checkArn: true, checkPaths: true },
      });

    // Assess
    expect(construct).not.toThrow();
    expect(placeholdersOf('remove-personal-data')).toEqual(['RemovePersonalDataFunctionArn']);
  });

  it('takes the summary, removes every shard, pages through the records and finishes', async () => {
    // Prepare
    const transferId = randomUUID();

    // Act
    const run = await runWorkflow(
      'remove-personal-data',
      { transferId },
      { [step]: fakeStep({ shards: [0, 1, 2], pages: 2 }) },
    );

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    const payloads = payloadsTo(run, step) as Array<Record<string, JsonValue>>;
    expect(payloads[0]).toEqual({ part: 'prepare', transferId });
    expect(
      payloads
        .filter((payload) => payload.part === 'shard')
        .map((payload) => payload.shard)
        .sort(),
    ).toEqual([0, 1, 2]);
    const records = payloads.filter((payload) => payload.part === 'records');
    expect(records.map((payload) => payload.cursor)).toEqual([
      null,
      { phase: 'records', after: 'page-1' },
      { phase: 'records', after: 'page-2' },
    ]);
    expect(payloads.at(-1)).toEqual({ part: 'finish', transferId });
    // Ids, parts and cursors only: never a person.
    for (const payload of payloads) {
      expect(
        Object.keys(payload).every((field) => ['part', 'transferId', 'shard', 'cursor'].includes(field)),
      ).toBe(true);
    }
  });

  it('finishes at once for a roster already gone (a cancelled transfer)', async () => {
    // Act
    const run = await runWorkflow(
      'remove-personal-data',
      { transferId: randomUUID() },
      { [step]: fakeStep({ shards: [] }) },
    );

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual(
      expect.arrayContaining([
        'Prepare',
        'RemoveEveryShard',
        'StartRecords',
        'RemoveTransferRecords',
        'Finish',
      ]),
    );
  });

  it('retries a shard whose step crashed, and removes it', async () => {
    // Act
    const run = await runWorkflow(
      'remove-personal-data',
      { transferId: randomUUID() },
      {
        [step]: fakeStep({ shards: [0], crashOnce: true }),
      },
    );

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(
      (payloadsTo(run, step) as Array<{ part: string }>).filter((payload) => payload.part === 'shard'),
    ).toHaveLength(2);
  });

  it('stops before the records and the finish when a shard fails, so the next day runs it again', async () => {
    // Act
    const run = await runWorkflow(
      'remove-personal-data',
      { transferId: randomUUID() },
      {
        [step]: fakeStep({ shards: [0, 1], failShard: 1 }),
      },
    );

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'RemovePersonalDataFailed' });
    const parts = (payloadsTo(run, step) as Array<{ part: string }>).map((payload) => payload.part);
    expect(parts).not.toContain('records');
    expect(parts).not.toContain('finish');
  });
});
