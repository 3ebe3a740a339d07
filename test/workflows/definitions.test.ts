import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { claimLifetimeMs } from '../../functions/adapters/email-ledger.ts';
import {
  functionByName,
  functions,
  substitutionName,
  type WorkflowName,
  workflows,
} from '../../functions/catalog.ts';
import { digestPageCount, shardsPerDigestPage } from '../../functions/domain/transfer-day.ts';
import {
  type ExecutionEvent,
  emailClaimHeld,
  fakeFunctionArn,
  type JsonValue,
  loadWorkflow,
  placeholdersOf,
  readWorkflowText,
  runtimeExit,
  runWorkflow,
  statesOf,
  type WorkflowRun,
} from './run-workflow.ts';

/**
 * The catalog functions each workflow invokes: the step listing its shards (absent for a single task), the
 * step run for each shard (or once), which is the one that sends email, the step marking its milestone or
 * timer done (absent when HR started it and nothing is due), and the step recording a failure. `input` is
 * what starts it.
 */
interface WorkflowShape {
  /** A step before the shards that decides what they are sent and may email HR (an election's result). */
  before?: string;
  list?: string;
  each: string;
  /** A step after the shards that sends email too (transfer day's digests to managers and HR). */
  after?: string;
  /** Shards to a page of `after` runs, when it runs a page at a time (transfer day's digests, 10). */
  shardsPerAfterPage?: number;
  finish?: string;
  failure: string;
  input: Record<string, string | number>;
}

// `change` is the number of a date change; workflows that do not read it ignore it.
const transferRun = (milestone: string) => ({ transferId: randomUUID(), milestone, change: 1 });
const transferShape = (each: string, milestone: string): WorkflowShape => ({
  list: 'list-shards',
  each,
  finish: 'finish-milestone',
  failure: 'record-workflow-failure',
  input: transferRun(milestone),
});
const timerShape = (owner: 'consultationId' | 'contractId', each: string, timer: string, list?: string) => ({
  ...(list ? { list } : {}),
  each,
  finish: 'finish-timer',
  failure: 'record-timer-failure',
  input: { [owner]: randomUUID(), timer },
});

const representativeTimerShape = (timer: string) => ({
  list: 'list-shards',
  each: 'send-representative-election-emails',
  finish: 'finish-timer',
  failure: 'record-timer-failure',
  input: { transferId: randomUUID(), timer },
});

/**
 * Retention's workflow is one step function in four parts with a paging loop, and the evidence pack's sends
 * no email and finishes no milestone: each has its own tests (remove-personal-data.test.ts,
 * build-evidence-pack.test.ts).
 */
const ownTests = ['remove-personal-data', 'build-evidence-pack'] as const;
type ShapedWorkflow = Exclude<WorkflowName, (typeof ownTests)[number]>;
const isShaped = (name: WorkflowName): name is ShapedWorkflow =>
  !(ownTests as readonly string[]).includes(name);
const shapedWorkflows = workflows.flatMap((workflow) => (isShaped(workflow.name) ? [workflow.name] : []));

const shapes: Record<ShapedWorkflow, WorkflowShape> = {
  'launch-transfer': transferShape('send-invitations', 'launch'),
  'close-election': transferShape('apply-default-elections', 'election-closes'),
  'complete-transfer': {
    ...transferShape('move-shard-to-transferee', 'transfer-day'),
    after: 'send-transfer-digests',
    shardsPerAfterPage: shardsPerDigestPage,
  },
  'send-election-reminders': transferShape('send-election-reminders', 'election-reminder'),
  'remind-liability-information': {
    each: 'remind-liability-information',
    finish: 'finish-milestone',
    failure: 'record-workflow-failure',
    input: transferRun('liability-information-due'),
  },
  'remind-representations': {
    each: 'remind-representations',
    finish: 'finish-milestone',
    failure: 'record-workflow-failure',
    input: transferRun('representations-reminder'),
  },
  'notify-date-change': transferShape('notify-date-change', 'date-change'),
  'cancel-transfer': transferShape('cancel-shard', 'cancel'),
  'open-consultation': timerShape(
    'consultationId',
    'send-consultation-emails',
    'consultation-opens',
    'open-consultation',
  ),
  'remind-consultation': timerShape(
    'consultationId',
    'send-consultation-emails',
    'consultation-reminder',
    'list-consultation-shards',
  ),
  'close-consultation': timerShape('consultationId', 'close-consultation', 'consultation-closes'),
  'notify-consultation-outcome': {
    list: 'list-consultation-shards',
    each: 'send-consultation-emails',
    failure: 'record-timer-failure',
    input: { consultationId: randomUUID() },
  },
  'send-renewal-reminder': timerShape('contractId', 'send-renewal-reminder', 'renewal-reminder#30'),
  'escalate-renewal': timerShape('contractId', 'escalate-renewal', 'renewal-escalation'),
  'open-representative-nominations': {
    list: 'list-shards',
    each: 'send-representative-election-emails',
    failure: 'record-timer-failure',
    input: { transferId: randomUUID() },
  },
  'open-representative-ballot': {
    ...representativeTimerShape('representative-nominations-close'),
    before: 'close-representative-nominations',
  },
  'count-representative-votes': {
    ...representativeTimerShape('representative-ballot-closes'),
    before: 'count-representative-votes',
  },
};

const transientErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
  // The function's process died mid-invocation (killed, out of memory): every step is idempotent.
  'Runtime.ExitError',
  'TransientStepError',
];

/**
 * Emails a crashed invocation claimed stay held until the claim expires; a step run again meanwhile fails
 * with EmailClaimHeldError. It is tried again after the claim's lifetime, without jitter (a random shorter
 * wait would come back too early), and twice in case the retry itself crashes and leaves claims held.
 */
const claimHeldRetrier = {
  ErrorEquals: ['EmailClaimHeldError'],
  IntervalSeconds: 330,
  MaxAttempts: 2,
  BackoffRate: 1,
};

/** What a step payload may carry: ids, numbers and error names, never a person. */
const payloadFields = new Set([
  'transferId',
  'consultationId',
  'contractId',
  'shard',
  // Transfer day's page of managers for the digests.
  'page',
  'milestone',
  'timer',
  'message',
  'workflow',
  'error',
  'cause',
  'change',
  // What a run's steps did: emails sent (a count, or one a shard) and whether a reminder went out overdue.
  'sent',
  'digestsSent',
  'overdue',
]);

/**
 * Step Functions history events the run would write in AWS. The local engine logs the state and Map
 * iteration events AWS writes too, but not the three of each Lambda call (TaskScheduled, TaskStarted,
 * TaskSucceeded or TaskFailed) nor a Map state's MapStateStarted and MapStateSucceeded.
 */
function awsHistoryEvents(run: WorkflowRun): number {
  const mirrored = new Set<ExecutionEvent['type']>([
    'ExecutionStarted',
    'ExecutionSucceeded',
    'ExecutionFailed',
    'StateEntered',
    'StateExited',
    'MapIterationStarted',
    'MapIterationSucceeded',
    'MapIterationFailed',
  ]);
  const mapsEntered = run.events.filter(
    (event) => event.type === 'StateEntered' && event.state.type === 'Map',
  );
  return (
    run.events.filter((event) => mirrored.has(event.type)).length +
    3 * run.calls.length +
    2 * mapsEntered.length
  );
}

