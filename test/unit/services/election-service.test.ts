import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseRepository } from '../../../functions/adapters/case-repository.ts';
import { chooseOption } from '../../../functions/domain/election.ts';
import {
  ConflictError,
  EmployeeNumberMismatchError,
  LinkLockedError,
  TooManyAttemptsError,
  TransientStepError,
} from '../../../functions/domain/errors.ts';
import type { StaffCase } from '../../../functions/domain/transfer.ts';
import {
  confirmationPatienceMs,
  electionService,
  pensionFormLink,
} from '../../../functions/services/election-service.ts';
import { wrongNumbersPerClientHour } from '../../../functions/services/employee-number-check.ts';
import { notifier } from '../../../functions/services/notifier.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryClientRateLimits,
  inMemoryEmailLedger,
  inMemoryTransferRepository,
  plainRender,
  recordingMailer,
  recordingMetrics,
} from '../../fixtures/domain/in-memory-stores.ts';
import { publicBaseUrl, linkSecret as secret, signing } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const whileOpen = '2026-07-01T11:00:00.000Z';
const client = { sourceIp: '192.0.2.10' };

/** A launched transfer with `count` invited people (stored without a version, as older cases are). */
async function world(count = 1, wrapCases: (cases: CaseRepository) => CaseRepository = (cases) => cases) {
  const store = new InMemoryTransferStore();
  const clock = fixedClock(whileOpen);
  const ledger = inMemoryEmailLedger();
  const mailer = recordingMailer();
  const clientLimits = inMemoryClientRateLimits();
  const transfer = storedTransfer({ nextRosterIndex: count });
  store.putTransfer(transfer);
  const people = Array.from({ length: count }, (_, index) =>
    staffCase({
      transferId: transfer.id,
      employeeNumber: `E100${index}`,
      email: `person.${index}@council.example.org`,
    }),
  );
  store.putCases(people);
  const cases = wrapCases(inMemoryCaseRepository(store));
  const metrics = recordingMetrics();
  const { recordMetric } = metrics;
  const service = electionService({
    transfers: inMemoryTransferRepository(store),
    cases,
    clock,
    readSecret: async () => secret,
    notify: notifier({ ledger, send: mailer.send, render: plainRender, clock, recordMetric }),
    publicBaseUrl: () => publicBaseUrl,
    clientLimits,
    recordMetric,
  });
  const tokens = await Promise.all(
    people.map(
      async (person) => (await pensionFormLink(signing, transfer, person)).split('/').at(-1) as string,
    ),
  );
  const stored = (index = 0) => store.casesOf(transfer.id).get((people[index] as StaffCase).employeeNumber);
  return { store, clock, ledger, mailer, clientLimits, transfer, people, service, tokens, stored, metrics };
}

/** What was thrown, for asserting on it. */
/**
 * Waits, in real time, for the service to set its first timer: opening and making a link are real
 * (WebCrypto) work that fake timers cannot hurry, so timers run too early would find nothing to run.
 */
async function firstTimerSet(): Promise<void> {
  await vi.waitFor(() => expect(vi.getTimerCount()).toBeGreaterThan(0), { timeout: 4_000 });
}

async function thrownBy(act: () => Promise<unknown>): Promise<unknown> {
  try {
    await act();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Function: electionService.confirm', () => {
  it('moves the tallies from the choice it really replaced when another change landed first', async () => {
    // Prepare: between this confirmation's read and its write, another one (NHSPS) lands.
    let raced = false;
    const { store, transfer, service, tokens, stored, mailer, metrics } = await world(1, (cases) => ({
      ...cases,
      async applyChanges(transferId, changes) {
        if (!raced) {
          raced = true;
          const current = await cases.get(transferId, 0, 'E1000');
          await cases.applyChanges(transferId, [
            chooseOption(transfer, current, 'NHSPS', new Date(whileOpen)),
          ]);
        }
        return cases.applyChanges(transferId, changes);
      },
    }));

    // Act
    const election = await service.confirm(tokens[0] as string, 'E1000', 'LGPS', client);

    // Assess
    expect(election.option).toBe('LGPS');
    expect(stored()?.election?.option).toBe('LGPS');
    expect(stored()?.version).toBe(2);
    expect(store.elections.get(transfer.id)).toEqual({ LGPS: 1, NHSPS: 0 });
    expect(stored()?.history.map((event) => [event.action, event.from, event.to])).toEqual([
      ['elected', undefined, 'NHSPS'],
      ['election-changed', 'NHSPS', 'LGPS'],
    ]);
    // The racing write sent no email (it came straight through the store); this change sent one.
    expect(mailer.sent).toHaveLength(1);
    expect(metrics.valuesOf('ElectionsRecorded')).toEqual([1]);
  });

  it('sends one confirmation for each recorded change, keyed by the version it wrote', async () => {
    // Prepare
    const { service, tokens, ledger, mailer, store, transfer, metrics } = await world();

    // Act
    for (const option of ['NHSPS', 'LGPS', 'NHSPS']) {
      await service.confirm(tokens[0] as string, 'E1000', option, client);
    }

    // Assess
    const purposes = [...ledger.records.values()].map((record) => record.key.purpose);
    expect(purposes).toEqual([
      'election-confirmation#v1',
      'election-confirmation#v2',
      'election-confirmation#v3',
    ]);
    expect(mailer.sent).toHaveLength(3);
    expect(store.elections.get(transfer.id)).toEqual({ LGPS: 0, NHSPS: 1 });
    expect(metrics.valuesOf('ElectionsRecorded')).toEqual([1, 1, 1]);
    expect(metrics.valuesOf('EmailsSent')).toEqual([1, 1, 1]);
  });

  it('counts no ElectionsRecorded for a choice it refuses: a wrong employee number records nothing', async () => {
    // Prepare
    const { service, tokens, metrics } = await world();

    // Act
    const refused = await thrownBy(() => service.confirm(tokens[0] as string, 'E9999', 'NHSPS', client));

    // Assess
    expect(refused).toBeInstanceOf(EmployeeNumberMismatchError);
    expect(metrics.recorded).toEqual([]);
  });

  it('gives up with a 409 ConflictError after a bounded number of lost races, recording and sending nothing', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    let tries = 0;
    const { service, tokens, mailer, store, stored, metrics } = await world(1, (cases) => ({
      ...cases,
      async applyChanges() {
        tries++;
        throw new TransientStepError('A case changed while it was being updated; try again');
      },
    }));

    // Act
    const refused = thrownBy(() => service.confirm(tokens[0] as string, 'E1000', 'NHSPS', client));
    await firstTimerSet();
    await vi.runAllTimersAsync();
    const error = await refused;

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).status).toBe(409);
    expect((error as ConflictError).cause).toBeInstanceOf(TransientStepError);
    expect(tries).toBe(8);
    expect(mailer.sent).toHaveLength(0);
    expect(metrics.recorded).toEqual([]);
    expect(stored()?.election).toBeUndefined();
    expect(store.writes).toEqual([]);
  });
});

