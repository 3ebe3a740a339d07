/** What HR does with a transfer: create it, import its roster, launch it, follow it, export it. */
import { randomUUID } from 'node:crypto';
import type { CaseRepository } from '../adapters/case-repository.ts';
import type { Clock } from '../adapters/clock.ts';
import type { EmailLedger } from '../adapters/email-ledger.ts';
import type { StartWorkflow } from '../adapters/start-workflow.ts';
import type { TransferRepository } from '../adapters/transfer-repository.ts';
import { electionProgressOf } from '../domain/election-progress.ts';
import {
  ConflictError,
  ForbiddenError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  TransferNotDraftError,
  ValidationError,
} from '../domain/errors.ts';
import { bouncedRecipients } from '../domain/notification.ts';
import { matchesSearch } from '../domain/person-actions.ts';
import { employeeKey, maxRowsPerRequest, validateRosterImport } from '../domain/roster.ts';
import {
  caseStatuses,
  type HrStartedRun,
  isMilestoneKind,
  isTrackedKind,
  type MilestoneRecord,
  type StaffCase,
  type Transfer,
} from '../domain/transfer.ts';
import {
  milestonesOf,
  shardOfIndex,
  shardsOf,
  todayOf,
  validateNewTransfer,
} from '../domain/transfer-rules.ts';
import { runNameOf } from '../domain/workflow-runs.ts';
import { caseView } from './case-view.ts';
import type { Actor, StaffPage, TransferService } from './contracts.ts';
import { runInputOf, runNameOfRecord, workflowOfKind } from './sweep.ts';
import { electionsCsv, payrollChangesCsv, schemeCsv } from './transfer-exports.ts';

export interface TransferServiceDependencies {
  transfers: TransferRepository;
  cases: CaseRepository;
  ledger: EmailLedger;
  startWorkflow: StartWorkflow;
  clock: Clock;
  /** Creates the transfer's own consultation, when it has one, once (functions/services/consultation-service.ts). */
  createConsultation?: (transfer: Transfer, actor: Actor) => Promise<unknown>;
}

const defaultPageSize = 100;

interface Cursor {
  shard: number;
  after?: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(next: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as Cursor;
    if (!Number.isInteger(cursor.shard) || cursor.shard < 0) throw new Error('bad shard');
    if (cursor.after !== undefined && typeof cursor.after !== 'string') throw new Error('bad key');
    return cursor;
  } catch (error) {
    throw new MalformedRequestError('The page cursor is not one this service gave', { cause: error });
  }
}

function requireHr(actor: Actor): void {
  if (!actor.roles.includes('hr')) throw new ForbiddenError('Only HR can do this');
}

