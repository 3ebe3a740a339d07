/** The evidence pack's workflow: one named test per path through `build-evidence-pack.asl.json`. */
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import {
  alwaysFailing,
  functionError,
  type JsonValue,
  loadWorkflow,
  payloadsTo,
  placeholdersOf,
  runtimeExit,
  runWorkflow,
  statesEntered,
} from './run-workflow.ts';

const part = 'write-evidence-pack-part';
const assemble = 'assemble-evidence-pack';

/** A fake part step: the shard numbers, each shard's people, a failure recorded; one shard may fail or crash once. */
function fakePartStep(options: { shards: number[]; failShard?: number; crashShardOnce?: number }) {
  let crashed = false;
  return (payload: JsonValue): JsonValue => {
    const input = payload as { part: string; shard?: number };
    switch (input.part) {
      case 'prepare':
        return { shards: options.shards };
      case 'shard':
        if (input.shard === options.failShard) {
          throw functionError('EvidencePackNotFoundError', 'No evidence pack');
        }
        if (input.shard === options.crashShardOnce && !crashed) {
          crashed = true;
          throw runtimeExit();
        }
        return { people: 100 };
      default:
        return { failed: true };
    }
  };
}

const packInput = () => ({ transferId: randomUUID(), packId: randomUUID() });
const idsOnly = ['part', 'transferId', 'packId', 'shard', 'error'];

describe('Workflow: build-evidence-pack', () => {
  it('is valid States Language and invokes only its own steps', () => {
    // Act
    const construct = () =>
      new StateMachine(loadWorkflow('build-evidence-pack'), {
        validationOptions: { checkArn: true, checkPaths: true },
      });

    // Assess
    expect(construct).not.toThrow();
    expect(placeholdersOf('build-evidence-pack').sort()).toEqual([
      'AssembleEvidencePackFunctionArn',
      'WriteEvidencePackPartFunctionArn',
    ]);
  });

  it('writes every shard, then assembles the pack once, with ids only in every payload', async () => {
    // Prepare
    const input = packInput();

    // Act
    const run = await runWorkflow('build-evidence-pack', input, {
      [part]: fakePartStep({ shards: [0, 1, 2] }),
      [assemble]: () => ({ people: 300, bytes: 123_456 }),
    });

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    const payloads = payloadsTo(run, part) as Array<Record<string, JsonValue>>;
    expect(payloads[0]).toEqual({ part: 'prepare', ...input });
    expect(
      payloads
        .filter((payload) => payload.part === 'shard')
        .map((payload) => payload.shard)
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(payloadsTo(run, assemble)).toEqual([input]);
    for (const payload of [...payloads, ...(payloadsTo(run, assemble) as Array<Record<string, JsonValue>>)]) {
      expect(Object.keys(payload).every((field) => idsOnly.includes(field))).toBe(true);
    }
    expect(statesEntered(run.events)).not.toContain('RecordFailure');
  });

  it('assembles at once a pack of a transfer with no one on the roster', async () => {
    // Act
    const run = await runWorkflow('build-evidence-pack', packInput(), {
      [part]: fakePartStep({ shards: [] }),
      [assemble]: () => ({ people: 0, bytes: 2_000 }),
    });

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(statesEntered(run.events)).toEqual(
      expect.arrayContaining(['Prepare', 'WriteEveryShard', 'Assemble']),
    );
    expect(payloadsTo(run, part)).toHaveLength(1);
  });

  it('retries a shard whose step crashed, and assembles the pack', async () => {
    // Act
    const run = await runWorkflow('build-evidence-pack', packInput(), {
      [part]: fakePartStep({ shards: [0, 1], crashShardOnce: 1 }),
      [assemble]: () => ({ people: 200, bytes: 9_000 }),
    });

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    const shards = (payloadsTo(run, part) as Array<{ part: string; shard?: number }>)
      .filter((payload) => payload.part === 'shard')
      .map((payload) => payload.shard);
    expect(shards.sort()).toEqual([0, 1, 1]);
    expect(payloadsTo(run, assemble)).toHaveLength(1);
  });

  it('marks the pack failed, naming only the error, and assembles nothing when a shard fails', async () => {
    // Prepare
    const input = packInput();

    // Act
    const run = await runWorkflow('build-evidence-pack', input, {
      [part]: fakePartStep({ shards: [0, 1], failShard: 1 }),
      [assemble]: () => ({ people: 0, bytes: 0 }),
    });

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'EvidencePackFailed' });
    expect(payloadsTo(run, assemble)).toEqual([]);
    expect((payloadsTo(run, part) as Array<{ part: string }>).at(-1)).toEqual({
      part: 'failed',
      ...input,
      error: 'EvidencePackNotFoundError',
    });
  });

  it('marks the pack failed when the assembly keeps failing', async () => {
    // Prepare
    const input = packInput();

    // Act
    const run = await runWorkflow('build-evidence-pack', input, {
      [part]: fakePartStep({ shards: [0] }),
      [assemble]: alwaysFailing(functionError('Error', 'The PDF browser gave no page in time')),
    });

    // Assess
    expect(run.outcome).toMatchObject({ status: 'FAILED', error: 'EvidencePackFailed' });
    expect(statesEntered(run.events)).toEqual(
      expect.arrayContaining(['Assemble', 'RecordFailure', 'PackFailed']),
    );
    expect((payloadsTo(run, part) as Array<{ part: string }>).at(-1)).toEqual({
      part: 'failed',
      ...input,
      error: 'Error',
    });
  });

  it('retries a crashed assembly and succeeds', async () => {
    // Prepare
    let calls = 0;

    // Act
    const run = await runWorkflow('build-evidence-pack', packInput(), {
      [part]: fakePartStep({ shards: [0] }),
      [assemble]: () => {
        calls += 1;
        if (calls === 1) throw runtimeExit();
        return { people: 100, bytes: 5_000 };
      },
    });

    // Assess
    expect(run.outcome.status).toBe('SUCCEEDED');
    expect(payloadsTo(run, assemble)).toHaveLength(2);
  });
});
