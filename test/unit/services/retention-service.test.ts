import { describe, expect, it } from 'vitest';
import type { CaseRepository } from '../../../functions/adapters/case-repository.ts';
import type { ConsultationRepository } from '../../../functions/adapters/consultation-repository.ts';
import type { RetentionRepository, StoredItem } from '../../../functions/adapters/retention-repository.ts';
import type { TransferRepository } from '../../../functions/adapters/transfer-repository.ts';
import { CaseNotFoundError, TransferNotFoundError } from '../../../functions/domain/errors.ts';
import type { RetentionAction } from '../../../functions/domain/retention.ts';
import type { StaffCase, TransferHeader } from '../../../functions/domain/transfer.ts';
import { emptyCounts } from '../../../functions/domain/transfer-rules.ts';
import {
  PersonalDataRemovedError,
  RetentionNotDueError,
  retentionService,
} from '../../../functions/services/retention-service.ts';
import { recordingWorkflowStarter } from '../../fixtures/domain/in-memory-stores.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

/** The table as items: just enough of DynamoDB for retention's reads and writes. */
class ItemTable {
  readonly items = new Map<string, StoredItem>();
  put(item: StoredItem) {
    this.items.set(`${item.pk}|${item.sk}`, structuredClone(item));
  }
  get(pk: string, sk: string) {
    return this.items.get(`${pk}|${sk}`);
  }
  partition(pk: string) {
    return [...this.items.values()].filter((item) => item.pk === pk).sort((a, b) => a.sk.localeCompare(b.sk));
  }
  snapshot() {
    return structuredClone([...this.items.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function repositoryOf(table: ItemTable): RetentionRepository {
  // Cursors are keys, as DynamoDB's are: items deleted meanwhile do not shift the next page.
  const keyOf = (item: StoredItem) => `${item.pk}|${item.sk}`;
  const page = (items: StoredItem[], cursor: string | undefined, limit: number) => {
    const after = items.filter((item) => cursor === undefined || keyOf(item) > cursor);
    const taken = after.slice(0, limit);
    const last = taken.at(-1);
    const next = after.length > limit && last ? keyOf(last) : undefined;
    return { items: structuredClone(taken), ...(next ? { next } : {}) };
  };
  const emails = (ownerId: string) =>
    [...table.items.values()].filter((item) => item.gsi1pk === `EMAILS#${ownerId}`);
  return {
    transferHeaders: async () => [...table.items.values()].filter((item) => item.sk === 'TRANSFER') as never,
    consultations: async () => [...table.items.values()].filter((item) => item.gsi1pk === 'CONSULTATIONS'),
    partition: async (pk) => structuredClone(table.partition(pk)),
    partitionPage: async (pk, cursor, limit) => page(table.partition(pk), cursor, limit),
    async keysPage(pk, cursor, limit) {
      const answer = page(table.partition(pk), cursor, limit);
      return { ...answer, items: answer.items.map((item) => ({ pk: item.pk, sk: item.sk })) };
    },
    emailPage: async (ownerId, cursor, limit) => page(emails(ownerId), cursor, limit),
    emailsOf: async (ownerId) =>
      emails(ownerId).map((item) => ({ purpose: String(item.purpose), status: String(item.status) })),
    async apply(item, decision: RetentionAction) {
      const stored = table.get(item.pk, item.sk);
      if (!stored || decision.action === 'keep') return;
      if (decision.action === 'delete') table.items.delete(`${item.pk}|${item.sk}`);
      else for (const attribute of decision.attributes) delete stored[attribute];
    },
    async set(key, values) {
      const stored = table.get(key.pk, key.sk);
      if (stored) Object.assign(stored, structuredClone(values));
    },
    summary: async (transferId) => table.get(`TRANSFER#${transferId}`, 'RETENTION') as never,
    async putSummaryOnce(transferId, summary) {
      if (!table.get(`TRANSFER#${transferId}`, 'RETENTION'))
        table.put({ pk: `TRANSFER#${transferId}`, sk: 'RETENTION', ...summary });
    },
    async markRemoved(transferId, retainedUntil, at) {
      const header = table.get(`TRANSFER#${transferId}`, 'TRANSFER');
      if (!header || header.personalDataRemovedAt) return false;
      Object.assign(header, { personalDataRemovedAt: at, retainedUntil });
      return true;
    },
    decidedContractsEndedBefore: async (before) =>
      [...table.items.values()].filter(
        (item) => item.gsi2pk === 'CONTRACTS#DECIDED' && String(item.gsi2sk) < before,
      ),
    contract: async (contractId) => table.get(`CONTRACT#${contractId}`, 'CONTRACT'),
  };
}

function servicesOver(table: ItemTable, now: string) {
  const header = (id: string) => {
    const item = table.get(`TRANSFER#${id}`, 'TRANSFER');
    if (!item) throw new TransferNotFoundError(`No transfer ${id}`);
    const { pk: _pk, sk: _sk, ...rest } = item;
    return structuredClone(rest) as unknown as TransferHeader;
  };
  const audit = (id: string) =>
    table.partition(`TRANSFER#${id}`).filter((item) => item.sk.startsWith('AUDIT#'));
  const transfers = {
    header: async (id: string) => header(id),
    get: async (id: string) => ({
      ...header(id),
      total: 2,
      counts: { ...emptyCounts(), transferred: 2 },
      elections: { LGPS: 2 },
    }),
    milestones: async () => [
      {
        kind: 'transfer-day',
        dueOn: '2027-04-01',
        dueAt: '2027-03-31T23:00:00.000Z',
        status: 'done',
        sent: 2,
      },
    ],
    auditTrail: async (id: string) => audit(id) as never,
    async recordAudit(id: string, entry: Record<string, unknown>) {
      table.put({ pk: `TRANSFER#${id}`, sk: `AUDIT#${entry.at}#x`, ...entry });
    },
  } as unknown as TransferRepository;
  const caseOf = (item: StoredItem) => item as unknown as StaffCase;
  const cases = {
    loadShard: async (id: string, shard: number) =>
      table.partition(`TRANSFER#${id}#SHARD#${shard}`).map(caseOf),
    async shardOf(id: string, employeeNumber: string) {
      const lookup = table.get(`TRANSFER#${id}#PERSON#${employeeNumber}`, 'PERSON');
      if (!lookup) throw new CaseNotFoundError(`No person ${employeeNumber}`);
      return lookup.shard as number;
    },
    async get(id: string, shard: number, employeeNumber: string) {
      const item = table.get(`TRANSFER#${id}#SHARD#${shard}`, `CASE#${employeeNumber}`);
      if (!item) throw new CaseNotFoundError(`No person ${employeeNumber}`);
      return caseOf(item);
    },
  } as unknown as CaseRepository;
  const consultations = {
    forTransfer: async () => [{ id: 'c-1', title: 'Consultation on the move' }],
    responses: async () => [
      {
        respondent: 'invited',
        participantKey: 'E1001',
        respondedAt: '2027-01-05T10:00:00.000Z',
        firstRespondedAt: '',
        response: 'I agree',
      },
      {
        respondent: 'invited',
        participantKey: 'E9999',
        respondedAt: '2027-01-05T10:00:00.000Z',
        firstRespondedAt: '',
        response: 'Not theirs',
      },
    ],
  } as unknown as ConsultationRepository;
  // The side records as their repositories read them: by sort key prefix under the transfer.
  const under = (id: string, prefix: string) =>
    table.partition(`TRANSFER#${id}`).filter((item) => item.sk.startsWith(prefix)) as never[];
  const representatives = {
    list: async (id: string) => under(id, 'REPRESENTATIVE#'),
    election: async (id: string) => table.get(`TRANSFER#${id}`, 'REPRESENTATIVE-ELECTION') as never,
  };
  const duty = {
    measuresRequests: async (id: string) => under(id, 'MEASURES-REQUEST#'),
    measuresAnswers: async (id: string) => under(id, 'MEASURES-ANSWER#'),
    informationLetters: async (id: string) => under(id, 'INFORMATION#'),
    meetings: async (id: string) => under(id, 'MEETING#'),
    representations: async (id: string) => under(id, 'REPRESENTATION#'),
  };
  const liability = {
    async record(id: string) {
      const item = table.get(`TRANSFER#${id}`, 'ELI');
      return {
        ...(item?.given ? { given: item.given as never } : {}),
        downloads: (item?.downloads as never[]) ?? [],
        updates: (item?.updates as never[]) ?? [],
      };
    },
  };
  const starter = recordingWorkflowStarter();
  const clock = fixedClock(now);
  const service = retentionService({
    retention: repositoryOf(table),
    transfers,
    cases,
    consultations,
    ledger: {
      forPerson: async (id, key) =>
        table
          .partition(`TRANSFER#${id}#PERSON#${key}`)
          .filter((item) => item.sk.startsWith('EMAIL#')) as never,
    },
    representatives,
    duty,
    liability,
    startWorkflow: starter.start,
    clock,
  });
  return { service, starter, clock };
}

/** A completed transfer of two people (E1001 with liability information), their emails and a manager's digest. */
function completedTransfer(table: ItemTable, overrides: Partial<TransferHeader> = {}): string {
  const transfer = storedTransfer({
    status: 'completed',
    transferDate: '2027-04-01',
    nextRosterIndex: 2,
    hrContact: { name: 'People Services', email: 'people@council.example.org' },
    ...overrides,
  });
  const { total: _t, counts: _c, elections: _e, ...header } = transfer;
  const id = transfer.id;
  table.put({ pk: `TRANSFER#${id}`, sk: 'TRANSFER', gsi1pk: 'TRANSFERS', ...header });
  table.put({ pk: `TRANSFER#${id}`, sk: 'TALLY#0', 'count:transferred': 2 });
  table.put({ pk: `TRANSFER#${id}`, sk: 'MILESTONE#transfer-day', status: 'done' });
  table.put({
    pk: `TRANSFER#${id}`,
    sk: 'AUDIT#2027-01-01T00:00:00.000Z#1',
    action: 'email-corrected',
    by: 'hr@council.example.org',
    hash: 'h1',
    prevHash: 'h0',
    detailHash: 'd1',
    seq: 1,
    detail: { from: 'asha.old@council.example.org', to: 'asha.patel@council.example.org' },
  });
  table.put({
    pk: `TRANSFER#${id}`,
    sk: 'REPRESENTATIVE#1',
    kind: 'union',
    name: 'Rep Resentative',
    email: 'rep@union.example.org',
  });
  for (const [index, number] of ['E1001', 'E1002'].entries()) {
    const person = staffCase({
      transferId: id,
      shard: 0,
      employeeNumber: number,
      name: `Person ${number}`,
      email: `${number}@council.example.org`,
    });
    table.put({
      pk: `TRANSFER#${id}#SHARD#0`,
      sk: `CASE#${number}`,
      ...(person as unknown as Record<string, unknown>),
    });
    table.put({ pk: `TRANSFER#${id}#PERSON#${number}`, sk: 'PERSON', shard: 0, email: person.email });
    table.put({
      pk: `TRANSFER#${id}#PERSON#${number}`,
      sk: 'EMAIL#invitation',
      purpose: 'invitation',
      to: person.email,
      subject: 'Choose your pension scheme',
      status: 'delivered',
      sentAt: `2027-01-0${index + 1}T09:00:00.000Z`,
      gsi1pk: `EMAILS#${id}`,
    });
  }
  table.put({ pk: `TRANSFER#${id}#PERSON#E1001`, sk: 'ELI', dateOfBirth: '1980-02-03' });
  table.put({
    pk: `TRANSFER#${id}#PERSON#_MANAGER#sam.jones@council.example.org`,
    sk: 'EMAIL#transfer-day-digest',
    purpose: 'transfer-day-digest',
    to: 'sam.jones@council.example.org',
    status: 'delivered',
    gsi1pk: `EMAILS#${id}`,
  });
  table.put({
    pk: `TRANSFER#${id}#PERSON#_HR`,
    sk: 'EMAIL#transfer-completed',
    purpose: 'transfer-completed',
    to: 'hr@council.example.org',
    status: 'delivered',
    gsi1pk: `EMAILS#${id}`,
  });
  return id;
}

/** Names, addresses and dates of birth the side records hold: none may be left after retention. */
const sidePersonal = [
  'Priya Transferee',
  'priya@trust.example.org',
  'NJC Green Book',
  'Jo Bloggs',
  'Payroll moves',
  'Dear Rep',
  'Candidate Person',
  'candidate@council.example.org',
  '1975-06-07',
];

/**
 * What the representatives, the duty to inform and consult and the liability information add to a
 * transfer: under its partition, in its side partitions, and emails to the transferee and a representative.
 */
function plantSideRecords(table: ItemTable, id: string) {
  const pk = `TRANSFER#${id}`;
  table.put({ pk, sk: 'REPRESENTATIVE#2', kind: 'union', name: 'Jo Bloggs', email: 'jo@union.example.org' });
  table.put({ pk, sk: 'REPRESENTATIVE#elected-E1002', kind: 'employee', name: 'Candidate Person' });
  table.put({
    pk,
    sk: 'REPRESENTATIVE-ELECTION',
    seats: 1,
    eligible: 2,
    voted: 2,
    status: 'closed',
    startedAt: '2027-01-10T09:00:00.000Z',
    result: {
      elected: ['E1002'],
      votes: { E1002: 2, E1001: 0 },
      unopposed: false,
      countedAt: '2027-01-20T00:00:00.000Z',
    },
  });
  table.put({ pk, sk: 'TIMER#representative-ballot-closes', kind: 'representative-ballot-closes' });
  table.put({
    pk,
    sk: 'ELI',
    collectiveAgreements: 'NJC Green Book',
    given: {
      at: '2027-02-01T10:00:00.000Z',
      by: 'hr@council.example.org',
      to: { name: 'Priya Transferee', email: 'priya@trust.example.org' },
      people: 2,
      version: 1,
    },
    downloads: [{ at: '2027-02-02T10:00:00.000Z', file: 'information.csv' }],
    updates: [
      { at: '2027-02-05T10:00:00.000Z', reason: 'objection', employeeNumber: 'E1001' },
      { at: '2027-02-06T10:00:00.000Z', reason: 'collective-agreements' },
    ],
  });
  table.put({ pk, sk: 'MEASURES-REQUEST#0001', number: 1, sentTo: 'priya@trust.example.org' });
  table.put({ pk, sk: 'MEASURES-ANSWER#0001', number: 1, none: false, measures: 'Payroll moves' });
  table.put({
    pk,
    sk: 'INFORMATION#0001',
    number: 1,
    sentOn: '2027-02-10',
    recipients: [
      { kind: 'representative', name: 'Jo Bloggs', email: 'jo@union.example.org', ref: '2' },
      { kind: 'staff', name: 'Person E1001', email: 'E1001@council.example.org', ref: 'E1001' },
    ],
    text: 'Dear Rep',
  });
  for (const [heldOn, n] of [
    ['2027-02-20', 2],
    ['2027-02-12', 1],
  ] as const) {
    table.put({
      pk,
      sk: `MEETING#${heldOn}T10:00:00.000Z#m${n}`,
      heldOn,
      attendees: ['Jo Bloggs'],
      notes: 'x',
    });
  }
  table.put({
    pk,
    sk: 'REPRESENTATION#r1',
    from: 'Jo Bloggs',
    text: 'Payroll moves',
    reply: { text: 'Yes' },
  });
  table.put({ pk, sk: 'REPRESENTATION#r2', from: 'Jo Bloggs', text: 'Another' });
  table.put({ pk: `${pk}#ELI`, sk: 'FILE#1#information.csv#0000', data: 'E1001,1975-06-07' });
  table.put({ pk: `${pk}#ELI`, sk: 'FILE#1#information.pdf#0000', data: 'PDF 1975-06-07' });
  table.put({
    pk: `${pk}#REPRESENTATIVE-ELECTION`,
    sk: 'CANDIDATE#E1002',
    name: 'Candidate Person',
    email: 'candidate@council.example.org',
  });
  table.put({ pk: `${pk}#REPRESENTATIVE-ELECTION`, sk: 'VOTED#E1001' });
  table.put({ pk: `${pk}#REPRESENTATIVE-BALLOT`, sk: 'VOTE#0b1c', candidate: 'E1002' });
  table.put({
    pk: `${pk}#PERSON#_TRANSFEREE`,
    sk: 'EMAIL#eli-given',
    purpose: 'eli-given',
    to: 'priya@trust.example.org',
    status: 'delivered',
    gsi1pk: `EMAILS#${id}`,
  });
  table.put({
    pk: `${pk}#PERSON#_REPRESENTATIVE#2`,
    sk: 'EMAIL#information#1',
    purpose: 'information#1',
    to: 'jo@union.example.org',
    status: 'delivered',
    gsi1pk: `EMAILS#${id}`,
  });
}

async function runWholeRemoval(service: ReturnType<typeof servicesOver>['service'], id: string) {
  const { shards } = await service.prepare(id);
  for (const shard of shards) await service.removeShard(id, shard);
  let cursor: Awaited<ReturnType<typeof service.removeTransferRecords>>['next'];
  for (;;) {
    const answer = await service.removeTransferRecords(id, cursor);
    if (answer.done) break;
    cursor = answer.next;
  }
  await service.finish(id);
}

describe('Service: retention', () => {
  it('starts the removal of a transfer past its period once a day, and none of one still kept', async () => {
    // Prepare
    const table = new ItemTable();
    const due = completedTransfer(table);
    completedTransfer(table, { retentionYears: 10 });
    completedTransfer(table, { status: 'launched' });
    const { service, starter } = servicesOver(table, '2033-04-02T12:00:00.000Z');

    // Act
    const first = await service.sweep();
    starter.end(`${due}-retention-2033-04-02`, 'FAILED');
    const again = await service.sweep();

    // Assess
    expect(first.started).toBe(1);
    expect(starter.started).toEqual([
      { workflow: 'remove-personal-data', name: `${due}-retention-2033-04-02`, input: { transferId: due } },
    ]);
    expect(again.started).toBe(0);
  });

  it('refuses to remove anything of a transfer not yet due', async () => {
    // Prepare
    const table = new ItemTable();
    const id = completedTransfer(table);
    const { service } = servicesOver(table, '2033-04-01T12:00:00.000Z');
    const before = table.snapshot();

    // Act & Assess
    await expect(service.prepare(id)).rejects.toBeInstanceOf(RetentionNotDueError);
    await expect(service.removeShard(id, 0)).rejects.toBeInstanceOf(RetentionNotDueError);
    await expect(service.removeTransferRecords(id)).rejects.toBeInstanceOf(RetentionNotDueError);
    expect(table.snapshot()).toEqual(before);
  });

  it('keeps counts, milestones, emails without addresses and the chain’s attributes, and removes everyone', async () => {
    // Prepare
    const table = new ItemTable();
    const id = completedTransfer(table);
    const { service } = servicesOver(table, '2033-04-02T12:00:00.000Z');

    // Act
    await runWholeRemoval(service, id);

    // Assess
    const left = JSON.stringify([...table.items.values()]);
    // HR's own address stays where it says who acted (the audit's `by`, the header's `createdBy`).
    for (const personal of [
      'E1001@council',
      'E1002@council',
      'sam.jones',
      'people@council',
      'Person E100',
      '1980-02-03',
      'Rep Resentative',
      'rep@union',
      'People Services',
    ]) {
      expect(left, personal).not.toContain(personal);
    }
    expect(table.get(`TRANSFER#${id}`, 'TALLY#0')).toMatchObject({ 'count:transferred': 2 });
    expect(table.get(`TRANSFER#${id}`, 'MILESTONE#transfer-day')).toBeDefined();
    const audit = table.get(`TRANSFER#${id}`, 'AUDIT#2027-01-01T00:00:00.000Z#1');
    expect(audit).toEqual({
      pk: `TRANSFER#${id}`,
      sk: 'AUDIT#2027-01-01T00:00:00.000Z#1',
      action: 'email-corrected',
      by: 'hr@council.example.org',
      hash: 'h1',
      prevHash: 'h0',
      detailHash: 'd1',
      seq: 1,
    });
    expect(table.get(`TRANSFER#${id}#PERSON#E1001`, 'EMAIL#invitation')).toMatchObject({
      purpose: 'invitation',
      status: 'delivered',
      sentAt: '2027-01-01T09:00:00.000Z',
    });
    expect(table.get(`TRANSFER#${id}#PERSON#E1001`, 'PERSON')).toBeUndefined();
    expect(table.get(`TRANSFER#${id}#SHARD#0`, 'CASE#E1001')).toBeUndefined();
    expect(table.get(`TRANSFER#${id}`, 'TRANSFER')).toMatchObject({
      personalDataRemovedAt: '2033-04-02T12:00:00.000Z',
      retainedUntil: '2033-04-01',
    });
    expect(table.get(`TRANSFER#${id}`, 'RETENTION')).toMatchObject({
      total: 2,
      emails: {
        invitation: { count: 2, byStatus: { delivered: 2 } },
        'transfer-day-digest': { count: 1 },
        'transfer-completed': { count: 1 },
      },
      milestones: [{ kind: 'transfer-day', status: 'done', sent: 2 }],
      audit: { events: 1, head: 'h1' },
    });
  });

  it('deletes the side records and partitions, counting them in the summary, and touches no other transfer', async () => {
    // Prepare: another transfer, kept longer, whose id begins with this one's.
    const table = new ItemTable();
    const id = completedTransfer(table);
    plantSideRecords(table, id);
    const other = completedTransfer(table, { id: `${id}0`, retentionYears: 10 });
    plantSideRecords(table, other);
    const otherBefore = table.snapshot().filter(([key]) => key.startsWith(`TRANSFER#${other}`));
    const { service } = servicesOver(table, '2033-04-02T12:00:00.000Z');

    // Act
    await runWholeRemoval(service, id);

    // Assess
    const left = [...table.items.values()].filter(
      (item) => item.pk === `TRANSFER#${id}` || item.pk.startsWith(`TRANSFER#${id}#`),
    );
    for (const personal of sidePersonal) expect(JSON.stringify(left), personal).not.toContain(personal);
    for (const suffix of ['ELI', 'REPRESENTATIVE-ELECTION', 'REPRESENTATIVE-BALLOT']) {
      expect(table.partition(`TRANSFER#${id}#${suffix}`), suffix).toEqual([]);
    }
    const kept = table.partition(`TRANSFER#${id}`).map((item) => item.sk.split('#')[0]);
    expect(new Set(kept)).toEqual(new Set(['AUDIT', 'MILESTONE', 'RETENTION', 'TALLY', 'TIMER', 'TRANSFER']));
    expect(table.get(`TRANSFER#${id}#PERSON#_TRANSFEREE`, 'EMAIL#eli-given')).toEqual({
      pk: `TRANSFER#${id}#PERSON#_TRANSFEREE`,
      sk: 'EMAIL#eli-given',
      purpose: 'eli-given',
      status: 'delivered',
      gsi1pk: `EMAILS#${id}`,
    });
    expect(table.get(`TRANSFER#${id}#PERSON#_REPRESENTATIVE#2`, 'EMAIL#information#1')).not.toHaveProperty(
      'to',
    );
    expect(table.get(`TRANSFER#${id}`, 'RETENTION')).toMatchObject({
      representation: {
        representatives: { union: 2, employee: 1 },
        election: {
          seats: 1,
          eligible: 2,
          voted: 2,
          candidates: 2,
          elected: 1,
          unopposed: false,
          tied: false,
          countedAt: '2027-01-20T00:00:00.000Z',
        },
      },
      informationDuty: {
        measuresRequests: 1,
        measuresAnswers: 1,
        letters: [{ sentOn: '2027-02-10', recipients: 2, representatives: 1, staff: 1 }],
        meetings: { count: 2, heldOn: ['2027-02-12', '2027-02-20'] },
        representations: { count: 2, replied: 1 },
      },
      liability: { givenAt: '2027-02-01T10:00:00.000Z', people: 2, downloads: 1, updates: 2 },
      emails: { 'eli-given': { count: 1 }, information: { count: 1 } },
    });
    expect(JSON.stringify(table.get(`TRANSFER#${id}`, 'RETENTION'))).not.toMatch(/E100[12]|Bloggs|Priya/);
    expect(table.snapshot().filter(([key]) => key.startsWith(`TRANSFER#${other}`))).toEqual(otherBefore);
  });

  it('pages through a side partition, handing back a cursor that names it', async () => {
    // Prepare: a ballot box of more votes than one call takes.
    const table = new ItemTable();
    const id = completedTransfer(table);
    for (let n = 0; n < 2100; n++) {
      table.put({ pk: `TRANSFER#${id}#REPRESENTATIVE-BALLOT`, sk: `VOTE#${n}`, candidate: 'E1001' });
    }
    const { service } = servicesOver(table, '2033-04-02T12:00:00.000Z');

    // Act
    const first = await service.removeTransferRecords(id, {
      phase: 'side',
      partition: 'REPRESENTATIVE-BALLOT',
    });
    const second = await service.removeTransferRecords(id, first.next);

    // Assess
    expect(first).toMatchObject({ done: false, next: { phase: 'side', partition: 'REPRESENTATIVE-BALLOT' } });
    expect(second.done).toBe(true);
    expect(table.partition(`TRANSFER#${id}#REPRESENTATIVE-BALLOT`)).toEqual([]);
  });

  it('changes nothing more when run again, and resumes where a crash left it', async () => {
    // Prepare: a run that stopped after the first shard, then everything again twice.
    const table = new ItemTable();
    const id = completedTransfer(table);
    plantSideRecords(table, id);
    const { service } = servicesOver(table, '2033-04-02T12:00:00.000Z');
    await service.prepare(id);
    await service.removeShard(id, 0);

    // Act
    await runWholeRemoval(service, id);
    const once = table.snapshot();
    await runWholeRemoval(service, id);

    // Assess
    expect(table.snapshot()).toEqual(once);
    expect([...table.items.values()].filter((item) => item.action === 'personal-data-removed')).toHaveLength(
      1,
    );
  });

  it('pages through the transfer’s records, handing back a cursor', async () => {
    // Prepare: more records than one call takes.
    const table = new ItemTable();
    const id = completedTransfer(table);
    for (let n = 0; n < 2100; n++)
      table.put({ pk: `TRANSFER#${id}`, sk: `MEETING#${String(n).padStart(5, '0')}`, notes: 'x' });
    const { service } = servicesOver(table, '2033-04-02T12:00:00.000Z');

    // Act
    const first = await service.removeTransferRecords(id);
    const second = await service.removeTransferRecords(id, first.next);

    // Assess
    expect(first.done).toBe(false);
    expect(first.next?.phase).toBe('records');
    expect(second.done).toBe(true);
    expect(table.partition(`TRANSFER#${id}`).filter((item) => item.sk.startsWith('MEETING#'))).toEqual([]);
  });

  it('exports a person’s data with their liability information and their own responses only', async () => {
    // Prepare
    const table = new ItemTable();
    const id = completedTransfer(table);
    const { service } = servicesOver(table, '2030-01-01T12:00:00.000Z');

    // Act
    const data = await service.exportPerson(id, 'E1001');

    // Assess
    expect(data.person).toMatchObject({
      employeeNumber: 'E1001',
      name: 'Person E1001',
      email: 'E1001@council.example.org',
    });
    expect(data.notifications).toEqual([
      expect.objectContaining({
        purpose: 'invitation',
        subject: 'Choose your pension scheme',
        to: 'E1001@council.example.org',
      }),
    ]);
    expect(data.consultationResponses).toEqual([
      expect.objectContaining({ consultationId: 'c-1', response: 'I agree' }),
    ]);
    expect(data.liabilityInformation).toEqual({ dateOfBirth: '1980-02-03' });
    expect(data.person).not.toHaveProperty('shard');
  });

  it('answers that the data was removed, and when, after retention', async () => {
    // Prepare
    const table = new ItemTable();
    const id = completedTransfer(table);
    const { service } = servicesOver(table, '2033-04-02T12:00:00.000Z');
    await runWholeRemoval(service, id);

    // Act
    const refused = service.exportPerson(id, 'E1001');

    // Assess
    await expect(refused).rejects.toBeInstanceOf(PersonalDataRemovedError);
    await expect(refused).rejects.toMatchObject({ removedAt: '2033-04-02T12:00:00.000Z', status: 404 });
  });

  it('strips an ended contract past its period and the terms before it, keeping what was decided and when', async () => {
    // Prepare
    const table = new ItemTable();
    const contract = (id: string, extra: Record<string, unknown>) => ({
      pk: `CONTRACT#${id}`,
      sk: 'CONTRACT',
      title: 'Fixed-term contract',
      employeeName: 'Tom Hughes',
      employeeNumber: 'SCC900002',
      managerEmail: 'manager1@example.org',
      gsi1pk: 'MANAGER#manager1@example.org',
      gsi1sk: '2027-03-31#x',
      gsi2pk: 'CONTRACTS#DECIDED',
      decisions: [
        { decision: 'end', note: 'Tom is moving away', by: 'hr@x.org', at: '2027-01-01T00:00:00Z' },
      ],
      ...extra,
    });
    table.put(contract('old', { status: 'renewed', endDate: '2026-03-31', gsi2sk: '2026-03-31#old' }));
    table.put(
      contract('last', {
        status: 'ended',
        endDate: '2027-03-31',
        gsi2sk: '2027-03-31#last',
        previousContractId: 'old',
      }),
    );
    table.put(contract('recent', { status: 'ended', endDate: '2030-03-31', gsi2sk: '2030-03-31#recent' }));
    table.put({
      pk: 'CONTRACT#last#EMAILS',
      sk: 'EMAIL#renewal-reminder#30',
      to: 'manager1@example.org',
      subject: 'Tom Hughes',
      status: 'sent',
    });
    const { service } = servicesOver(table, '2033-04-02T12:00:00.000Z');

    // Act
    const swept = await service.sweep();

    // Assess
    expect(swept.contracts).toBe(2);
    for (const id of ['old', 'last']) {
      const stored = table.get(`CONTRACT#${id}`, 'CONTRACT');
      expect(JSON.stringify(stored)).not.toMatch(/Tom|SCC900002|manager1/);
      expect(stored?.decisions).toEqual([{ decision: 'end', by: 'hr@x.org', at: '2027-01-01T00:00:00Z' }]);
    }
    expect(table.get('CONTRACT#last#EMAILS', 'EMAIL#renewal-reminder#30')).toEqual({
      pk: 'CONTRACT#last#EMAILS',
      sk: 'EMAIL#renewal-reminder#30',
      status: 'sent',
    });
    expect(table.get('CONTRACT#recent', 'CONTRACT')).toMatchObject({ employeeName: 'Tom Hughes' });
  });

  it('strips a closed consultation’s participants, respondents and emails after its transfer’s period, keeping the responses’ text', async () => {
    // Prepare: one consultation of a transfer kept ten years, one standalone, both closed in 2027.
    const table = new ItemTable();
    const transferId = completedTransfer(table, { retentionYears: 10 });
    const consultation = (id: string, extra: Record<string, unknown>) => {
      table.put({
        pk: `CONSULTATION#${id}`,
        sk: 'CONSULTATION',
        gsi1pk: 'CONSULTATIONS',
        title: 'Consultation on the move',
        status: 'decided',
        closesOn: '2027-03-01',
        shardCounts: { I0: 1 },
        ...extra,
      });
      table.put({
        pk: `CONSULTATION#${id}#SHARD#I0`,
        sk: 'PARTICIPANT#Iabc',
        email: 'partner@example.org',
        participantKey: 'Iabc',
      });
      table.put({
        pk: `CONSULTATION#${id}#SHARD#P3`,
        sk: 'PARTICIPANT#Idef',
        email: 'public@example.org',
        participantKey: 'Idef',
      });
      table.put({
        pk: `CONSULTATION#${id}`,
        sk: 'RESPONSE#PUBLIC#1',
        response: 'We support it',
        name: 'Pat Public',
        organisation: 'Residents group',
        email: 'public@example.org',
        respondedAt: '2027-02-01T10:00:00.000Z',
      });
      table.put({ pk: `CONSULTATION#${id}`, sk: 'DAY#2027-02-01', public: 1 });
      table.put({
        pk: `CONSULTATION#${id}#PARTICIPANT#Iabc`,
        sk: 'EMAIL#consultation-invitation',
        to: 'partner@example.org',
        purpose: 'consultation-invitation',
        status: 'delivered',
        gsi1pk: `EMAILS#${id}`,
      });
    };
    consultation('standalone', {});
    consultation('of-transfer', { transferId });
    const { service } = servicesOver(table, '2033-03-02T12:00:00.000Z');

    // Act
    const swept = await service.sweep();

    // Assess
    expect(swept.consultations).toBe(1);
    const standalone = JSON.stringify(table.partition('CONSULTATION#standalone'));
    expect(table.get('CONSULTATION#standalone', 'RESPONSE#PUBLIC#1')).toMatchObject({
      response: 'We support it',
    });
    expect(table.get('CONSULTATION#standalone', 'CONSULTATION')).toMatchObject({
      personalDataRemovedAt: '2033-03-02T12:00:00.000Z',
    });
    for (const personal of ['Pat Public', 'Residents group', 'public@example.org'])
      expect(standalone).not.toContain(personal);
    expect(table.get('CONSULTATION#standalone#SHARD#I0', 'PARTICIPANT#Iabc')).not.toHaveProperty('email');
    expect(table.get('CONSULTATION#standalone#SHARD#P3', 'PARTICIPANT#Idef')).not.toHaveProperty('email');
    expect(
      table.get('CONSULTATION#standalone#PARTICIPANT#Iabc', 'EMAIL#consultation-invitation'),
    ).toMatchObject({
      purpose: 'consultation-invitation',
      status: 'delivered',
    });
    expect(
      table.get('CONSULTATION#standalone#PARTICIPANT#Iabc', 'EMAIL#consultation-invitation'),
    ).not.toHaveProperty('to');
    // The transfer's own consultation follows the transfer's ten years.
    expect(table.get('CONSULTATION#of-transfer', 'RESPONSE#PUBLIC#1')).toMatchObject({ name: 'Pat Public' });
  });
});
