/** The pension election as a member of staff meets it, through their personal link. */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { ClientRateLimits } from '../adapters/client-rate-limit.ts';
import type { Clock } from '../adapters/clock.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import { openLinkToken } from '../adapters/personal-links.ts';
import { serviceUnavailableFrom } from '../adapters/service-availability.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import {
  type CaseChange,
  chooseOption,
  confirmationPurpose,
  optionOf,
  writtenVersion,
} from '../domain/election.ts';
import {
  ConflictError,
  EmailClaimHeldError,
  InvalidLinkError,
  ReplacedLinkError,
  TransientStepError,
} from '../domain/errors.ts';
import { newestLinkVersion, opensLink } from '../domain/person-actions.ts';
import type { StaffCase, Transfer, TransferHeader } from '../domain/transfer.ts';
import { isElectionOpen, linkExpiresAt } from '../domain/transfer-rules.ts';
import { jitteredPause } from '../jittered-pause.ts';
import type { RecordMetric } from './business-metrics.ts';
import type { ElectionService, LinkClient } from './contracts.ts';
import { employeeNumberCheck } from './employee-number-check.ts';
import { notRecognisedWhenMissing } from './link-errors.ts';
import { hrContactOf, type Notify, personLedgerKey } from './notifier.ts';
import { type FormLinkSigning, personalFormLink } from './personal-form-link.ts';

/** What a service needs to reach people: the store, personal links and email, the clock and our address. */
export interface PeopleServiceDependencies {
  transfers: TransferRepository;
  cases: CaseRepository;
  readSecret: ReadSecret;
  notify: Notify;
  clock: Clock;
  publicBaseUrl: () => string;
}

export interface ElectionServiceDependencies extends PeopleServiceDependencies {
  clientLimits: ClientRateLimits;
  recordMetric: RecordMetric;
}

/** Times a confirmation reads the case again after another change to it landed first. */
const confirmAttempts = 8;
/** How long a recorded choice's confirmation email may wait out an outage, inside API Gateway's 30 s. */
export const confirmationPatienceMs = 20_000;

/**
 * Sends, trying again while the trouble passes (the table or SES unavailable, a send refused) until the
 * patience runs out. A claim held already is this request's own earlier try, whose send SES's events settle.
 */
