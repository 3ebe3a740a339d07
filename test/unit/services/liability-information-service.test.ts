import { describe, expect, it, vi } from 'vitest';
import type { LiabilityRepository } from '../../../functions/adapters/liability-repository.ts';
import { ValidationError } from '../../../functions/domain/errors.ts';
import type {
  LiabilityGiving,
  LiabilityRecord,
  PersonLiability,
} from '../../../functions/domain/liability-information.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
import {
  liabilityInformationService,
  transfereeLedgerKey,
} from '../../../functions/services/liability-information-service.ts';
import type { Notify } from '../../../functions/services/notifier.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryTransferRepository,
} from '../../fixtures/domain/in-memory-stores.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const hr: Actor = { id: 'hr@council.example.org', roles: ['hr'] };
const contact = { name: 'Priya Shah', email: 'priya.shah@trust.example.org' };

/** The ELI's store, in memory: a person's fields, and the transfer's record (agreements, giving, updates). */
function inMemoryLiability() {
  const people = new Map<string, PersonLiability>();
  const records = new Map<string, LiabilityRecord>();
  const writes: string[] = [];
  const recordOf = (id: string): LiabilityRecord => records.get(id) ?? { downloads: [], updates: [] };
  const repository = {
    person: async (id: string, employeeNumber: string) => ({ ...people.get(`${id}/${employeeNumber}`) }),
    people: async () => new Map(),
    savePerson: async (id: string, employeeNumber: string, liability: PersonLiability) => {
      writes.push('savePerson');
      people.set(`${id}/${employeeNumber}`, { ...liability });
    },
    record: async (id: string) => structuredClone(recordOf(id)),
    saveCollectiveAgreements: async (id: string, text: string) => {
      writes.push('saveCollectiveAgreements');
      records.set(id, { ...recordOf(id), collectiveAgreements: text });
    },
    saveFile: vi.fn(),
    file: vi.fn(),
    recordGiven: async (id: string, given: LiabilityGiving) => {
      records.set(id, { ...recordOf(id), given });
    },
    markGivenSent: vi.fn(),
    recordDownload: vi.fn(),
    recordUpdate: async (id: string, update: LiabilityRecord['updates'][number]) => {
      writes.push('recordUpdate');
      records.set(id, { ...recordOf(id), updates: [...recordOf(id).updates, update] });
    },
  } as unknown as LiabilityRepository;
  return { repository, people, records, writes };
}

const giving: LiabilityGiving = {
  at: '2026-08-20T09:15:00.000Z',
  by: hr.id,
  to: contact,
  people: 1,
  version: 1,
  sha256: { 'information.pdf': 'a'.repeat(64), 'information.csv': 'b'.repeat(64) },
  bytes: { 'information.pdf': 1000, 'information.csv': 100 },
  linkExpiresAt: '2026-09-19T09:15:00.000Z',
};

/** A launched transfer with Asha Patel (E1001) on it, and the ELI service over in-memory stores. */
function world(options: { given?: boolean } = {}) {
  const store = new InMemoryTransferStore();
  const transfer = storedTransfer({ transfereeContact: contact, nextRosterIndex: 1 });
  store.putTransfer(transfer);
  store.putCases([staffCase({ transferId: transfer.id })]);
  const liability = inMemoryLiability();
  if (options.given) liability.records.set(transfer.id, { given: giving, downloads: [], updates: [] });
  const notify = vi.fn<Notify>(async () => 'sent');
  const clock = fixedClock('2026-08-25T13:30:00.000Z');
  const service = liabilityInformationService({
    transfers: inMemoryTransferRepository(store),
    cases: inMemoryCaseRepository(store),
    liability: liability.repository,
    notify,
    clock,
    readSecret: async () => 'test-link-secret',
    publicBaseUrl: () => 'https://transfer-desk.example.org',
  });
  return { store, transfer, liability, notify, service };
}

