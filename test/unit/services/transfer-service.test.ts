import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ledgerReference } from '../../../functions/adapters/email-ledger.ts';
import {
  ConflictError,
  ForbiddenError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  TransferNotDraftError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import type { StaffCase, Transfer } from '../../../functions/domain/transfer.ts';
import { emptyCounts, milestonesOf, todayOf } from '../../../functions/domain/transfer-rules.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
import { transferService } from '../../../functions/services/transfer-service.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryEmailLedger,
  inMemoryTransferRepository,
  recordingWorkflowStarter,
} from '../../fixtures/domain/in-memory-stores.ts';
import {
  fixedClock,
  newTransferInput,
  noonToday,
  pensionOptions,
  rosterRow,
  rosterRows,
  staffCase,
  storedTransfer,
} from '../../fixtures/domain/transfers.ts';

const hr: Actor = { id: 'hr@council.example.org', roles: ['hr'] };
const manager: Actor = { id: 'sam.jones@council.example.org', roles: ['manager'] };

function serviceWithFakes(now: Date | string = noonToday) {
  const store = new InMemoryTransferStore();
  const starter = recordingWorkflowStarter();
  const ledger = inMemoryEmailLedger();
  const clock = fixedClock(now);
  const transfers = inMemoryTransferRepository(store);
  const service = transferService({
    transfers,
    cases: inMemoryCaseRepository(store),
    ledger,
    startWorkflow: starter.start,
    clock,
  });
  return { service, store, starter, ledger, clock, transfers };
}

/** A stored transfer with `people` cases spread over shards as an import would place them. */
function transferWithStaff(
  store: InMemoryTransferStore,
  people: number,
  overrides: Partial<Transfer> = {},
  caseOverrides: (index: number) => Partial<StaffCase> = () => ({}),
): Transfer {
  const transfer = storedTransfer({ nextRosterIndex: people, ...overrides });
  store.putTransfer(transfer);
  store.putCases(
    Array.from({ length: people }, (_, index) =>
      staffCase({
        transferId: transfer.id,
        employeeNumber: `E${String(index).padStart(4, '0')}`,
        name: `Person ${index}`,
        shard: Math.floor(index / 100),
        ...caseOverrides(index),
      }),
    ),
  );
  return transfer;
}

/** Runs `act` and answers the error it rejects with. */
async function rejectionOf(act: () => Promise<unknown>): Promise<Error> {
  try {
    await act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('Function: transferService.create', () => {
  it('stores a draft transfer for HR, with no staff yet and the legal basis TUPE by default', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();

    // Act
    const transfer = await service.create(newTransferInput(), hr);

    // Assess
    expect(transfer).toEqual({
      ...newTransferInput(),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      legalBasis: 'TUPE',
      retentionYears: 6,
      informationLeadDays: 30,
      status: 'draft',
      nextRosterIndex: 0,
      total: 0,
      counts: emptyCounts(),
      elections: { LGPS: 0, NHSPS: 0 },
      createdAt: noonToday.toISOString(),
      createdBy: hr.id,
    });
    expect(store.transfers.has(transfer.id)).toBe(true);
  });

  it('refuses someone without the HR role and stores nothing', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();

    // Act
    const error = await rejectionOf(() => service.create(newTransferInput(), manager));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(store.writes).toEqual([]);
  });

  it('refuses invalid input with field errors and stores nothing', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();

    // Act
    const error = await rejectionOf(() =>
      service.create(newTransferInput({ transferDate: '2026-02-30' }), hr),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors?.map((fieldError) => fieldError.path)).toEqual(['transferDate']);
    expect(store.writes).toEqual([]);
  });

  it("judges 'today' in London: at 00:30 BST a transfer dated that day is not in the future", async () => {
    // Prepare: 23:30 UTC on 1 June is 00:30 on 2 June in London.
    const { service } = serviceWithFakes('2026-06-01T23:30:00.000Z');
    const input = newTransferInput({
      transferDate: '2026-06-02',
      pension: { options: pensionOptions, defaultOption: 'LGPS', electionClosesOn: '2026-06-02' },
    });

    // Act
    const error = await rejectionOf(() => service.create(input, hr));

    // Assess
    expect((error as ValidationError).errors).toContainEqual({
      path: 'transferDate',
      message: 'The transfer date must be in the future',
    });
  });
});

