import { describe, expect, it } from 'vitest';
import type { CaseRepository } from '../../../functions/adapters/case-repository.ts';
import {
  ConflictError,
  ReplacedLinkError,
  ServiceUnavailableError,
  TransientStepError,
} from '../../../functions/domain/errors.ts';
import type { StaffCase } from '../../../functions/domain/transfer.ts';
import type { Actor, CaseView } from '../../../functions/services/contracts.ts';
import { electionService, pensionFormLink } from '../../../functions/services/election-service.ts';
import { notifier } from '../../../functions/services/notifier.ts';
import { peopleService } from '../../../functions/services/people-service.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryClientRateLimits,
  inMemoryEmailLedger,
  inMemoryTransferRepository,
  noMetrics,
  plainRender,
  recordingMailer,
} from '../../fixtures/domain/in-memory-stores.ts';
import { publicBaseUrl, linkSecret as secret, signing } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const hr: Actor = { id: 'hr@council.example.org', roles: ['hr'] };

/** A launched transfer with one invited person, HR's people service and the person's election service. */
async function world(wrapCases: (cases: CaseRepository) => CaseRepository = (cases) => cases) {
  const store = new InMemoryTransferStore();
  const clock = fixedClock('2026-07-01T11:00:00.000Z');
  const ledger = inMemoryEmailLedger();
  const mailer = recordingMailer();
  const transfer = storedTransfer();
  store.putTransfer(transfer);
  const person = staffCase({ transferId: transfer.id, employeeNumber: 'E1001' });
  store.putCases([person]);
  const cases = wrapCases(inMemoryCaseRepository(store));
  const transfers = inMemoryTransferRepository(store);
  const shared = {
    transfers,
    cases,
    clock,
    readSecret: async () => secret,
    notify: notifier({ ledger, send: mailer.send, render: plainRender, clock, recordMetric: noMetrics }),
    publicBaseUrl: () => publicBaseUrl,
  };
  const stored = () => store.casesOf(transfer.id).get('E1001') as StaffCase;
  const people = peopleService({
    ...shared,
    getCase: async (): Promise<CaseView> => ({
      ...stored(),
      notifications: await ledger.forPerson(transfer.id, 'E1001'),
    }),
  });
  const election = electionService({
    ...shared,
    clientLimits: inMemoryClientRateLimits(),
    recordMetric: noMetrics,
  });
  const firstToken = (await pensionFormLink(signing, transfer, person)).split('/').at(-1) as string;
  const tokenOfEmail = (index: number) => {
    const link = JSON.parse(mailer.sent[index]?.text ?? '{}').link as string;
    return link.split('/').at(-1) as string;
  };
  const resendsAudited = () =>
    (store.audit.get(transfer.id) ?? []).filter((entry) => entry.action === 'link-resent');
  return { store, mailer, transfer, people, election, stored, firstToken, tokenOfEmail, resendsAudited };
}

