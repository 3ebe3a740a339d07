/**
 * What HR does for one person on a roster (DESIGN §6 "People and contracts, acted on by HR"): correct
 * their email address, send them a new link, record a choice or a withdrawn objection they sent in, and
 * clear the lock on their link. Each change is written only if the case is still as it was read, and is
 * recorded in the person's history and the transfer's audit once it happened: a new link only once SES
 * accepted its email.
 */
import { type CaseChange, optionOf } from '../domain/election.ts';
import {
  ConflictError,
  EmailClaimHeldError,
  ForbiddenError,
  ServiceUnavailableError,
  TransientStepError,
} from '../domain/errors.ts';
import {
  emailCorrection,
  hrElection,
  linkVersionToSend,
  lockoutClearance,
  newLinkChange,
  objectionWithdrawal,
} from '../domain/person-actions.ts';
import type { StaffCase, TransferHeader } from '../domain/transfer.ts';
import type { Actor, CaseView, PeopleService } from './contracts.ts';
import {
  type PeopleServiceDependencies,
  pensionFormLink,
  sendElectionConfirmation,
} from './election-service.ts';
import { personLedgerKey } from './notifier.ts';

export interface PeopleServiceOptions extends PeopleServiceDependencies {
  /** The case view with its emails, as `GET .../staff/{employeeNumber}` answers it. */
  getCase: (id: string, employeeNumber: string) => Promise<CaseView>;
}

function requireHr(actor: Actor): void {
  if (!actor.roles.includes('hr')) throw new ForbiddenError('Only HR can do this');
}

/** Times a resend reads the case again when another change to it landed first. */
const changeAttempts = 5;

type Decide = (transfer: TransferHeader, staffCase: StaffCase, now: Date) => CaseChange | undefined;