describe('Workflow definitions', () => {
  describe.each(shapedWorkflows)('%s', (name) => {
    it('is a valid States Language definition once its placeholders are substituted', () => {
      // Prepare
      const definition = loadWorkflow(name);

      // Act
      const construct = () =>
        new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });

      // Assess
      expect(construct).not.toThrow();
      expect(JSON.stringify(definition)).not.toContain('${');
    });

    it('names exactly the catalog functions it invokes as placeholders', () => {
      // Prepare
      const { before, list, each, after, finish, failure } = shapes[name];
      const expected = [
        ...new Set([before, list, each, after, finish, failure].filter((step) => step !== undefined)),
      ];

      // Act
      const placeholders = placeholdersOf(name);

      // Assess
      expect(placeholders).toEqual(expected.map(substitutionName).sort());
      for (const placeholder of placeholders) {
        expect(functions.map((fn) => substitutionName(fn.name))).toContain(placeholder);
      }
      expect(readWorkflowText(name)).not.toMatch(/arn:aws:lambda:/);
    });

    it('invokes each function through lambda:invoke with a payload of ids and counts and a timeout longer than the function', () => {
      // Prepare
      const tasks = [...statesOf(loadWorkflow(name))].flatMap(([stateName, state]) =>
        state.Type === 'Task' ? [{ stateName, state }] : [],
      );

      // Assess
      expect(tasks.length).toBe(
        [
          shapes[name].before,
          shapes[name].list,
          shapes[name].each,
          shapes[name].after,
          shapes[name].finish,
          shapes[name].failure,
        ].filter(Boolean).length + (shapes[name].shardsPerAfterPage ? 1 : 0),
      );
      for (const { stateName, state } of tasks) {
        const parameters = state.Parameters as { FunctionName: string; Payload: Record<string, unknown> };
        const fn = functions.find((candidate) => fakeFunctionArn(candidate.name) === parameters.FunctionName);
        expect(state.Resource, stateName).toBe('arn:aws:states:::lambda:invoke');
        expect(fn, `${stateName} invokes a catalog function`).toBeDefined();
        for (const field of Object.keys(parameters.Payload)) {
          expect(payloadFields, `${stateName} sends ${field}`).toContain(field.replace(/\.\$$/, ''));
        }
        if (stateName !== 'RecordFailure') {
          // One or two counts or flags from the step's answer (e.g. `sent` and `overdue`), never more.
          const selected = Object.values(state.ResultSelector ?? {});
          expect(selected.length, stateName).toBeGreaterThanOrEqual(1);
          expect(selected.length, stateName).toBeLessThanOrEqual(3);
          for (const path of selected) expect(path, stateName).toMatch(/^\$\.Payload\.\w+$/);
        }
        expect(state.TimeoutSeconds, stateName).toBeGreaterThan(
          functionByName(fn?.name ?? '').timeoutSeconds,
        );
      }
    });

    it('retries transient errors and crashes in every Task with exponential backoff and full jitter', () => {
      // Prepare
      const tasks = [...statesOf(loadWorkflow(name))].filter(([, state]) => state.Type === 'Task');

      // Assess
      for (const [stateName, state] of tasks) {
        const retriers = 'Retry' in state ? (state.Retry ?? []) : [];
        const [retrier] = retriers;
        expect(retrier?.ErrorEquals, stateName).toEqual(expect.arrayContaining(transientErrors));
        expect(retrier?.ErrorEquals, stateName).not.toContain('States.ALL');
        expect(retrier?.ErrorEquals, stateName).not.toContain('EmailClaimHeldError');
        expect(retrier, stateName).toMatchObject({
          IntervalSeconds: 2,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        });
        expect(retrier?.MaxAttempts, stateName).toBeGreaterThanOrEqual(3);
        expect(retrier?.MaxAttempts, stateName).toBeLessThanOrEqual(5);
      }
    });

    it('waits out an email claim a crash left held in the Tasks that send the emails, and only there', () => {
      // Prepare
      const emailSteps = [shapes[name].before, shapes[name].each, shapes[name].after].flatMap((step) =>
        step ? [fakeFunctionArn(step)] : [],
      );
      const tasks = [...statesOf(loadWorkflow(name))].flatMap(([stateName, state]) =>
        state.Type === 'Task'
          ? [
              {
                stateName,
                state,
                sendsEmail: emailSteps.includes((state.Parameters as { FunctionName: string }).FunctionName),
              },
            ]
          : [],
      );

      // Assess
      expect(claimHeldRetrier.IntervalSeconds * 1000).toBeGreaterThan(claimLifetimeMs);
      // Each email step in one Task, or two for a step run a page at a time and then once more (HR's summary).
      expect(tasks.filter(({ sendsEmail }) => sendsEmail)).toHaveLength(
        emailSteps.length + (shapes[name].shardsPerAfterPage ? 1 : 0),
      );
      for (const { stateName, state, sendsEmail } of tasks) {
        // After the transient retrier, so a crash is retried at once and only a held claim waits.
        expect((state.Retry ?? []).slice(1), stateName).toEqual(sendsEmail ? [claimHeldRetrier] : []);
      }
    });

    it('sends every error of its steps to RecordFailure and then to a Fail state', () => {
      // Prepare
      const definition = loadWorkflow(name);
      const recordFailure = definition.States.RecordFailure;

      // Assess
      for (const [stateName, state] of Object.entries(definition.States)) {
        if (state.Type !== 'Task' && state.Type !== 'Map') continue;
        if (stateName === 'RecordFailure') continue;
        expect('Catch' in state ? state.Catch : undefined, stateName).toEqual([
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
        ]);
      }
      expect(recordFailure && 'Next' in recordFailure).toBe(true);
      const failState =
        recordFailure && 'Next' in recordFailure ? definition.States[recordFailure.Next] : undefined;
      expect(failState).toMatchObject({ Type: 'Fail', Error: expect.stringMatching(/Failed$/) });
      expect(failState && 'Cause' in failState ? failState.Cause : '').toMatch(
        /recorded on the (transfer|consultation|contract) for HR/,
      );
    });

    it('keeps the history of a 50,000-person roster (500 shards) far below the 25,000-event limit', async () => {
      // Prepare: AWS writes 7 events a shard (MapIterationStarted, TaskStateEntered, TaskScheduled,
      // TaskStarted, TaskSucceeded, TaskStateExited, MapIterationSucceeded) and 3 more for each retry.
      const { before, list, each, after, finish, failure, input, shardsPerAfterPage } = shapes[name];
      const stepsFor = (shardCount: number) => ({
        ...(before ? { [before]: () => ({ message: 'ballot' }) } : {}),
        ...(after ? { [after]: () => ({ sent: 77 }) } : {}),
        ...(list
          ? {
              [list]: () => ({
                shards: Array.from({ length: shardCount }, (_, shard) => shard),
                shardsAtOnce: 4,
              }),
            }
          : {}),
        [each]: () => ({ processed: 100, sent: 100, overdue: false }),
        ...(finish ? { [finish]: () => ({ status: 'done' }) } : {}),
        [failure]: () => ({}),
      });

      // Act
      const empty = await runWorkflow(name, input, stepsFor(0));
      const big = await runWorkflow(name, input, stepsFor(500));

      // Assess
      expect(big.outcome.status).toBe('SUCCEEDED');
      // A single-task workflow never reads the roster: its history does not grow with it. A step run a page
      // at a time adds 7 events a page.
      const pageEvents = shardsPerAfterPage ? 7 / shardsPerAfterPage : 0;
      expect((awsHistoryEvents(big) - awsHistoryEvents(empty)) / 500).toBeCloseTo(list ? 7 + pageEvents : 0);
      expect(awsHistoryEvents(big)).toBeLessThan(25_000 / 5);
      // Ids, and at most one count a shard (the emails each sent, for the milestone's `sent`).
      // (The shard numbers are listed again in pages, to number the pages: 4 characters a shard.)
      expect(JSON.stringify(big.outcome).length).toBeLessThan(
        500 + (list ? 500 * 4 : 0) + (shardsPerAfterPage ? 500 * 4 + (500 / shardsPerAfterPage) * 4 : 0),
      );
    });

    it('stays within the 25,000-event limit when every one of 500 shards spends all its retries', async () => {
      // Prepare: each shard crashes until the transient retrier gives up its last retry, then meets
      // held claims until the claim retrier does, and then succeeds: 4 + 2 retries, 3 events each.
      const { before, list, each, after, finish, failure, input, shardsPerAfterPage } = shapes[name];
      const emailTask = [...statesOf(loadWorkflow(name))].find(
        ([, state]) =>
          state.Type === 'Task' &&
          (state.Parameters as { FunctionName: string }).FunctionName === fakeFunctionArn(each),
      )?.[1];
      const [transient, claimHeld] = (emailTask && 'Retry' in emailTask ? emailTask.Retry : undefined) ?? [];
      const crashes = transient?.MaxAttempts ?? 0;
      const retries = crashes + (claimHeld?.MaxAttempts ?? 0);
      const callsByShard = new Map<string, number>();
      const stepsFor = (shardCount: number) => ({
        ...(list
          ? {
              [list]: () => ({
                shards: Array.from({ length: shardCount }, (_, shard) => shard),
                shardsAtOnce: 4,
              }),
            }
          : {}),
        ...(before ? { [before]: () => ({ message: 'ballot' }) } : {}),
        ...(after ? { [after]: () => ({ sent: 77 }) } : {}),
        [each]: (payload: JsonValue) => {
          const shard = JSON.stringify(payload);
          const calls = (callsByShard.get(shard) ?? 0) + 1;
          callsByShard.set(shard, calls);
          if (calls <= crashes) throw runtimeExit();
          if (calls <= retries) throw emailClaimHeld();
          return { processed: 100, sent: 100, overdue: false };
        },
        ...(finish ? { [finish]: () => ({ status: 'done' }) } : {}),
        [failure]: () => ({}),
      });

      // Act
      const empty = await runWorkflow(name, input, stepsFor(0));
      callsByShard.clear();
      const big = await runWorkflow(name, input, stepsFor(500));

      // Assess
      expect(retries).toBe(6);
      expect(big.outcome.status).toBe('SUCCEEDED');
      expect(big.calls.filter((call) => call.function === each)).toHaveLength(
        (list ? 500 : 1) * (1 + retries),
      );
      const pageEvents = shardsPerAfterPage ? 7 / shardsPerAfterPage : 0;
      expect((awsHistoryEvents(big) - awsHistoryEvents(empty)) / 500).toBeCloseTo(
        list ? 7 + 3 * retries + pageEvents : 0,
      );
      // 500 × 25 = 12,500 events for the shards and a few around the Map: about half the limit.
      expect(awsHistoryEvents(big)).toBeLessThan(13_000);
    });
  });

  describe.each(shapedWorkflows.filter((name) => shapes[name].list))('%s, paced', (name) => {
    it('runs each Map that sends email as many at once as its listing step says the sending rate allows', () => {
      // Prepare
      const { list = '', each, after } = shapes[name];
      const states = Object.values(loadWorkflow(name).States);
      const invokes = (state: (typeof states)[number], step: string | undefined) =>
        step !== undefined && JSON.stringify(state).includes(`"FunctionName":"${fakeFunctionArn(step)}"`);
      const listing = states.find((state) => state.Type === 'Task' && invokes(state, list));
      const planned = `${listing && 'ResultPath' in listing ? listing.ResultPath : ''}.shardsAtOnce`;
      // Where the plan is read from: the listing's result, or a Pass state's copy of it (transfer day's pages).
      const copies = states.flatMap((state) =>
        state.Type === 'Pass'
          ? Object.entries((state.Parameters ?? {}) as Record<string, unknown>).flatMap(([key, path]) =>
              path === planned ? [`${state.ResultPath}.${key.replace(/\.\$$/, '')}`] : [],
            )
          : [],
      );

      // Act
      const sendingMaps = states.flatMap((state) =>
        state.Type === 'Map' && (invokes(state, each) || invokes(state, after)) ? [state] : [],
      );

      // Assess
      expect(listing && 'ResultSelector' in listing ? listing.ResultSelector : undefined).toMatchObject({
        'shardsAtOnce.$': '$.Payload.shardsAtOnce',
      });
      expect(sendingMaps.length).toBe(after && shapes[name].shardsPerAfterPage ? 2 : 1);
      for (const map of sendingMaps) {
        expect(map.MaxConcurrency).toBeUndefined();
        expect([planned, ...copies]).toContain(map.MaxConcurrencyPath);
      }
    });
  });

  it("pages transfer day's digests as the steps count the pages: one a page, numbered from 0", async () => {
    // Prepare: 23 shards make 3 pages
    const transferId = randomUUID();
    const shards = Array.from({ length: 23 }, (_, shard) => shard);

    // Act
    const run = await runWorkflow(
      'complete-transfer',
      { transferId, milestone: 'transfer-day' },
      {
        'list-shards': () => ({ shards, shardsAtOnce: 4 }),
        'move-shard-to-transferee': () => ({ processed: 100, sent: 100 }),
        'send-transfer-digests': (payload: JsonValue) => ({
          sent: (payload as { page?: number }).page === undefined ? 1 : 5,
        }),
        'finish-milestone': () => ({ status: 'completed' }),
        'record-workflow-failure': () => ({}),
      },
    );

    // Assess
    const digestCalls = run.calls.filter((call) => call.function === 'send-transfer-digests');
    const pages = digestCalls.flatMap((call) => {
      const page = (call.payload as { page?: number }).page;
      return page === undefined ? [] : [page];
    });
    expect(shardsPerDigestPage).toBe(10);
    expect(pages.sort((a, b) => a - b)).toEqual([0, 1, 2]);
    expect(pages).toHaveLength(digestPageCount(shards.length));
    expect(digestCalls.at(-1)?.payload).toEqual({ transferId, digestsSent: [5, 5, 5] });
  });

  it('uses every workflow step of the catalog in some workflow', () => {
    // Prepare
    const steps = functions.filter((fn) => fn.entry.startsWith('functions/handlers/steps/'));

    // Act
    const used = new Set(workflows.flatMap((workflow) => placeholdersOf(workflow.name)));

    // Assess
    expect(
      steps.map((fn) => substitutionName(fn.name)).filter((placeholder) => !used.has(placeholder)),
    ).toEqual([]);
  });
});