async function thrownBy(act: () => Promise<unknown>): Promise<unknown> {
  try {
    await act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('Function: peopleService.resendLink', () => {
  it('answers 503 when SES refuses the email, leaving the old link working and no resend recorded', async () => {
    // Prepare
    const { mailer, transfer, people, election, stored, firstToken, resendsAudited } = await world();
    mailer.failNext(1);

    // Act
    const error = await thrownBy(() => people.resendLink(transfer.id, 'E1001', hr));

    // Assess
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toContain('the link sent before still works');
    expect(mailer.sent).toHaveLength(0);
    expect(stored()).toMatchObject({ pendingLinkVersion: 1 });
    expect(stored().linkVersion).toBeUndefined();
    expect(stored().history.map((event) => event.action)).not.toContain('link-resent');
    expect(resendsAudited()).toEqual([]);
    await expect(election.openLink(firstToken)).resolves.toBeDefined();
  });

  it('sends the same pending link when tried again, then makes it current and retires the old one', async () => {
    // Prepare
    const { mailer, transfer, people, election, stored, firstToken, tokenOfEmail, resendsAudited } =
      await world();
    mailer.failNext(1);
    await thrownBy(() => people.resendLink(transfer.id, 'E1001', hr));

    // Act
    await people.resendLink(transfer.id, 'E1001', hr);

    // Assess
    expect(mailer.sent).toHaveLength(1);
    expect(stored()).toMatchObject({ linkVersion: 1 });
    expect(stored().pendingLinkVersion).toBeUndefined();
    expect(resendsAudited()).toHaveLength(1);
    expect(await thrownBy(() => election.openLink(firstToken))).toBeInstanceOf(ReplacedLinkError);
    await expect(election.openLink(tokenOfEmail(0))).resolves.toBeDefined();
  });

  it('opens the new link as soon as it is sent, before it becomes current (a crash between the two)', async () => {
    // Prepare: the promotion is lost, as if the process died after SES accepted the email.
    let crash = true;
    const { mailer, transfer, people, election, stored, firstToken, tokenOfEmail, resendsAudited } =
      await world((cases) => ({
        ...cases,
        async applyChanges(id, changes) {
          if (crash) throw new Error('process died');
          return cases.applyChanges(id, changes);
        },
      }));
    await thrownBy(() => people.resendLink(transfer.id, 'E1001', hr));

    // Act
    const newOpens = await election.openLink(tokenOfEmail(0));
    const oldOpens = await election.openLink(firstToken);
    crash = false;
    await people.resendLink(transfer.id, 'E1001', hr);

    // Assess
    expect(newOpens).toBeDefined();
    expect(oldOpens).toBeDefined();
    expect(mailer.sent).toHaveLength(1);
    expect(stored()).toMatchObject({ linkVersion: 1 });
    expect(resendsAudited()).toHaveLength(1);
  });

  it('sends a further link to a corrected address when the pending one went to the old address', async () => {
    // Prepare: the first resend's email went, then the process died before the link became current.
    let crash = true;
    const { mailer, transfer, people, stored, resendsAudited } = await world((cases) => ({
      ...cases,
      async applyChanges(id, changes) {
        if (crash && changes.some((change) => change.linkVersion !== undefined)) {
          throw new Error('process died');
        }
        return cases.applyChanges(id, changes);
      },
    }));
    const oldAddress = stored().email;
    await thrownBy(() => people.resendLink(transfer.id, 'E1001', hr));
    crash = false;
    await people.correctEmail(transfer.id, 'E1001', { email: 'corrected@council.example.org' }, hr);

    // Act
    await people.resendLink(transfer.id, 'E1001', hr);

    // Assess
    expect(mailer.sent.map((email) => email.to)).toEqual([oldAddress, 'corrected@council.example.org']);
    expect(stored()).toMatchObject({ linkVersion: 2 });
    expect(stored().pendingLinkVersion).toBeUndefined();
    expect(resendsAudited()).toHaveLength(2);
  });

  it('makes the link current after the person chose meanwhile, reading the case again', async () => {
    // Prepare: the person's choice lands between the send and the promotion.
    let raced = false;
    const { transfer, people, stored, resendsAudited } = await world((cases) => ({
      ...cases,
      async applyChanges(id, changes) {
        if (!raced) {
          raced = true;
          throw new TransientStepError('A case changed while it was being updated; try again');
        }
        return cases.applyChanges(id, changes);
      },
    }));

    // Act
    await people.resendLink(transfer.id, 'E1001', hr);

    // Assess
    expect(stored()).toMatchObject({ linkVersion: 1 });
    expect(resendsAudited()).toHaveLength(1);
  });

  it('sends one email when two resends of the same link run at once', async () => {
    // Prepare
    const { mailer, transfer, people, stored, resendsAudited } = await world();

    // Act
    const outcomes = await Promise.allSettled([
      people.resendLink(transfer.id, 'E1001', hr),
      people.resendLink(transfer.id, 'E1001', hr),
    ]);

    // Assess
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    for (const reason of refused) expect(reason).toBeInstanceOf(ConflictError);
    expect(mailer.sent).toHaveLength(1);
    expect(stored()).toMatchObject({ linkVersion: 1 });
    expect(resendsAudited()).toHaveLength(1);
  });
});
