import { describe, expect, it } from 'vitest';
import { readLinkToken } from '../../../functions/adapters/personal-links.ts';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { TransientStepError } from '../../../functions/domain/errors.ts';
import type { CaseStatus, StaffCase, Transfer, TransferStatus } from '../../../functions/domain/transfer.ts';
import { hrLedgerKey } from '../../../functions/services/notifier.ts';
import { reminderSteps } from '../../../functions/services/reminder-steps.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryEmailLedger,
  inMemoryTransferRepository,
  noMetrics,
  notifiersWith,
  plainRender,
  recordingMailer,
} from '../../fixtures/domain/in-memory-stores.ts';
import { publicBaseUrl, linkSecret as secret } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, pensionOptions, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

/** The fixture transfer: election closes 15 September 2026, transfer on 1 October 2026. */
const electionReminderDay = '2026-09-08T06:00:00.000Z';
const liabilityReminderDay = '2026-09-03T06:00:00.000Z';
const afterElectionClosed = '2026-09-15T23:00:05.000Z';

function remindersWithFakes(now: string, given = false) {
  const store = new InMemoryTransferStore();
  const ledger = inMemoryEmailLedger();
  const mailer = recordingMailer(ledger);
  const clock = fixedClock(now);
  const reminders = reminderSteps({
    transfers: inMemoryTransferRepository(store),
    cases: inMemoryCaseRepository(store),
    readSecret: async () => secret,
    ...notifiersWith({ ledger, send: mailer.send, render: plainRender, clock, recordMetric: noMetrics }),
    clock,
    publicBaseUrl: () => publicBaseUrl,
    liabilityGiven: async () => given,
  });
  return { reminders, store, ledger, mailer, clock };
}

/** A transfer in `status` with one person a status, as `E-<status>-<index>`, in the shards given. */
function transferWithPeople(
  store: InMemoryTransferStore,
  status: TransferStatus,
  people: Array<{ status: CaseStatus } & Partial<StaffCase>>,
): Transfer {
  const transfer = storedTransfer({ status, nextRosterIndex: people.length });
  store.putTransfer(transfer);
  store.putCases(
    people.map((person, index) =>
      staffCase({
        transferId: transfer.id,
        employeeNumber: `E-${person.status}-${index}`,
        name: `Person ${index}`,
        email: `person.${index}@council.example.org`,
        ...person,
      }),
    ),
  );
  return transfer;
}

const sentTo = (mailer: ReturnType<typeof recordingMailer>) => mailer.sent.map((email) => email.to).sort();
const contentsOf = (mailer: ReturnType<typeof recordingMailer>): EmailContent[] =>
  mailer.sent.map((email) => JSON.parse(email.text) as EmailContent);
const purposesOf = (ledger: ReturnType<typeof inMemoryEmailLedger>) =>
  [...ledger.records.values()].map((record) => `${record.recipientKey}:${record.purpose}`).sort();

const election = { option: 'NHSPS', how: 'staff' as const, at: '2026-07-01T11:00:00.000Z' };