describe('Function: transferService.importStaff', () => {
  it('stores valid rows as imported cases of the transferor and answers how many', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const { id } = await service.create(newTransferInput(), hr);

    // Act
    const result = await service.importStaff(id, rosterRows(3), hr);

    // Assess
    expect(result).toEqual({ added: 3, total: 3 });
    expect(store.caseOf(id, 'E0001')).toEqual({
      ...rosterRows(3)[1],
      transferId: id,
      shard: 0,
      status: 'imported',
      employer: 'transferor',
      history: [{ at: noonToday.toISOString(), by: hr.id, action: 'imported', to: 'imported' }],
    });
    expect(store.audit.get(id)?.at(-1)).toEqual({
      at: noonToday.toISOString(),
      by: hr.id,
      action: 'staff-imported',
      detail: { added: 3 },
    });
  });

  it('gives the rows consecutive roster indexes from the ones it reserved, 100 to a shard', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const { id } = await service.create(newTransferInput(), hr);
    await service.importStaff(id, rosterRows(95), hr);
    const more = rosterRows(110).slice(95);

    // Act
    const result = await service.importStaff(id, more, hr);

    // Assess
    expect(result).toEqual({ added: 15, total: 110 });
    const shards = more.map((row) => store.caseOf(id, String(row.employeeNumber)).shard);
    expect(shards).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(store.transfers.get(id)?.nextRosterIndex).toBe(110);
  });

  it('refuses a transfer that is no longer a draft without reserving anything', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const transfer = storedTransfer({ status: 'launched' });
    store.putTransfer(transfer);

    // Act
    const error = await rejectionOf(() => service.importStaff(transfer.id, rosterRows(2), hr));

    // Assess
    expect(error).toBeInstanceOf(TransferNotDraftError);
    expect(store.writes).toEqual([]);
  });

  it('refuses someone without the HR role', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const { id } = await service.create(newTransferInput(), hr);
    store.writes.length = 0;

    // Act
    const error = await rejectionOf(() => service.importStaff(id, rosterRows(2), manager));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(store.writes).toEqual([]);
  });

  it('refuses people already on the roster, whatever the case, reserving and storing nothing', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const { id } = await service.create(newTransferInput(), hr);
    await service.importStaff(id, [rosterRow({ employeeNumber: 'E1001' })], hr);
    store.writes.length = 0;

    // Act
    const error = await rejectionOf(() =>
      service.importStaff(
        id,
        [
          rosterRow({ employeeNumber: 'E2002', email: 'b@council.example.org' }),
          rosterRow({ employeeNumber: 'e1001' }),
        ],
        hr,
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors?.map((fieldError) => fieldError.path)).toEqual([
      'staff[1].employeeNumber',
    ]);
    expect(store.writes).toEqual([]);
    expect(store.transfers.get(id)?.nextRosterIndex).toBe(1);
  });

  it("reports a repeated employee number with the row's other errors in one pass, naming both rows", async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const { id } = await service.create(newTransferInput(), hr);
    store.writes.length = 0;

    // Act
    const error = await rejectionOf(() =>
      service.importStaff(
        id,
        [
          rosterRow({ employeeNumber: 'E1001' }),
          rosterRow({ employeeNumber: 'E1002', email: 'b@council.example.org' }),
          rosterRow({ employeeNumber: 'e1001', email: 'not-an-email', jobTitle: '' }),
        ],
        hr,
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { path: 'staff[0].employeeNumber', message: 'The employee number E1001 is also on row 3' },
      { path: 'staff[2].email', message: expect.any(String) },
      { path: 'staff[2].jobTitle', message: 'Enter the job title' },
      { path: 'staff[2].employeeNumber', message: 'The employee number e1001 is also on row 1' },
    ]);
    expect(store.writes).toEqual([]);
  });

  it('stores none of the rows when one is invalid', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const { id } = await service.create(newTransferInput(), hr);
    store.writes.length = 0;
    const rows = rosterRows(4);
    rows[2] = { ...rows[2], contractType: 'fixed-term' };

    // Act
    const error = await rejectionOf(() => service.importStaff(id, rows, hr));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(store.writes).toEqual([]);
    expect(store.casesOf(id).size).toBe(0);
  });

  it('refuses more than 5,000 rows as too large, storing nothing', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const { id } = await service.create(newTransferInput(), hr);
    store.writes.length = 0;

    // Act
    const error = await rejectionOf(() => service.importStaff(id, rosterRows(5001), hr));

    // Assess
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(store.writes).toEqual([]);
  });
});