export function transferService({
  transfers,
  cases,
  ledger,
  startWorkflow,
  clock,
  createConsultation,
}: TransferServiceDependencies): TransferService {
  const allCases = async (transfer: Transfer): Promise<StaffCase[]> => {
    const shards = await Promise.all(
      shardsOf(transfer.nextRosterIndex).map((shard) => cases.loadShard(transfer.id, shard)),
    );
    return shards.flat();
  };

  /**
   * The people `q` finds, shard after shard from the cursor's: each shard is read whole (4 at a time) and
   * matched here, so a page holds whole shards and may pass the limit by less than a shard. A search of
   * the 907-person demo reads its 10 shards once.
   */
  const searchStaff = async (
    transfer: Transfer,
    q: string,
    query: { next?: string; limit?: number },
  ): Promise<StaffPage> => {
    const limit = Math.min(Math.max(query.limit ?? defaultPageSize, 1), 500);
    const shards = shardsOf(transfer.nextRosterIndex);
    const from = query.next ? decodeCursor(query.next).shard : 0;
    const page: StaffPage = { items: [] };
    let shard = from;
    while (shard < shards.length && page.items.length < limit) {
      const batch = shards.slice(shard, shard + 4);
      const found = await Promise.all(batch.map((number) => cases.peopleOfShard(transfer.id, number)));
      for (const people of found) {
        shard++;
        page.items.push(
          ...people
            .filter((person) => matchesSearch(person, q))
            .map(({ employeeNumber, name, status, election }) => ({
              employeeNumber,
              name,
              status,
              ...(election ? { election } : {}),
            })),
        );
        if (page.items.length >= limit) break;
      }
    }
    if (shard < shards.length) page.next = encodeCursor({ shard });
    return page;
  };

  /** Starts run `attempt + 1` of a milestone or the launch; a run that cannot start is a failed run. */
  const rerun = async (id: string, record: MilestoneRecord, from: 'failed' | 'running') => {
    const attempt = record.attempt ?? 1;
    const name = runNameOfRecord(id, record, attempt + 1);
    const now = clock.now().toISOString();
    if (!(await transfers.claimRerun(id, record.kind, { status: from, attempt }, name, now))) {
      throw new ConflictError(`The ${record.kind} milestone changed meanwhile; reload and try again`);
    }
    try {
      await startWorkflow(workflowOfKind(record.kind), name, runInputOf(id, record));
    } catch (error) {
      await transfers.markMilestoneFailed(id, record.kind, {
        workflow: workflowOfKind(record.kind),
        milestone: record.kind,
        error: 'WorkflowNotStarted',
        at: now,
      });
      throw error;
    }
  };

  /**
   * A launch whose run is done changes nothing. A failed one runs again. A running one is started again
   * under its own name: Step Functions answers with the same execution while it runs; when that execution
   * has ended without recording its end (it died with its host), a new run takes over. Every step skips
   * whoever is invited already, and the ledger sends each invitation once.
   */
  const resumeLaunch = async (id: string) => {
    const record = await transfers.milestoneRecord(id, 'launch');
    if (record?.status === 'done') return;
    if (record?.status === 'failed') return rerun(id, record, 'failed');
    const attempt = record?.attempt ?? 1;
    const started = await startWorkflow('launch-transfer', runNameOf(id, 'launch', undefined, attempt), {
      transferId: id,
      milestone: 'launch',
    });
    if (started.alreadyStarted && record?.status === 'running') await rerun(id, record, 'running');
  };

  return {
    async list() {
      const all = await transfers.list();
      return all.map(({ id, name, status, transferDate, counts, completion }) => ({
        id,
        name,
        status,
        transferDate,
        counts,
        ...(completion ? { completion } : {}),
      }));
    },

    async create(input, actor) {
      requireHr(actor);
      const now = clock.now();
      const valid = validateNewTransfer(input, todayOf(now));
      const transfer = {
        id: randomUUID(),
        name: valid.name,
        transferor: valid.transferor,
        transferee: valid.transferee,
        transferDate: valid.transferDate,
        legalBasis: valid.legalBasis,
        ...(valid.consultation ? { consultation: valid.consultation } : {}),
        pension: valid.pension,
        ...(valid.hrContact ? { hrContact: valid.hrContact } : {}),
        ...(valid.transfereeContact ? { transfereeContact: valid.transfereeContact } : {}),
        retentionYears: valid.retentionYears,
        informationLeadDays: valid.informationLeadDays,
        status: 'draft' as const,
        nextRosterIndex: 0,
        createdAt: now.toISOString(),
        createdBy: actor.id,
      };
      await transfers.create(transfer);
      return transfers.get(transfer.id);
    },

    async get(id) {
      const [transfer, timeline] = await Promise.all([transfers.get(id), transfers.milestoneTimeline(id)]);
      const run = (kind: HrStartedRun) => timeline.find((milestone) => milestone.kind === kind);
      const [launch, dateChange, cancellation] = [run('launch'), run('date-change'), run('cancel')];
      return {
        ...transfer,
        milestones: timeline.filter((milestone) => isMilestoneKind(milestone.kind)),
        ...(launch ? { launch } : {}),
        ...(dateChange ? { dateChange } : {}),
        ...(cancellation ? { cancellation } : {}),
      };
    },

    async importStaff(id, rows, actor) {
      requireHr(actor);
      const transfer = await transfers.get(id);
      if (transfer.status !== 'draft') {
        throw new TransferNotDraftError(
          `The transfer is ${transfer.status}; staff can only be added to a draft`,
        );
      }
      if (rows.length > maxRowsPerRequest) {
        throw new PayloadTooLargeError(
          `At most ${maxRowsPerRequest} rows a request; this one has ${rows.length}`,
        );
      }
      const now = clock.now();
      const numbers = rows.flatMap((row) => {
        const value = (row as { employeeNumber?: unknown } | null)?.employeeNumber;
        return typeof value === 'string' ? [value] : [];
      });
      const stored = await cases.existingEmployeeKeys(id, numbers);
      const imported = validateRosterImport(rows, stored, todayOf(now));
      const valid = imported.map(({ row }) => row);
      // TUPE reg 11: dates of birth and matters are stored apart from the case, never on it.
      const liabilities = new Map(
        imported.flatMap(({ row, liability }) =>
          liability ? [[employeeKey(row.employeeNumber), liability] as const] : [],
        ),
      );
      const firstIndex = await transfers.reserveRosterIndexes(id, valid.length);
      const at = now.toISOString();
      const newCases: StaffCase[] = valid.map((row, offset) => ({
        ...row,
        transferId: id,
        shard: shardOfIndex(firstIndex + offset),
        status: 'imported',
        employer: 'transferor',
        history: [{ at, by: actor.id, action: 'imported', to: 'imported' }],
      }));
      await cases.addCases(id, newCases, liabilities);
      await transfers.recordAudit(id, {
        at,
        by: actor.id,
        action: 'staff-imported',
        detail: {
          added: valid.length,
          ...(liabilities.size > 0 ? { withLiabilityInformation: liabilities.size } : {}),
        },
      });
      const after = await transfers.get(id);
      return { added: valid.length, total: after.total };
    },

    async launch(id, actor) {
      requireHr(actor);
      const transfer = await transfers.get(id);
      if (transfer.status === 'draft') {
        if (transfer.total === 0) throw new TransferNotDraftError('Add staff to the roster before launching');
        const now = clock.now();
        if (transfer.pension.electionClosesOn < todayOf(now)) {
          throw new ValidationError('The election closing date has passed', {
            errors: [
              {
                path: 'pension.electionClosesOn',
                message: 'Move the election closing date before launching',
              },
            ],
          });
        }
        await transfers.markLaunched(id, milestonesOf(transfer, todayOf(now)), now.toISOString(), actor.id);
      } else if (transfer.status !== 'launched') {
        throw new TransferNotDraftError(`The transfer is ${transfer.status} and cannot be launched`);
      }
      // Created before the workflow starts, and found again when the launch is repeated.
      await createConsultation?.(transfer, actor);
      await resumeLaunch(id);
    },

    async retryMilestone(id, kind, actor) {
      requireHr(actor);
      await transfers.header(id);
      if (!isTrackedKind(kind)) throw new NotFoundError(`No milestone ${kind}`);
      const record = await transfers.milestoneRecord(id, kind);
      if (!record) throw new NotFoundError(`The transfer has no ${kind} milestone`);
      if (record.status !== 'failed') {
        throw new ConflictError(
          `The ${kind} milestone is ${record.status}; only a failed one can be retried`,
        );
      }
      await rerun(id, record, 'failed');
    },

    async listStaff(id, query) {
      const transfer = await transfers.get(id);
      if (query.q !== undefined && query.q.trim() !== '') return searchStaff(transfer, query.q, query);
      if (query.status !== undefined && !caseStatuses.includes(query.status)) {
        throw new ValidationError('Unknown status', {
          errors: [{ path: 'status', message: 'Not a case status' }],
        });
      }
      const limit = Math.min(Math.max(query.limit ?? defaultPageSize, 1), 500);
      const bounced =
        query.delivery === 'bounced' ? bouncedRecipients(await ledger.allForTransfer(id)) : undefined;
      const shards = shardsOf(transfer.nextRosterIndex);
      let cursor: Cursor | undefined = query.next ? decodeCursor(query.next) : { shard: 0 };
      const page: StaffPage = { items: [] };
      while (cursor && cursor.shard < shards.length && page.items.length < limit) {
        const { cases: found, lastKey } = await cases.pageOfShard(id, cursor.shard, {
          limit: limit - page.items.length,
          ...(query.status ? { status: query.status } : {}),
          ...(cursor.after ? { after: cursor.after } : {}),
        });
        const kept = bounced
          ? found.filter((person) => bounced.has(employeeKey(person.employeeNumber)))
          : found;
        page.items.push(
          ...kept.map(({ employeeNumber, name, status, election }) => ({
            employeeNumber,
            name,
            status,
            ...(election ? { election } : {}),
          })),
        );
        cursor = lastKey ? { shard: cursor.shard, after: lastKey } : { shard: cursor.shard + 1 };
      }
      if (cursor && cursor.shard < shards.length) page.next = encodeCursor(cursor);
      return page;
    },

    getCase: caseView({ cases, ledger, clock }),

    async electionsCsv(id) {
      const transfer = await transfers.get(id);
      return electionsCsv(await allCases(transfer));
    },

    async schemeCsv(id, optionCode) {
      const transfer = await transfers.get(id);
      return schemeCsv(transfer, await allCases(transfer), optionCode);
    },

    async payrollChangesCsv(id) {
      const transfer = await transfers.get(id);
      return payrollChangesCsv(transfer, await allCases(transfer));
    },

    async electionProgress(id) {
      const transfer = await transfers.get(id);
      const from = todayOf(new Date(transfer.launchedAt ?? transfer.createdAt));
      const today = todayOf(clock.now());
      // A span that ends before it starts draws the first day alone.
      return electionProgressOf(await allCases(transfer), transfer.pension.options, { from, to: today });
    },
  };
}