describe('Service: liability information, update notices (TUPE reg 11(5))', () => {
  it('sends a corrected record to the transferee once the ELI was given, naming the fields that changed', async () => {
    // Prepare
    const { transfer, liability, notify, service, store } = world({ given: true });
    liability.people.set(`${transfer.id}/E1001`, { dateOfBirth: '1980-03-14', claims: 'None known' });

    // Act
    const after = await service.correctPerson(
      transfer.id,
      'E1001',
      { dateOfBirth: '1980-04-14', claims: 'None known', disciplinaryGrievance: 'Written warning, May 2025' },
      hr,
    );

    // Assess
    expect(after).toEqual({
      dateOfBirth: '1980-04-14',
      claims: 'None known',
      disciplinaryGrievance: 'Written warning, May 2025',
    });
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith(
      {
        transferId: transfer.id,
        employeeKey: transfereeLedgerKey,
        purpose: 'liability-information-update#2026-08-25T13:30:00.000Z',
      },
      contact.email,
      {
        kind: 'liability-information-update',
        contactName: contact.name,
        transferName: transfer.name,
        transferor: transfer.transferor,
        reason: 'correction',
        person: { name: 'Asha Patel', employeeNumber: 'E1001' },
        changes: [
          { field: 'date of birth', value: '1980-04-14' },
          { field: 'disciplinary and grievance matters', value: 'Written warning, May 2025' },
        ],
      },
    );
    expect((await service.status(transfer.id, hr)).updates).toEqual([
      {
        at: '2026-08-25T13:30:00.000Z',
        reason: 'correction',
        employeeNumber: 'E1001',
        fields: ['dateOfBirth', 'disciplinaryGrievance'],
        sentAt: '2026-08-25T13:30:00.000Z',
      },
    ]);
    const audit = store.audit.get(transfer.id) ?? [];
    expect(audit.map((entry) => entry.action)).toEqual([
      'liability-information-corrected',
      'liability-information-update-sent',
    ]);
    // The audit names the fields, never their values.
    expect(JSON.stringify(audit)).not.toMatch(/1980|Written warning/);
  });

  it('sends nothing for a correction before the giving, nor for one that changes nothing', async () => {
    // Prepare
    const before = world();
    const unchanged = world({ given: true });
    unchanged.liability.people.set(`${unchanged.transfer.id}/E1001`, { claims: 'None known' });

    // Act
    await before.service.correctPerson(before.transfer.id, 'E1001', { claims: 'Tribunal claim' }, hr);
    await unchanged.service.correctPerson(unchanged.transfer.id, 'E1001', { claims: 'None known' }, hr);

    // Assess
    expect(before.liability.writes).toEqual(['savePerson']);
    expect(before.notify).not.toHaveBeenCalled();
    expect(unchanged.liability.writes).toEqual([]);
    expect(unchanged.notify).not.toHaveBeenCalled();
  });

  it('stores and sends nothing for a bad correction', async () => {
    // Prepare
    const { transfer, liability, notify, service } = world({ given: true });

    // Act
    const refused = service.correctPerson(
      transfer.id,
      'E1001',
      { dateOfBirth: '2020-01-01', claims: 'x' },
      hr,
    );

    // Assess
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    expect(liability.writes).toEqual([]);
    expect(notify).not.toHaveBeenCalled();
  });

  it('sends changed collective agreements to the transferee once the ELI was given, and the same text again sends nothing', async () => {
    // Prepare
    const { transfer, liability, notify, service } = world({ given: true });
    liability.records.set(transfer.id, {
      given: giving,
      collectiveAgreements: 'Green Book',
      downloads: [],
      updates: [],
    });

    // Act
    const status = await service.setCollectiveAgreements(
      transfer.id,
      { text: 'Green Book\nLocal pay agreement 2019' },
      hr,
    );
    await service.setCollectiveAgreements(transfer.id, { text: 'Green Book\nLocal pay agreement 2019' }, hr);

    // Assess
    expect(status.collectiveAgreements).toBe('Green Book\nLocal pay agreement 2019');
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith(
      expect.objectContaining({ purpose: 'liability-information-update#2026-08-25T13:30:00.000Z' }),
      contact.email,
      expect.objectContaining({
        kind: 'liability-information-update',
        reason: 'collective-agreements',
        changes: [{ field: 'collective agreements', value: 'Green Book\nLocal pay agreement 2019' }],
      }),
    );
    expect(status.updates).toEqual([
      { at: '2026-08-25T13:30:00.000Z', reason: 'collective-agreements', sentAt: '2026-08-25T13:30:00.000Z' },
    ]);
  });

  it('saves collective agreements before the giving without sending anything', async () => {
    // Prepare
    const { transfer, notify, service } = world();

    // Act
    const status = await service.setCollectiveAgreements(transfer.id, { text: 'Green Book' }, hr);

    // Assess
    expect(status).toMatchObject({ status: 'not-given', collectiveAgreements: 'Green Book', updates: [] });
    expect(notify).not.toHaveBeenCalled();
  });
});