describe('Function: transferService.launch', () => {
  it('launches a draft with staff: stores its milestones and starts the launch workflow with ids only', async () => {
    // Prepare
    const { service, store, starter } = serviceWithFakes();
    const transfer = transferWithStaff(store, 3, { status: 'draft' });

    // Act
    await service.launch(transfer.id, hr);

    // Assess
    expect(store.transfers.get(transfer.id)).toMatchObject({
      status: 'launched',
      launchedAt: noonToday.toISOString(),
    });
    expect(await service.get(transfer.id)).toMatchObject({
      milestones: milestonesOf(transfer),
      launch: { kind: 'launch', dueOn: todayOf(noonToday), status: 'running', attempt: 1 },
    });
    expect(starter.started).toEqual([
      {
        workflow: 'launch-transfer',
        name: `${transfer.id}-launch`,
        input: { transferId: transfer.id, milestone: 'launch' },
      },
    ]);
  });

  it('starts the same execution again for a launched transfer whose launch is running, without launching it twice', async () => {
    // Prepare
    const { service, store, starter } = serviceWithFakes();
    const transfer = transferWithStaff(store, 3, { status: 'draft' });
    await service.launch(transfer.id, hr);
    store.writes.length = 0;

    // Act
    await service.launch(transfer.id, hr);

    // Assess
    expect(starter.calls).toBe(2);
    expect(starter.started).toHaveLength(1);
    expect(store.writes).not.toContain('transfers.markLaunched');
  });

  it('changes nothing and starts nothing once the launch has finished', async () => {
    // Prepare
    const { service, store, starter, transfers } = serviceWithFakes();
    const transfer = transferWithStaff(store, 3, { status: 'draft' });
    await service.launch(transfer.id, hr);
    await transfers.finishMilestone(transfer.id, 'launch', undefined, noonToday.toISOString(), {
      status: 'done',
      sent: 3,
    });
    starter.close(`${transfer.id}-launch`);
    store.writes.length = 0;

    // Act
    await service.launch(transfer.id, hr);

    // Assess
    expect(starter.calls).toBe(1);
    expect(store.writes).toEqual([]);
  });

  it('starts the launch again under a new name when it failed, and again when its run died unrecorded', async () => {
    // Prepare
    const { service, store, starter, transfers } = serviceWithFakes();
    const transfer = transferWithStaff(store, 3, { status: 'draft' });
    await service.launch(transfer.id, hr);
    starter.close(`${transfer.id}-launch`);
    await transfers.recordFailure(transfer.id, {
      workflow: 'launch-transfer',
      milestone: 'launch',
      error: 'ProvisionedThroughputExceededException',
      at: noonToday.toISOString(),
    });

    // Act: resumed after the failure; then that run dies with its host, leaving the record running
    await service.launch(transfer.id, hr);
    starter.close(`${transfer.id}-launch-a2`);
    await service.launch(transfer.id, hr);

    // Assess
    expect(starter.started.map((execution) => execution.name)).toEqual([
      `${transfer.id}-launch`,
      `${transfer.id}-launch-a2`,
      `${transfer.id}-launch-a3`,
    ]);
    expect(store.milestoneItems.get(transfer.id)?.get('launch')).toMatchObject({
      status: 'running',
      attempt: 3,
    });
    expect(store.transfers.get(transfer.id)?.status).toBe('launched');
  });

  it("asks for the transfer's own consultation on every launch, before the launch workflow starts", async () => {
    // Prepare
    const store = new InMemoryTransferStore();
    const starter = recordingWorkflowStarter();
    const asked: string[] = [];
    const service = transferService({
      transfers: inMemoryTransferRepository(store),
      cases: inMemoryCaseRepository(store),
      ledger: inMemoryEmailLedger(),
      startWorkflow: async (...args) => {
        asked.push('start');
        return starter.start(...args);
      },
      clock: fixedClock(noonToday),
      createConsultation: async (transfer, actor) => {
        asked.push(`consultation of ${transfer.id} by ${actor.id}`);
      },
    });
    const transfer = transferWithStaff(store, 3, { status: 'draft' });

    // Act
    await service.launch(transfer.id, hr);
    await service.launch(transfer.id, hr);

    // Assess
    const consultation = `consultation of ${transfer.id} by ${hr.id}`;
    expect(asked).toEqual([consultation, 'start', consultation, 'start']);
  });

  it('refuses a draft with no staff, starting nothing', async () => {
    // Prepare
    const { service, store, starter } = serviceWithFakes();
    const { id } = await service.create(newTransferInput(), hr);

    // Act
    const error = await rejectionOf(() => service.launch(id, hr));

    // Assess
    expect(error).toBeInstanceOf(TransferNotDraftError);
    expect(store.transfers.get(id)?.status).toBe('draft');
    expect(starter.calls).toBe(0);
  });

  it('refuses a draft whose election closing date has passed', async () => {
    // Prepare
    const { service, store, starter } = serviceWithFakes('2026-09-16T08:00:00.000Z');
    const transfer = transferWithStaff(store, 3, { status: 'draft' });

    // Act
    const error = await rejectionOf(() => service.launch(transfer.id, hr));

    // Assess
    expect((error as ValidationError).errors?.map((fieldError) => fieldError.path)).toEqual([
      'pension.electionClosesOn',
    ]);
    expect(starter.calls).toBe(0);
  });

  it.each(['election-closed', 'completed', 'cancelled'] as const)('refuses a %s transfer', async (status) => {
    // Prepare
    const { service, store, starter } = serviceWithFakes();
    const transfer = transferWithStaff(store, 3, { status });

    // Act
    const error = await rejectionOf(() => service.launch(transfer.id, hr));

    // Assess
    expect(error).toBeInstanceOf(TransferNotDraftError);
    expect(starter.calls).toBe(0);
  });

  it('refuses someone without the HR role', async () => {
    // Prepare
    const { service, store, starter } = serviceWithFakes();
    const transfer = transferWithStaff(store, 3, { status: 'draft' });

    // Act
    const error = await rejectionOf(() => service.launch(transfer.id, manager));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(starter.calls).toBe(0);
  });
});

