/** The pension election as a member of staff meets it, through their personal link. */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import { createLinkToken, readLinkToken } from '../adapters/personal-links.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import { checkEmployeeNumber, chooseOption, optionOf } from '../domain/election.ts';
import { ConflictError, InvalidLinkError, TransientStepError } from '../domain/errors.ts';
import { employeeKey } from '../domain/roster.ts';
import type { StaffCase, Transfer } from '../domain/transfer.ts';
import { isElectionOpen, linkExpiresAt } from '../domain/transfer-rules.ts';
import type { ElectionService } from './contracts.ts';
import { notRecognisedWhenMissing } from './link-errors.ts';
import type { Notify } from './notifier.ts';

/** What a service needs to reach people: the store, personal links and email, the clock and our address. */
export interface PeopleServiceDependencies {
  transfers: TransferRepository;
  cases: CaseRepository;
  readSecret: ReadSecret;
  notify: Notify;
  clock: Clock;
  publicBaseUrl: () => string;
}

export type ElectionServiceDependencies = PeopleServiceDependencies;

/** The absolute URL of a person's pension form. */
export async function pensionFormLink(
  readSecret: ReadSecret,
  publicBaseUrl: string,
  transfer: Pick<Transfer, 'id' | 'transferDate'>,
  staffCase: Pick<StaffCase, 'shard' | 'employeeNumber'>,
): Promise<string> {
  const token = createLinkToken(
    await readSecret(),
    {
      purpose: 'pension',
      transferId: transfer.id,
      shard: staffCase.shard,
      employeeNumber: staffCase.employeeNumber,
    },
    linkExpiresAt(transfer.transferDate),
  );
  return `${publicBaseUrl}/forms/pension/${token}`;
}

export function electionService({
  transfers,
  cases,
  readSecret,
  notify,
  clock,
  publicBaseUrl,
}: ElectionServiceDependencies): ElectionService {
  const open = async (token: string) => {
    const subject = readLinkToken(await readSecret(), token, 'pension', clock.now());
    const transfer = await transfers.get(subject.transferId).catch(notRecognisedWhenMissing);
    if (transfer.status === 'draft' || transfer.status === 'cancelled') {
      throw new InvalidLinkError('This link no longer works');
    }
    return { subject, transfer };
  };

  const caseOf = async (subject: { transferId: string; shard: number; employeeNumber: string }) =>
    cases.get(subject.transferId, subject.shard, subject.employeeNumber).catch(notRecognisedWhenMissing);

  return {
    async openLink(token) {
      const { transfer } = await open(token);
      return {
        transferName: transfer.name,
        transferor: transfer.transferor,
        transferee: transfer.transferee,
        transferDate: transfer.transferDate,
        options: transfer.pension.options,
        defaultOption: transfer.pension.defaultOption,
        electionClosesOn: transfer.pension.electionClosesOn,
        open: isElectionOpen(transfer, clock.now()),
      };
    },

    async checkEmployeeNumber(token, employeeNumber) {
      const { subject } = await open(token);
      const staffCase = await caseOf(subject);
      checkEmployeeNumber(staffCase, employeeNumber);
      return staffCase.election ? { currentElection: staffCase.election } : {};
    },

    async confirm(token, employeeNumber, option) {
      const { subject, transfer } = await open(token);
      const staffCase = await caseOf(subject);
      checkEmployeeNumber(staffCase, employeeNumber);
      const change = chooseOption(transfer, staffCase, option, clock.now());
      try {
        await cases.applyChanges(transfer.id, [change]);
      } catch (error) {
        if (error instanceof TransientStepError) {
          throw new ConflictError(
            'Your choice changed while this one was being saved; check it and try again',
            {
              cause: error,
            },
          );
        }
        throw error;
      }
      const election = change.election as NonNullable<typeof change.election>;
      const choiceNumber = staffCase.history.filter((event) => event.action.startsWith('elect')).length + 1;
      await notify(
        {
          transferId: transfer.id,
          employeeKey: employeeKey(staffCase.employeeNumber),
          purpose: `election-confirmation#${choiceNumber}`,
        },
        staffCase.email,
        {
          kind: 'election-confirmation',
          name: staffCase.name,
          transferName: transfer.name,
          option: optionOf(transfer, election.option),
          chosenAt: election.at,
          electionClosesOn: transfer.pension.electionClosesOn,
          link: await pensionFormLink(readSecret, publicBaseUrl(), transfer, staffCase),
        },
      );
      return election;
    },
  };
}