export function peopleService(dependencies: PeopleServiceOptions): PeopleService {
  const { transfers, cases, notify, clock, getCase } = dependencies;
  /**
   * Reads the transfer and the case, decides the change and writes it with its audit entry. A case that
   * moved meanwhile is a 409 (HR reloads the page and sees what changed), unless `attempts` allows reading
   * it again and deciding afresh.
   */
  const change = async (
    id: string,
    employeeNumber: string,
    actor: Actor,
    decide: Decide,
    audit: (staffCase: StaffCase, change: CaseChange) => Record<string, string | number> = () => ({}),
    attempts = 1,
  ) => {
    requireHr(actor);
    const transfer = await transfers.header(id);
    const shard = await cases.shardOf(id, employeeNumber);
    for (let attempt = 1; ; attempt++) {
      const staffCase = await cases.get(id, shard, employeeNumber);
      const decided = decide(transfer, staffCase, clock.now());
      if (!decided) return { transfer, staffCase, change: decided };
      try {
        await cases.applyChanges(id, [decided]);
      } catch (error) {
        if (!(error instanceof TransientStepError)) throw error;
        if (attempt < attempts) continue;
        throw new ConflictError('The case changed meanwhile: reload it and try again', { cause: error });
      }
      await transfers.recordAudit(id, {
        at: decided.event.at,
        by: actor.id,
        action: decided.event.action,
        detail: { employeeNumber: staffCase.employeeNumber, ...audit(staffCase, decided) },
      });
      return { transfer, staffCase, change: decided };
    }
  };

  return {
    async correctEmail(id, employeeNumber, input, actor) {
      // The addresses are kept in the audit trail (a changed event shows), never in the logs.
      await change(
        id,
        employeeNumber,
        actor,
        (transfer, staffCase, now) => emailCorrection(transfer, staffCase, input, actor.id, now),
        (staffCase, decided) => ({ from: staffCase.email, to: decided.email ?? '' }),
      );
      return getCase(id, employeeNumber);
    },

    async resendLink(id, employeeNumber, actor) {
      requireHr(actor);
      const transfer = await transfers.header(id);
      const shard = await cases.shardOf(id, employeeNumber);

      /** 1. The new link's version is recorded as pending: it opens alongside the current link. */
      const holdPending = async () => {
        let staffCase = await cases.get(id, shard, employeeNumber);
        let version = linkVersionToSend(transfer, staffCase, clock.now());
        for (let attempt = 1; staffCase.pendingLinkVersion !== version; attempt++) {
          try {
            await cases.holdPendingLink(id, shard, employeeNumber, staffCase.linkVersion ?? 0, version);
            break;
          } catch (error) {
            if (!(error instanceof TransientStepError)) throw error;
            if (attempt >= changeAttempts) {
              throw new ConflictError('The case changed meanwhile: reload it and try again', {
                cause: error,
              });
            }
            staffCase = await cases.get(id, shard, employeeNumber);
            version = linkVersionToSend(transfer, staffCase, clock.now());
          }
        }
        return { staffCase, version };
      };

      /** 2. One email per link version: a resend tried again after a failure sends that link once. */
      const send = async (staffCase: StaffCase, version: number) => {
        const person = { ...staffCase, linkVersion: version };
        const purpose = `invitation#link${version}`;
        try {
          const sent = await notify(personLedgerKey(transfer, person, purpose), person.email, {
            kind: 'invitation',
            name: person.name,
            transferName: transfer.name,
            transferor: transfer.transferor,
            transferee: transfer.transferee,
            transferDate: transfer.transferDate,
            electionClosesOn: transfer.pension.electionClosesOn,
            options: transfer.pension.options,
            defaultOption: optionOf(transfer, transfer.pension.defaultOption),
            link: await pensionFormLink(dependencies, transfer, person),
          });
          if (sent === 'sent') return { toCurrentAddress: true };
          // Sent by an earlier try that died before step 3: to the address held now, or one since corrected?
          const { notifications } = await getCase(id, employeeNumber);
          const earlier = notifications.find((notification) => notification.purpose === purpose);
          return { toCurrentAddress: earlier === undefined || earlier.to === person.email };
        } catch (error) {
          if (error instanceof EmailClaimHeldError) {
            throw new ConflictError('A new link is being sent to this person already: reload in a moment', {
              cause: error,
            });
          }
          if (error instanceof TransientStepError) {
            throw new ServiceUnavailableError(
              'The email with the new link could not be sent, so the link sent before still works. Try again shortly.',
              { cause: error },
            );
          }
          throw error;
        }
      };

      /** 3. SES has the email: the new link becomes current, the old one stops, and the resend is recorded. */
      const makeCurrent = (version: number) =>
        change(
          id,
          employeeNumber,
          actor,
          (_, read, now) => newLinkChange(read, version, actor.id, now),
          () => ({ linkVersion: version }),
          changeAttempts,
        );

      const first = await holdPending();
      const { toCurrentAddress } = await send(first.staffCase, first.version);
      await makeCurrent(first.version);
      if (!toCurrentAddress) {
        // That link went to the address before a correction: the corrected address gets the next one.
        const next = await holdPending();
        await send(next.staffCase, next.version);
        await makeCurrent(next.version);
      }
      return getCase(id, employeeNumber);
    },

    async recordElection(id, employeeNumber, input, actor) {
      const {
        transfer,
        staffCase,
        change: decided,
      } = await change(
        id,
        employeeNumber,
        actor,
        (t, c, now) => hrElection(t, c, input, actor.id, now),
        (_, made) => ({ option: made.election?.option ?? '', via: made.event.via ?? '' }),
      );
      // The person is told what was recorded for them, as after their own choice on the form.
      if (decided) await sendElectionConfirmation(dependencies, transfer, staffCase, decided);
      return getCase(id, employeeNumber);
    },

    async withdrawObjection(id, employeeNumber, input, actor) {
      await change(id, employeeNumber, actor, (t, c, now) => objectionWithdrawal(t, c, input, actor.id, now));
      return getCase(id, employeeNumber);
    },

    async clearLockout(id, employeeNumber, actor) {
      await change(id, employeeNumber, actor, (_, c, now) => lockoutClearance(c, actor.id, now));
      return getCase(id, employeeNumber);
    },
  };
}