async function patiently(send: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + confirmationPatienceMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return;
    } catch (error) {
      if (error instanceof EmailClaimHeldError) return;
      const passing = error instanceof TransientStepError || serviceUnavailableFrom(error) !== undefined;
      const wait = Math.min(4_000, 250 * 2 ** attempt);
      if (!passing || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Whose case a pension link is for, and the link version it was made with. */
interface LinkSubject {
  transferId: string;
  shard: number;
  employeeNumber: string;
  version?: number;
}

/** The absolute URL of a person's pension form. */
export function pensionFormLink(
  { readSecret, publicBaseUrl }: FormLinkSigning,
  transfer: Pick<Transfer, 'id' | 'transferDate'>,
  staffCase: Pick<StaffCase, 'shard' | 'employeeNumber' | 'linkVersion' | 'pendingLinkVersion'>,
): Promise<string> {
  // The newest link: one being sent by a resend becomes the current one once its email is accepted.
  const version = newestLinkVersion(staffCase);
  return personalFormLink(
    readSecret,
    publicBaseUrl(),
    {
      purpose: 'pension',
      transferId: transfer.id,
      shard: staffCase.shard,
      employeeNumber: staffCase.employeeNumber,
      ...(version ? { version } : {}),
    },
    linkExpiresAt(transfer.transferDate),
  );
}

/**
 * One confirmation for each recorded choice, keyed by the version its change wrote (so a retry sends it
 * once), with the person's link to change it: after their own choice, or one HR recorded for them.
 */
export async function sendElectionConfirmation(
  dependencies: Pick<PeopleServiceDependencies, 'notify'> & FormLinkSigning,
  transfer: TransferHeader,
  staffCase: StaffCase,
  change: CaseChange,
): Promise<void> {
  const election = change.election;
  if (!election) return;
  await dependencies.notify(
    personLedgerKey(transfer, staffCase, confirmationPurpose(writtenVersion(change))),
    staffCase.email,
    {
      kind: 'election-confirmation',
      name: staffCase.name,
      transferName: transfer.name,
      option: optionOf(transfer, election.option),
      ...hrContactOf(transfer),
      chosenAt: election.at,
      electionClosesOn: transfer.pension.electionClosesOn,
      link: await pensionFormLink(dependencies, transfer, staffCase),
    },
  );
}

export function electionService(dependencies: ElectionServiceDependencies): ElectionService {
  const { transfers, cases, readSecret, clock, clientLimits, recordMetric } = dependencies;
  const open = async (token: string) => {
    const subject = await openLinkToken(readSecret, token, 'pension', clock.now());
    const transfer = await transfers.header(subject.transferId).catch(notRecognisedWhenMissing);
    if (transfer.status === 'draft' || transfer.status === 'cancelled') {
      throw new InvalidLinkError('This link no longer works');
    }
    return { subject, transfer };
  };

  /**
   * The person's case, once the link is their latest (or the new one a resend is sending): HR sending a new
   * one makes the older ones stop.
   */
  const caseOf = async (subject: LinkSubject) => {
    const staffCase = await cases
      .get(subject.transferId, subject.shard, subject.employeeNumber)
      .catch(notRecognisedWhenMissing);
    if (!opensLink(staffCase, subject.version)) {
      throw new ReplacedLinkError(
        'This link has been replaced by a newer one: use the link in your latest email',
      );
    }
    return staffCase;
  };

  const verified = employeeNumberCheck({ cases, clientLimits, clock });

  /**
   * The person's case once the number typed is theirs. Refuses a locked link (even the right number) and
   * a client over its hourly limit; a wrong number is counted on the link and for the client.
   */
  const verifiedCase = async (subject: LinkSubject, typed: string, client: LinkClient) =>
    verified(await caseOf(subject), typed, client, () => caseOf(subject));

  return {
    async openLink(token) {
      const { subject, transfer } = await open(token);
      const { election } = await caseOf(subject);
      return {
        transferName: transfer.name,
        transferor: transfer.transferor,
        transferee: transfer.transferee,
        transferDate: transfer.transferDate,
        options: transfer.pension.options,
        defaultOption: transfer.pension.defaultOption,
        electionClosesOn: transfer.pension.electionClosesOn,
        open: isElectionOpen(transfer, clock.now()),
        ...hrContactOf(transfer),
        ...(election ? { currentElection: election } : {}),
      };
    },

    async checkEmployeeNumber(token, employeeNumber, client) {
      const { subject } = await open(token);
      const staffCase = await verifiedCase(subject, employeeNumber, client);
      // As recorded on the roster (e.g. SCC100001), not as typed (scc100001).
      return {
        employeeNumber: staffCase.employeeNumber,
        ...(staffCase.election ? { currentElection: staffCase.election } : {}),
      };
    },

    async confirm(token, employeeNumber, option, client) {
      const { subject, transfer } = await open(token);
      let staffCase = await verifiedCase(subject, employeeNumber, client);
      // Written only if the case is still at the version read: another change that landed first means
      // reading it again, so the tallies move from the choice this one really replaces.
      for (let attempt = 1; ; attempt++) {
        const change = chooseOption(transfer, staffCase, option, clock.now());
        try {
          await cases.applyChanges(transfer.id, [change]);
        } catch (error) {
          if (!(error instanceof TransientStepError)) throw error;
          if (attempt >= confirmAttempts) {
            throw new ConflictError(
              'Your choice was being changed from somewhere else at the same time, so this one was not saved; check your choice and try again',
              { cause: error },
            );
          }
          await jitteredPause(attempt, 20);
          staffCase = await caseOf(subject);
          continue;
        }
        recordMetric('ElectionsRecorded', 1);
        const election = change.election as NonNullable<typeof change.election>;
        // The choice is stored now, and no workflow stands behind this email: a passing outage is waited
        // out here.
        await patiently(() => sendElectionConfirmation(dependencies, transfer, staffCase, change));
        return election;
      }
    },
  };
}