describe('Function: transferService.listStaff', () => {
  it('pages through every person of every shard once, following the cursor', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const transfer = transferWithStaff(store, 250);
    const seen: string[] = [];
    let pages = 0;

    // Act
    let next: string | undefined;
    do {
      const page = await service.listStaff(transfer.id, { limit: 40, ...(next ? { next } : {}) });
      seen.push(...page.items.map((item) => item.employeeNumber));
      expect(page.items.length).toBeLessThanOrEqual(40);
      next = page.next;
      pages++;
    } while (next && pages < 50);

    // Assess
    expect(next).toBeUndefined();
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
  });

  it('lists only people with the status asked for, across shards', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const transfer = transferWithStaff(store, 230, {}, (index) =>
      index % 7 === 0
        ? { status: 'elected', election: { option: 'NHSPS', how: 'staff', at: '2026-07-01T11:00:00.000Z' } }
        : {},
    );
    const seen: string[] = [];

    // Act
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await service.listStaff(transfer.id, {
        status: 'elected',
        limit: 10,
        ...(next ? { next } : {}),
      });
      seen.push(...page.items.map((item) => item.employeeNumber));
      next = page.next;
      pages++;
    } while (next && pages < 100);

    // Assess
    expect(seen).toHaveLength(Math.ceil(230 / 7));
    expect(seen.every((number) => Number(number.slice(1)) % 7 === 0)).toBe(true);
  });

  it('lists only people who could not be emailed (latest email bounced) when delivery=bounced', async () => {
    // Prepare
    const { service, store, ledger } = serviceWithFakes();
    const transfer = transferWithStaff(store, 230);
    const send = async (employeeKey: string, purpose: string, status: 'delivered' | 'bounced') => {
      const key = { transferId: transfer.id, employeeKey, purpose };
      await ledger.claim(key, { to: `${employeeKey}@council.example.org`, subject: 'Choose' }, noonToday);
      await ledger.settle(ledgerReference(key), {
        status,
        messageId: `m-${purpose}`,
        sentAt: noonToday,
        at: noonToday,
      });
    };
    await send('E0003', 'invitation', 'bounced');
    await send('E0150', 'invitation', 'bounced');
    await send('E0200', 'invitation', 'bounced');
    await send('E0007', 'invitation', 'delivered');
    // E0200's address was corrected and the link resent since: delivered, so it can be emailed again.
    await ledger.claim(
      { transferId: transfer.id, employeeKey: 'E0200', purpose: 'invitation#2' },
      { to: 'fixed@council.example.org', subject: 'Choose' },
      new Date(noonToday.getTime() + 60_000),
    );
    await ledger.settle(
      ledgerReference({ transferId: transfer.id, employeeKey: 'E0200', purpose: 'invitation#2' }),
      { status: 'delivered', messageId: 'm-2', sentAt: noonToday, at: noonToday },
    );

    // Act
    const page = await service.listStaff(transfer.id, { delivery: 'bounced', limit: 10 });

    // Assess
    expect(page.items.map((item) => item.employeeNumber)).toEqual(['E0003', 'E0150']);
    expect(page.next).toBeUndefined();
  });

  it('gives each listed person their number, name, status and election only', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const election = { option: 'NHSPS', how: 'staff' as const, at: '2026-07-01T11:00:00.000Z' };
    const transfer = transferWithStaff(store, 1, {}, () => ({ status: 'elected', election }));

    // Act
    const page = await service.listStaff(transfer.id, {});

    // Assess
    expect(page).toEqual({
      items: [{ employeeNumber: 'E0000', name: 'Person 0', status: 'elected', election }],
    });
  });

  it.each([
    ['not base64url JSON', 'not-a-cursor'],
    ['a negative shard', Buffer.from(JSON.stringify({ shard: -1 })).toString('base64url')],
    ['a fractional shard', Buffer.from(JSON.stringify({ shard: 0.5 })).toString('base64url')],
    ['a key that is not text', Buffer.from(JSON.stringify({ shard: 0, after: 7 })).toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
  ])('refuses a cursor that is %s as malformed', async (_, next) => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const transfer = transferWithStaff(store, 5);

    // Act
    const error = await rejectionOf(() => service.listStaff(transfer.id, { next }));

    // Assess
    expect(error).toBeInstanceOf(MalformedRequestError);
  });

  it('refuses a status that is not a case status', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const transfer = transferWithStaff(store, 5);

    // Act
    const error = await rejectionOf(() =>
      service.listStaff(transfer.id, { status: 'retired' as unknown as StaffCase['status'] }),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
  });
});