describe('Function: electionService.checkEmployeeNumber', () => {
  it('locks the link on the fifth wrong number, then refuses even the right one, recording nothing', async () => {
    // Prepare
    const { service, tokens, stored, store } = await world();
    const token = tokens[0] as string;

    // Act
    const answers = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      answers.push(await thrownBy(() => service.checkEmployeeNumber(token, `E99${attempt}`, client)));
    }
    const rightNumber = await thrownBy(() => service.confirm(token, 'E1000', 'NHSPS', client));

    // Assess
    expect(answers.slice(0, 4).every((error) => error instanceof EmployeeNumberMismatchError)).toBe(true);
    expect(answers[4]).toBeInstanceOf(LinkLockedError);
    expect((answers[4] as LinkLockedError).until).toBe('2026-07-01T11:15:00.000Z');
    expect(rightNumber).toBeInstanceOf(LinkLockedError);
    expect(stored()?.election).toBeUndefined();
    expect(store.writes).not.toContain('cases.applyChanges');
    expect(stored()?.history.map((event) => event.action)).toEqual([
      ...Array(5).fill('wrong-employee-number'),
      'link-locked',
    ]);
  });

  it('takes the right number once the lock has passed, and forgets the wrong ones', async () => {
    // Prepare
    const { service, tokens, stored, clock } = await world();
    const token = tokens[0] as string;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await thrownBy(() => service.checkEmployeeNumber(token, `E99${attempt}`, client));
    }
    clock.set('2026-07-01T11:15:00.000Z');

    // Act
    const election = await service.confirm(token, 'E1000', 'NHSPS', client);

    // Assess
    expect(election.option).toBe('NHSPS');
    expect(stored()?.lockout).toBeUndefined();
  });

  it('refuses a client over its hourly limit of wrong numbers across links, the right number too', async () => {
    // Prepare: ten links, five wrong numbers on each from one client.
    const { service, tokens, clientLimits } = await world(11);
    for (const [index, token] of tokens.slice(0, 10).entries()) {
      for (let attempt = 1; attempt <= 5; attempt++) {
        await thrownBy(() => service.checkEmployeeNumber(token, `X${index}${attempt}`, client));
      }
    }

    // Act
    const wrong = await thrownBy(() => service.checkEmployeeNumber(tokens[10] as string, 'X', client));
    const right = await thrownBy(() => service.checkEmployeeNumber(tokens[10] as string, 'E10010', client));
    const otherClient = await service.checkEmployeeNumber(tokens[10] as string, 'E10010', {
      sourceIp: '198.51.100.7',
    });

    // Assess
    expect(wrongNumbersPerClientHour).toBe(50);
    expect([...clientLimits.counts.values()]).toEqual([50]);
    expect(wrong).toBeInstanceOf(TooManyAttemptsError);
    expect(right).toBeInstanceOf(TooManyAttemptsError);
    expect(otherClient).toEqual({ employeeNumber: 'E10010' });
  });
});

describe('Function: electionService.confirm when the email service stumbles', () => {
  it('waits out refused sends after the choice is stored, and sends its one confirmation', async () => {
    // Prepare: SES refuses the first two tries of the confirmation
    const { service, tokens, mailer, stored } = await world();
    mailer.failNext(2);

    // Act
    const election = await service.confirm(tokens[0] as string, 'E1000', 'NHSPS', client);

    // Assess
    expect(election.option).toBe('NHSPS');
    expect(stored()?.election?.option).toBe('NHSPS');
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toBe('person.0@council.example.org');
  });

  it('gives up once its patience is spent, keeping the choice and answering the error', async () => {
    // Prepare: SES refuses every try
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    const { service, tokens, mailer, stored } = await world();
    mailer.failNext(1_000);

    // Act
    const outcome = thrownBy(() => service.confirm(tokens[0] as string, 'E1000', 'NHSPS', client));
    await firstTimerSet();
    await vi.advanceTimersByTimeAsync(confirmationPatienceMs + 5_000);

    // Assess
    expect(await outcome).toBeInstanceOf(TransientStepError);
    expect(stored()?.election?.option).toBe('NHSPS');
    expect(mailer.sent).toHaveLength(0);
  });
});