describe('Function: reminderSteps.sendElectionReminders', () => {
  it('reminds only the people of the shard who are still invited, recorded as election-reminder', async () => {
    // Prepare
    const { reminders, store, mailer, ledger } = remindersWithFakes(electionReminderDay);
    const transfer = transferWithPeople(store, 'launched', [
      { status: 'invited' },
      { status: 'elected', election },
      { status: 'invited' },
      { status: 'objected' },
      { status: 'imported' },
      { status: 'invited', shard: 1 },
    ]);

    // Act
    const result = await reminders.sendElectionReminders(transfer.id, 0);

    // Assess
    expect(result).toEqual({ processed: 2, sent: 2 });
    expect(sentTo(mailer)).toEqual(['person.0@council.example.org', 'person.2@council.example.org']);
    expect(purposesOf(ledger)).toEqual(['E-INVITED-0:election-reminder', 'E-INVITED-2:election-reminder']);
    expect(store.caseOf(transfer.id, 'E-invited-0').status).toBe('invited');
  });

  it("gives the deadline, the options and default, and a link to the person's own form", async () => {
    // Prepare
    const { reminders, store, mailer } = remindersWithFakes(electionReminderDay);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);

    // Act
    await reminders.sendElectionReminders(transfer.id, 0);

    // Assess
    const [content] = contentsOf(mailer);
    expect(content).toMatchObject({
      kind: 'election-reminder',
      name: 'Person 0',
      transferName: transfer.name,
      electionClosesOn: '2026-09-15',
      options: pensionOptions,
      defaultOption: pensionOptions[0],
    });
    const link = content?.kind === 'election-reminder' ? content.link : '';
    expect(link.startsWith(`${publicBaseUrl}/forms/pension/`)).toBe(true);
    const token = link.slice(`${publicBaseUrl}/forms/pension/`.length);
    expect(await readLinkToken(secret, token, 'pension', new Date(electionReminderDay))).toEqual({
      purpose: 'pension',
      transferId: transfer.id,
      shard: 0,
      employeeNumber: 'E-invited-0',
    });
  });

  it('sends nobody a second reminder when the step runs again', async () => {
    // Prepare
    const { reminders, store, mailer } = remindersWithFakes(electionReminderDay);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }, { status: 'invited' }]);
    await reminders.sendElectionReminders(transfer.id, 0);

    // Act
    await reminders.sendElectionReminders(transfer.id, 0);

    // Assess
    expect(mailer.sent).toHaveLength(2);
  });

  it('after a failed send, throws TransientStepError, and the retry sends only what is missing', async () => {
    // Prepare
    const { reminders, store, mailer } = remindersWithFakes(electionReminderDay);
    const transfer = transferWithPeople(store, 'launched', [
      { status: 'invited' },
      { status: 'invited' },
      { status: 'invited' },
    ]);
    mailer.failNext(1);

    // Act
    await expect(reminders.sendElectionReminders(transfer.id, 0)).rejects.toThrow(TransientStepError);
    const retried = await reminders.sendElectionReminders(transfer.id, 0);

    // Assess
    expect(retried).toEqual({ processed: 3, sent: 3 });
    expect(sentTo(mailer)).toEqual([
      'person.0@council.example.org',
      'person.1@council.example.org',
      'person.2@council.example.org',
    ]);
  });

  it.each(['draft', 'election-closed', 'completed', 'cancelled'] as const)(
    'reminds nobody while the transfer is %s',
    async (status) => {
      // Prepare
      const { reminders, store, mailer } = remindersWithFakes(electionReminderDay);
      const transfer = transferWithPeople(store, status, [{ status: 'invited' }]);

      // Act
      const result = await reminders.sendElectionReminders(transfer.id, 0);

      // Assess
      expect(result).toEqual({ processed: 0, sent: 0 });
      expect(mailer.sent).toEqual([]);
    },
  );

  it('reminds nobody when it runs after the deadline has passed (a late sweep)', async () => {
    // Prepare
    const { reminders, store, mailer } = remindersWithFakes(afterElectionClosed);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);

    // Act
    const result = await reminders.sendElectionReminders(transfer.id, 0);

    // Assess
    expect(result).toEqual({ processed: 0, sent: 0 });
    expect(mailer.sent).toEqual([]);
  });
});