describe('Function: transferService.electionsCsv', () => {
  it('writes one row a person with their option, how it was chosen and when', async () => {
    // Prepare
    const { service, store } = serviceWithFakes();
    const transfer = transferWithStaff(store, 2, {}, (index) =>
      index === 0
        ? { status: 'elected', election: { option: 'NHSPS', how: 'staff', at: '2026-07-01T11:00:00.000Z' } }
        : {},
    );

    // Act
    const csv = await service.electionsCsv(transfer.id);

    // Assess
    expect(parse(csv)).toEqual([
      ['employeeNumber', 'name', 'option', 'how', 'when', 'status'],
      ['E0000', 'Person 0', 'NHSPS', 'staff', '2026-07-01T11:00:00.000Z', 'elected'],
      ['E0001', 'Person 1', '', '', '', 'invited'],
    ]);
  });

  it.each(['=HYPERLINK("http://evil.example","Click")', '+SUM(A1:A2)', '-2+3', '@cmd'])(
    'stops a spreadsheet running the name %j as a formula',
    async (name) => {
      // Prepare
      const { service, store } = serviceWithFakes();
      const transfer = transferWithStaff(store, 1, {}, () => ({ name }));

      // Act
      const csv = await service.electionsCsv(transfer.id);

      // Assess
      const [, row] = parse(csv) as string[][];
      expect(row?.[1]).toBe(`'${name}`);
    },
  );
});

