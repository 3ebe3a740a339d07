/**
 * The employee liability information (TUPE reg 11): HR corrects a person's fields and the transfer's
 * collective agreements, builds the ELI (a PDF and a CSV) and gives it to the transferee's HR contact by an
 * expiring link whose downloads are recorded; a change afterwards goes to them as an update notice (reg
 * 11(5)). The files are stored as given (in chunks), so a download serves exactly what was hashed.
 *
 * Audit entries and the record name fields and counts, never their values.
 */
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { LiabilityRepository } from '../adapters/liability-repository.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import { openLinkToken } from '../adapters/personal-links.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import { sha256Hex } from '../domain/audit-chain.ts';
import { businessDateOf } from '../domain/business-dates.ts';
import { ConflictError, ForbiddenError, InvalidLinkError, ValidationError } from '../domain/errors.ts';
import { parseInput } from '../domain/input-fields.ts';
import {
  collectiveAgreementsSchema,
  correctedLiability,
  dateOfBirthProblem,
  isInLiabilityScope,
  type LiabilityDownload,
  type LiabilityFile,
  type LiabilityGiving,
  type LiabilityRecord,
  type LiabilityRow,
  type LiabilityUpdate,
  liabilityCorrectionSchema,
  liabilityFieldNames,
  liabilityLinkDays,
  liabilityRowOf,
  type PersonLiability,
  twoYearWindowStart,
} from '../domain/liability-information.ts';
import { employeeKey } from '../domain/roster.ts';
import type { StaffCase, TransferHeader } from '../domain/transfer.ts';
import { shardsOf, todayOf } from '../domain/transfer-rules.ts';
import type { Actor } from './contracts.ts';
import { liabilityCsvOf } from './liability-csv.ts';
import type { Notify } from './notifier.ts';
import { personalFormLink } from './personal-form-link.ts';

/** What the ELI's PDF is made from: the transfer, its people's rows, and the transfer-level agreements. */
export interface LiabilityDocument {
  transfer: Pick<TransferHeader, 'id' | 'name' | 'transferor' | 'transferee' | 'transferDate'>;
  givenOn: string;
  twoYearsFrom: string;
  collectiveAgreements?: string;
  rows: LiabilityRow[];
}

export interface LiabilityServiceDependencies {
  transfers: Pick<TransferRepository, 'header' | 'recordAudit'>;
  cases: Pick<CaseRepository, 'loadShard' | 'shardOf' | 'get'>;
  liability: LiabilityRepository;
  notify: Notify;
  clock: Clock;
  readSecret: ReadSecret;
  publicBaseUrl: () => string;
}

/** Renders the ELI's PDF: headless Chromium, given by the one function that builds the ELI. */
export type RenderLiabilityPdf = (document: LiabilityDocument) => Promise<Buffer>;

/** The ledger's "person" for emails to the transferee's contact: never an employee number (those start with a letter or digit). */
export const transfereeLedgerKey = '_TRANSFEREE';

export interface LiabilityStatus {
  status: 'not-given' | 'given';
  givenAt?: string;
  givenTo?: { name: string; email: string };
  people?: number;
  sha256?: Record<LiabilityFile, string>;
  linkExpiresAt?: string;
  collectiveAgreements?: string;
  downloads: LiabilityDownload[];
  updates: LiabilityUpdate[];
}

function requireHr(actor: Actor): void {
  if (!actor.roles.includes('hr')) throw new ForbiddenError('Only HR can do this');
}

/** 409: the transfer names nobody at the transferee to give the information to. */
export class NoTransfereeContactError extends ConflictError {
  override name = 'NoTransfereeContactError';
}

export function statusOf(record: LiabilityRecord): LiabilityStatus {
  const { given } = record;
  return {
    status: given ? 'given' : 'not-given',
    ...(given
      ? {
          givenAt: given.at,
          givenTo: given.to,
          people: given.people,
          sha256: given.sha256,
          linkExpiresAt: given.linkExpiresAt,
        }
      : {}),
    ...(record.collectiveAgreements ? { collectiveAgreements: record.collectiveAgreements } : {}),
    downloads: record.downloads,
    updates: record.updates,
  };
}

/** TUPE reg 11: whether a transfer's liability information has been given, from its record alone. */
export function liabilityGivenFrom(liability: Pick<LiabilityServiceDependencies['liability'], 'record'>) {
  return async (transferId: string): Promise<boolean> =>
    (await liability.record(transferId)).given !== undefined;
}

