/**
 * Cancelling a transfer: possible until transfer day has completed it. Pending milestones stop; the
 * people who were told about the transfer are told it is cancelled, then the roster's personal data is
 * deleted at once (DESIGN §2 retention rule), while the transfer keeps its record and counts.
 */
import { ConflictError } from './errors.ts';
import type { CaseStatus, Milestone, MilestoneKind, StaffCase, Transfer } from './transfer.ts';
import { countWithStatus } from './transfer-rules.ts';

/** The pending milestones a cancel stops; throws ConflictError for a completed transfer. */
export function milestonesToCancel(
  transfer: Pick<Transfer, 'status'>,
  milestones: readonly Pick<Milestone, 'kind' | 'status'>[],
): MilestoneKind[] {
  if (transfer.status === 'completed') {
    throw new ConflictError('The transfer is completed; it can no longer be cancelled');
  }
  return milestones.filter((milestone) => milestone.status === 'pending').map((milestone) => milestone.kind);
}

/** Told about the transfer and still affected by it: someone who objected learns their job is not ending. */
const toldOfCancel: ReadonlySet<CaseStatus> = new Set(['invited', 'elected', 'defaulted', 'objected']);

/** Whether a person is emailed that the transfer is cancelled: never for a transfer that was not launched. */
export function toldOfCancellation(
  transfer: Pick<Transfer, 'launchedAt'>,
  staffCase: Pick<StaffCase, 'status'>,
): boolean {
  return transfer.launchedAt !== undefined && toldOfCancel.has(staffCase.status);
}

/** How many people a cancel emails, counted from the transfer's tallies. */
export function countToldOfCancellation(transfer: Pick<Transfer, 'launchedAt' | 'counts'>): number {
  return countWithStatus(transfer.counts, (status) => toldOfCancellation(transfer, { status }));
}