describe('Function: transferService.getCase', () => {
  it("answers the person's case with every email recorded against them", async () => {
    // Prepare
    const { service, store, ledger } = serviceWithFakes();
    const transfer = transferWithStaff(store, 120);
    const key = { transferId: transfer.id, employeeKey: 'E0105', purpose: 'invitation' };
    await ledger.claim(key, { to: 'person.105@council.example.org', subject: 'Choose' }, noonToday);
    await ledger.markSent(key, 'message-1', noonToday);

    // Act
    const view = await service.getCase(transfer.id, 'e0105');

    // Assess
    expect(view).toMatchObject({ employeeNumber: 'E0105', shard: 1 });
    expect(view.notifications).toEqual([
      {
        purpose: 'invitation',
        to: 'person.105@council.example.org',
        subject: 'Choose',
        status: 'sent',
        sentAt: noonToday.toISOString(),
      },
    ]);
  });
});

describe('Function: transferService.retryMilestone', () => {
  async function launchedWithFailedElection() {
    const fakes = serviceWithFakes();
    const transfer = transferWithStaff(fakes.store, 3, { status: 'draft' });
    await fakes.service.launch(transfer.id, hr);
    const closing = fakes.store.milestoneItems.get(transfer.id)?.get('election-closes');
    if (closing) Object.assign(closing, { status: 'running', attempt: 4 });
    await fakes.transfers.recordFailure(transfer.id, {
      workflow: 'close-election',
      milestone: 'election-closes',
      error: 'States.Timeout',
      at: noonToday.toISOString(),
    });
    return { ...fakes, transfer };
  }

  it('runs a failed milestone again under a new execution name, with ids only', async () => {
    // Prepare
    const { service, starter, store, transfer } = await launchedWithFailedElection();
    const closing = store.milestoneItems.get(transfer.id)?.get('election-closes');

    // Act
    await service.retryMilestone(transfer.id, 'election-closes', hr);

    // Assess
    expect(starter.started.at(-1)).toEqual({
      workflow: 'close-election',
      name: `${transfer.id}-election-closes-${closing?.dueOn}-a5`,
      input: { transferId: transfer.id, milestone: 'election-closes' },
    });
    expect(closing).toMatchObject({ status: 'running', attempt: 5 });
  });

  it('refuses a milestone that is not failed with a conflict, starting nothing', async () => {
    // Prepare
    const { service, starter, transfer } = await launchedWithFailedElection();
    const before = starter.calls;

    // Act
    const error = await rejectionOf(() => service.retryMilestone(transfer.id, 'transfer-day', hr));

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('pending');
    expect(starter.calls).toBe(before);
  });

  it('answers not found for an unknown kind or transfer, and forbidden for a manager', async () => {
    // Prepare
    const { service, transfer } = await launchedWithFailedElection();

    // Act
    const unknownKind = await rejectionOf(() => service.retryMilestone(transfer.id, 'payday', hr));
    const unknownTransfer = await rejectionOf(() =>
      service.retryMilestone('7d0f2c1e-8a4b-4c3d-9e2f-1a2b3c4d5e6f', 'election-closes', hr),
    );
    const notHr = await rejectionOf(() => service.retryMilestone(transfer.id, 'election-closes', manager));

    // Assess
    expect(unknownKind).toBeInstanceOf(NotFoundError);
    expect(unknownTransfer).toBeInstanceOf(NotFoundError);
    expect(notHr).toBeInstanceOf(ForbiddenError);
  });
});
