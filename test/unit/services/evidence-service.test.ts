import { describe, expect, it } from 'vitest';
import type { StoredConsultation } from '../../../functions/adapters/consultation-repository.ts';
import type { TransferNotification } from '../../../functions/adapters/email-ledger.ts';
import { transferConsultationId } from '../../../functions/domain/consultation-rules.ts';
import { evidenceService } from '../../../functions/services/evidence-service.ts';
import {
  InMemoryConsultationStore,
  inMemoryConsultationRepository,
} from '../../fixtures/domain/in-memory-consultations.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const transfer = storedTransfer({ id: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90', nextRosterIndex: 1 });
const otherTransferId = '0d4e5f60-7a8b-4c9d-8e0f-1a2b3c4d5e6f';

function storedConsultation(overrides: Partial<StoredConsultation>): StoredConsultation {
  return {
    id: transferConsultationId(transfer.id),
    title: `Consultation on ${transfer.name}`,
    opensOn: '2026-07-06',
    closesOn: '2026-08-03',
    transferId: transfer.id,
    public: false,
    status: 'open',
    invited: 0,
    responded: 1,
    publicResponses: 0,
    shardCounts: { T0: 2 },
    inviteeShards: 0,
    transferShards: 1,
    openedAt: '2026-07-06T08:00:00.000Z',
    createdAt: '2026-07-01T09:00:00.000Z',
    createdBy: 'hr@council.example.org',
    ...overrides,
  };
}

function email(purpose: string, employeeKey: string): TransferNotification {
  return {
    employeeKey,
    claimedAt: '2026-07-06T08:00:01.000Z',
    purpose,
    to: `${employeeKey}@council.example.org`,
    subject: purpose,
    status: 'sent',
    sentAt: '2026-07-06T08:00:02.000Z',
  };
}

function serviceWith(
  consultations: StoredConsultation[],
  emailsByOwner: Record<string, TransferNotification[]>,
) {
  const store = new InMemoryConsultationStore();
  for (const consultation of consultations) store.consultations.set(consultation.id, consultation);
  return evidenceService({
    transfers: {
      get: async () => transfer,
      milestoneTimeline: async () => [],
      header: async () => transfer,
      auditChain: async () => ({ events: [], head: undefined }),
      recordAudit: async () => undefined,
    },
    cases: { loadShard: async () => [staffCase({ employeeNumber: 'E1001' })] },
    ledger: { allForTransfer: async (ownerId) => emailsByOwner[ownerId] ?? [] },
    consultations: inMemoryConsultationRepository(store),
    clock: fixedClock('2026-08-05T10:00:00.000Z'),
  });
}

describe('Function: evidenceService', () => {
  it("gathers each consultation linked to the transfer with the emails recorded under the consultation's id", async () => {
    // Prepare
    const own = storedConsultation({});
    const linkedLater = storedConsultation({
      id: 'a8c0e7de-51c4-4a5b-8f34-2d9e1b7c6f01',
      title: 'Follow-up consultation',
      createdAt: '2026-07-10T09:00:00.000Z',
      public: true,
    });
    const elsewhere = storedConsultation({
      id: 'b9d1f8ef-62d5-4b6c-9045-3eaf2c8d7a12',
      transferId: otherTransferId,
    });
    const service = serviceWith([linkedLater, own, elsewhere], {
      [transfer.id]: [email('invitation', 'E1001')],
      [own.id]: [email('consultation-invitation', 'T-E1001'), email('consultation-invitation', 'T-E1002')],
      [elsewhere.id]: [email('consultation-invitation', 'T-X')],
    });

    // Act
    const record = await service.gather(transfer.id);

    // Assess
    expect(record.notifications.map((row) => row.purpose)).toEqual(['invitation']);
    expect(record.consultations.map((row) => row.consultation.id)).toEqual([own.id, linkedLater.id]);
    expect(record.consultations[0]?.consultation).toMatchObject({ invited: 2, responded: 1, status: 'open' });
    expect(record.consultations[0]?.consultation).not.toHaveProperty('shardCounts');
    expect(record.consultations[0]?.emails.map((row) => row.employeeKey)).toEqual(['T-E1001', 'T-E1002']);
    expect(record.consultations[1]?.emails).toEqual([]);
  });

  it('gathers no consultation for a transfer that has none', async () => {
    // Prepare
    const service = serviceWith([storedConsultation({ transferId: otherTransferId })], {});

    // Act
    const record = await service.gather(transfer.id);

    // Assess
    expect(record.consultations).toEqual([]);
    expect(record.cases).toHaveLength(1);
  });
});