describe('Function: reminderSteps.remindLiabilityInformation', () => {
  it('reminds whoever created the transfer at T-35, once, with the due date and a link to the liability page', async () => {
    // Prepare
    const { reminders, store, mailer, ledger } = remindersWithFakes(liabilityReminderDay);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);

    // Act
    const first = await reminders.remindLiabilityInformation(transfer.id, 'liability-information-reminder');
    const again = await reminders.remindLiabilityInformation(transfer.id, 'liability-information-reminder');

    // Assess
    expect([first, again]).toEqual([
      { processed: 1, sent: 1, overdue: false },
      { processed: 1, sent: 1, overdue: false },
    ]);
    expect(sentTo(mailer)).toEqual(['hr@council.example.org']);
    expect(contentsOf(mailer)).toEqual([
      {
        kind: 'liability-information-due',
        transferName: transfer.name,
        transferee: transfer.transferee,
        transferDate: '2026-10-01',
        dueOn: '2026-09-03',
        link: `${publicBaseUrl}/transfers/${transfer.id}/eli`,
      },
    ]);
    expect(purposesOf(ledger)).toEqual([`${hrLedgerKey}:liability-information-reminder`]);
  });

  it('escalates to HR at T-28 when the information was not given, saying it is now late', async () => {
    // Prepare
    const { reminders, store, mailer, ledger } = remindersWithFakes(liabilityReminderDay);
    const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);

    // Act
    const result = await reminders.remindLiabilityInformation(transfer.id, 'liability-information-due');

    // Assess
    expect(result).toEqual({ processed: 1, sent: 1, overdue: false });
    expect(contentsOf(mailer)).toEqual([
      {
        kind: 'liability-information-late',
        transferName: transfer.name,
        transferee: transfer.transferee,
        transferDate: '2026-10-01',
        dueOn: '2026-09-03',
        link: `${publicBaseUrl}/transfers/${transfer.id}/eli`,
      },
    ]);
    expect(purposesOf(ledger)).toEqual([`${hrLedgerKey}:liability-information-due`]);
  });

  it.each(['liability-information-reminder', 'liability-information-due'] as const)(
    'sends nothing at %s once the information was given',
    async (milestone) => {
      // Prepare
      const { reminders, store, mailer } = remindersWithFakes(liabilityReminderDay, true);
      const transfer = transferWithPeople(store, 'launched', [{ status: 'invited' }]);

      // Act
      const result = await reminders.remindLiabilityInformation(transfer.id, milestone);

      // Assess
      expect(result).toEqual({ processed: 1, sent: 0, overdue: false });
      expect(mailer.sent).toEqual([]);
    },
  );

  it('reminds HR after its day (a late sweep), while the transfer date is still ahead, saying it is overdue', async () => {
    // Prepare: the information was due on 3 September; the sweep runs after the election closed
    const { reminders, store, mailer } = remindersWithFakes(afterElectionClosed);
    const transfer = transferWithPeople(store, 'election-closed', []);

    // Act
    const result = await reminders.remindLiabilityInformation(transfer.id, 'liability-information-reminder');

    // Assess
    expect(result).toEqual({ processed: 1, sent: 1, overdue: true });
    expect(contentsOf(mailer)).toEqual([expect.objectContaining({ dueOn: '2026-09-03', overdue: true })]);
  });

  it('is not overdue on its own day, to the last minute of it (London time)', async () => {
    // Prepare: 23:59 on 3 September in London is 22:59 UTC
    const { reminders, store, mailer } = remindersWithFakes('2026-09-03T22:59:00.000Z');
    const transfer = transferWithPeople(store, 'launched', []);

    // Act
    const result = await reminders.remindLiabilityInformation(transfer.id, 'liability-information-reminder');

    // Assess
    expect(result).toEqual({ processed: 1, sent: 1, overdue: false });
    expect(contentsOf(mailer)[0]).not.toHaveProperty('overdue');
  });

  it.each(['draft', 'completed', 'cancelled'] as const)(
    'reminds nobody while the transfer is %s',
    async (status) => {
      // Prepare
      const { reminders, store, mailer } = remindersWithFakes(liabilityReminderDay);
      const transfer = transferWithPeople(store, status, []);

      // Act
      const result = await reminders.remindLiabilityInformation(transfer.id);

      // Assess
      expect(result).toEqual({ processed: 0, sent: 0, overdue: false });
      expect(mailer.sent).toEqual([]);
    },
  );

  it('reminds nobody once transfer day has begun (a late sweep)', async () => {
    // Prepare: transfer day, 1 October 2026, begins at 23:00 UTC on 30 September.
    const { reminders, store, mailer } = remindersWithFakes('2026-09-30T23:00:00.000Z');
    const transfer = transferWithPeople(store, 'election-closed', []);

    // Act
    const result = await reminders.remindLiabilityInformation(transfer.id);

    // Assess
    expect(result).toEqual({ processed: 0, sent: 0, overdue: false });
    expect(mailer.sent).toEqual([]);
  });
});