export function liabilityInformationService(dependencies: LiabilityServiceDependencies) {
  const { transfers, cases, liability, notify, clock, readSecret, publicBaseUrl } = dependencies;

  /** Everyone on the roster who transfers, shard by shard. */
  const peopleInScope = async (transfer: TransferHeader): Promise<StaffCase[]> => {
    const people: StaffCase[] = [];
    for (const shard of shardsOf(transfer.nextRosterIndex)) {
      people.push(...(await cases.loadShard(transfer.id, shard)).filter(isInLiabilityScope));
    }
    return people;
  };

  /** Sends an update notice to the transferee's contact and records it (TUPE reg 11(5)). */
  const sendUpdate = async (
    transfer: TransferHeader,
    update: Omit<LiabilityUpdate, 'at' | 'sentAt'>,
    content: {
      person?: { name: string; employeeNumber: string };
      receivedOn?: string;
      changes?: Array<{ field: string; value: string }>;
    },
    by: string,
  ): Promise<void> => {
    const record = await liability.record(transfer.id);
    const to = record.given?.to ?? transfer.transfereeContact;
    if (!record.given || !to) return;
    const at = clock.now().toISOString();
    // Each update is its own email: keyed by when it was made, so two corrections are two notices.
    await notify(
      {
        transferId: transfer.id,
        employeeKey: transfereeLedgerKey,
        purpose: `liability-information-update#${at}`,
      },
      to.email,
      {
        kind: 'liability-information-update',
        contactName: to.name,
        transferName: transfer.name,
        transferor: transfer.transferor,
        reason: update.reason,
        ...content,
      },
    );
    const sentAt = clock.now().toISOString();
    await liability.recordUpdate(transfer.id, { ...update, at, sentAt });
    await transfers.recordAudit(transfer.id, {
      at,
      by,
      action: 'liability-information-update-sent',
      detail: {
        reason: update.reason,
        to: to.email,
        ...(update.employeeNumber ? { employeeNumber: update.employeeNumber } : {}),
        ...(update.fields ? { fields: update.fields.join(', ') } : {}),
      },
    });
  };

  return {
    async status(transferId: string, actor: Actor): Promise<LiabilityStatus> {
      requireHr(actor);
      await transfers.header(transferId);
      return statusOf(await liability.record(transferId));
    },

    async person(transferId: string, employeeNumber: string, actor: Actor): Promise<PersonLiability> {
      requireHr(actor);
      const shard = await cases.shardOf(transferId, employeeNumber);
      await cases.get(transferId, shard, employeeNumber);
      return liability.person(transferId, employeeNumber);
    },

    /** Adds or corrects a person's fields; after the giving, the transferee is sent an update notice. */
    async correctPerson(
      transferId: string,
      employeeNumber: string,
      input: unknown,
      actor: Actor,
    ): Promise<PersonLiability> {
      requireHr(actor);
      const correction = parseInput(liabilityCorrectionSchema, input, 'The liability information has errors');
      const today = todayOf(clock.now());
      if (typeof correction.dateOfBirth === 'string' && correction.dateOfBirth !== '') {
        const problem = dateOfBirthProblem(correction.dateOfBirth, today);
        if (problem) {
          throw new ValidationError('The liability information has errors', {
            errors: [{ path: 'dateOfBirth', message: problem }],
          });
        }
      }
      const transfer = await transfers.header(transferId);
      const shard = await cases.shardOf(transferId, employeeNumber);
      const person = await cases.get(transferId, shard, employeeNumber);
      const before = await liability.person(transferId, person.employeeNumber);
      const { after, changed } = correctedLiability(before, correction);
      if (changed.length === 0) return after;
      await liability.savePerson(transferId, person.employeeNumber, after);
      await transfers.recordAudit(transferId, {
        at: clock.now().toISOString(),
        by: actor.id,
        action: 'liability-information-corrected',
        detail: { employeeNumber: person.employeeNumber, fields: changed.join(', ') },
      });
      if (isInLiabilityScope(person)) {
        await sendUpdate(
          transfer,
          { reason: 'correction', employeeNumber: person.employeeNumber, fields: changed },
          {
            person: { name: person.name, employeeNumber: person.employeeNumber },
            changes: changed.map((field) => ({
              field: liabilityFieldNames[field],
              value: after[field] ?? '',
            })),
          },
          actor.id,
        );
      }
      return after;
    },

    async setCollectiveAgreements(
      transferId: string,
      input: unknown,
      actor: Actor,
    ): Promise<LiabilityStatus> {
      requireHr(actor);
      const { text } = parseInput(collectiveAgreementsSchema, input, 'The collective agreements have errors');
      const transfer = await transfers.header(transferId);
      const before = await liability.record(transferId);
      if ((before.collectiveAgreements ?? '') !== text) {
        await liability.saveCollectiveAgreements(transferId, text);
        await transfers.recordAudit(transferId, {
          at: clock.now().toISOString(),
          by: actor.id,
          action: 'collective-agreements-recorded',
        });
        await sendUpdate(
          transfer,
          { reason: 'collective-agreements' },
          { changes: [{ field: 'collective agreements', value: text }] },
          actor.id,
        );
      }
      return statusOf(await liability.record(transferId));
    },

    /**
     * Builds the ELI for everyone in scope, stores the PDF and CSV as given with their SHA-256, and emails
     * the transferee's contact an expiring link to them. Given once: what changes later goes as updates.
     */
    async give(transferId: string, actor: Actor, renderPdf: RenderLiabilityPdf): Promise<LiabilityStatus> {
      requireHr(actor);
      const transfer = await transfers.header(transferId);
      const to = transfer.transfereeContact;
      if (!to) {
        throw new NoTransfereeContactError(
          "The transfer has no transferee contact to give the information to: add the transferee's HR contact first",
        );
      }
      if (transfer.status === 'cancelled' || transfer.status === 'completed') {
        throw new ConflictError(
          `The transfer is ${transfer.status}; the liability information can no longer be given`,
        );
      }
      const record = await liability.record(transferId);
      if (record.given) {
        throw new ConflictError(
          'The liability information was already given; corrections go to the transferee as update notices',
        );
      }
      const now = clock.now();
      const givenOn = businessDateOf(now);
      const people = await peopleInScope(transfer);
      const fields = await liability.people(
        transferId,
        people.map((person) => person.employeeNumber),
      );
      const rows = people
        .map((person) =>
          liabilityRowOf(person, fields.get(employeeKey(person.employeeNumber)) ?? {}, transfer.transferDate),
        )
        .sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber));
      const csv = Buffer.from(liabilityCsvOf(rows), 'utf8');
      const pdf = await renderPdf({
        transfer,
        givenOn,
        twoYearsFrom: twoYearWindowStart(givenOn),
        ...(record.collectiveAgreements ? { collectiveAgreements: record.collectiveAgreements } : {}),
        rows,
      });
      const version = 1;
      await liability.saveFile(transferId, version, 'information.pdf', pdf);
      await liability.saveFile(transferId, version, 'information.csv', csv);
      const expiresAt = new Date(now.getTime() + liabilityLinkDays * 86_400_000);
      const giving: LiabilityGiving = {
        at: now.toISOString(),
        by: actor.id,
        to,
        people: rows.length,
        version,
        sha256: { 'information.pdf': sha256Hex(pdf), 'information.csv': sha256Hex(csv) },
        bytes: { 'information.pdf': pdf.length, 'information.csv': csv.length },
        linkExpiresAt: expiresAt.toISOString(),
      };
      await liability.recordGiven(transferId, giving);
      await transfers.recordAudit(transferId, {
        at: giving.at,
        by: actor.id,
        action: 'liability-information-given',
        detail: {
          to: to.email,
          people: rows.length,
          pdfSha256: giving.sha256['information.pdf'],
          csvSha256: giving.sha256['information.csv'],
        },
      });
      const link = await personalFormLink(
        readSecret,
        publicBaseUrl(),
        { purpose: 'eli', transferId, version },
        expiresAt,
      );
      await notify(
        { transferId, employeeKey: transfereeLedgerKey, purpose: 'liability-information-given' },
        to.email,
        {
          kind: 'liability-information-given',
          contactName: to.name,
          transferName: transfer.name,
          transferor: transfer.transferor,
          transferee: transfer.transferee,
          transferDate: transfer.transferDate,
          people: rows.length,
          expiresOn: businessDateOf(expiresAt),
          link,
        },
      );
      await liability.markGivenSent(transferId, clock.now().toISOString());
      return statusOf(await liability.record(transferId));
    },

    /** TUPE reg 11(5): an objection after the giving changes who transfers; the transferee is told. */
    async objectionRecorded(
      transfer: TransferHeader,
      person: StaffCase,
      receivedOn: string,
      by: string,
    ): Promise<void> {
      await sendUpdate(
        transfer,
        { reason: 'objection', employeeNumber: person.employeeNumber },
        { person: { name: person.name, employeeNumber: person.employeeNumber }, receivedOn },
        by,
      );
    },

    isGiven: liabilityGivenFrom(liability),

    /** The download page of a link: what was given, if the link is for the giving on record. */
    async openLink(token: string) {
      const subject = await openLinkToken(readSecret, token, 'eli', clock.now());
      const [transfer, record] = await Promise.all([
        transfers.header(subject.transferId).catch(() => {
          throw new InvalidLinkError('This link is not recognised');
        }),
        liability.record(subject.transferId),
      ]);
      if (record.given?.version !== subject.version)
        throw new InvalidLinkError('This link is not recognised');
      return { transfer, given: record.given };
    },

    /** One file of the giving, with the download recorded. */
    async download(token: string, file: LiabilityFile): Promise<{ content: Buffer; transferName: string }> {
      const { transfer, given } = await this.openLink(token);
      const content = await liability.file(transfer.id, given.version, file);
      const at = clock.now().toISOString();
      await liability.recordDownload(transfer.id, { at, file });
      await transfers.recordAudit(transfer.id, {
        at,
        by: `transferee contact (${given.to.email})`,
        action: 'liability-information-downloaded',
        detail: { file },
      });
      return { content, transferName: transfer.name };
    },
  };
}

export type LiabilityInformationService = ReturnType<typeof liabilityInformationService>;
