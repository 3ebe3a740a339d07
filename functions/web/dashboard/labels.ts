/** Words and tag colours for the statuses HR sees (GOV.UK Frontend 6 tag colours; no modifier is blue). */
import type { ConsultationOutcomeDecision, ConsultationStatus } from '../../domain/consultation.ts';
import type { ContractKind, ContractStatus, RenewalDecision } from '../../domain/contract.ts';
import type { TimerFailureSummary, TimerKind } from '../../domain/timer.ts';
import type {
  CaseStatus,
  LegalBasis,
  Milestone,
  MilestoneStatus,
  TrackedKind,
  TransferStatus,
} from '../../domain/transfer.ts';
import { formatInstant } from '../date-formats.ts';

export interface Tag {
  text: string;
  classes?: string;
}

export const transferStatusTags: Record<TransferStatus, Tag> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  launched: { text: 'Launched' },
  'election-closed': { text: 'Election closed', classes: 'govuk-tag--purple' },
  completed: { text: 'Completed', classes: 'govuk-tag--green' },
  cancelled: { text: 'Cancelled', classes: 'govuk-tag--red' },
};

export const caseStatusTags: Record<CaseStatus, Tag> = {
  imported: { text: 'Not yet invited', classes: 'govuk-tag--grey' },
  invited: { text: 'Invited' },
  elected: { text: 'Chose a scheme', classes: 'govuk-tag--green' },
  defaulted: { text: 'Given the default', classes: 'govuk-tag--yellow' },
  objected: { text: 'Objected', classes: 'govuk-tag--orange' },
  transferred: { text: 'Transferred', classes: 'govuk-tag--teal' },
  'employment-ended': { text: 'Employment ended', classes: 'govuk-tag--red' },
  excluded: { text: 'Excluded', classes: 'govuk-tag--grey' },
};

export const milestoneStatusTags: Record<MilestoneStatus, Tag> = {
  pending: { text: 'Pending', classes: 'govuk-tag--grey' },
  running: { text: 'In progress' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
  skipped: { text: 'Skipped', classes: 'govuk-tag--yellow' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
  cancelled: { text: 'Cancelled', classes: 'govuk-tag--grey' },
};

export const milestoneNames: Record<TrackedKind, string> = {
  launch: 'Invitations to choose a pension scheme',
  'date-change': 'Telling staff the dates have moved',
  cancel: 'Telling staff the transfer is cancelled',
  'election-reminder': 'Reminder to staff who have not chosen',
  'liability-information-due': 'Employee liability information due (HR reminded)',
  'election-closes': 'Pension election closes',
  'transfer-day': 'Transfer day',
};

/**
 * What a run milestone did, in words: how many emails it sent, and why it was skipped, late or failed
 * (empty while it has not run).
 */
export function milestoneOutcomeText(
  milestone: Pick<Milestone, 'status' | 'sent' | 'reason' | 'dueOn'>,
): string {
  const emails = (count: number) =>
    `${count.toLocaleString('en-GB')} ${count === 1 ? 'email' : 'emails'} sent`;
  switch (milestone.status) {
    case 'skipped':
      return milestone.reason === 'late'
        ? 'Its day passed before it could run, so nothing was sent'
        : `Nothing was sent${milestone.reason ? ` (${milestone.reason})` : ''}`;
    case 'done':
      if (milestone.reason === 'overdue') {
        return `${emails(milestone.sent ?? 0)}, overdue: this was due on ${milestone.dueOn}`;
      }
      return milestone.sent === undefined ? '' : emails(milestone.sent);
    case 'failed':
      return `Failed${milestone.reason ? `: ${milestone.reason}` : ''}`;
    default:
      return '';
  }
}

export const legalBasisDescriptions: Record<LegalBasis, { name: string; hint: string }> = {
  TUPE: {
    name: 'TUPE',
    hint: 'The Transfer of Undertakings (Protection of Employment) Regulations 2006',
  },
  COSOP: {
    name: 'COSOP',
    hint: 'The Cabinet Office Statement of Practice, for moves between public bodies',
  },
  statutory: {
    name: 'Statutory transfer',
    hint: 'A transfer made by an Act, order or scheme',
  },
};

export const consultationStatusTags: Record<ConsultationStatus, Tag> = {
  scheduled: { text: 'Scheduled', classes: 'govuk-tag--grey' },
  open: { text: 'Open', classes: 'govuk-tag--green' },
  closed: { text: 'Closed, outcome due', classes: 'govuk-tag--yellow' },
  decided: { text: 'Outcome recorded', classes: 'govuk-tag--teal' },
};

export const outcomeDecisionNames: Record<ConsultationOutcomeDecision, string> = {
  proceed: 'Proceed',
  'proceed-with-changes': 'Proceed with changes',
  'do-not-proceed': 'Do not proceed',
};

/** The consultation's timers, by kind (an unknown kind is shown as it is). */
export const consultationTimerNames: Record<string, string> = {
  'consultation-opens': 'Opens: invitations are emailed',
  'consultation-reminder': 'Reminder to invitees who have not responded',
  'consultation-closes': 'Closes: the owner gets the summary',
};

export const contractStatusTags: Record<ContractStatus, Tag> = {
  active: { text: 'Active' },
  'awaiting-consultation': { text: 'Awaiting consultation', classes: 'govuk-tag--purple' },
  renewed: { text: 'Renewed', classes: 'govuk-tag--green' },
  ended: { text: 'Not renewed', classes: 'govuk-tag--grey' },
};

export const contractKindNames: Record<ContractKind, string> = {
  employment: 'Fixed-term employment contract',
  agreement: 'Agreement between organisations',
};

export const renewalDecisionNames: Record<RenewalDecision, string> = {
  renew: 'Renew',
  end: 'End',
};

/** A consultation's or contract's timer, named in an email to HR. */
export const timerNames: Record<TimerKind, string> = {
  'consultation-opens': 'Opening the consultation',
  'consultation-reminder': 'The consultation reminder',
  'consultation-closes': 'Closing the consultation',
  'renewal-reminder': 'The renewal reminder',
  'renewal-escalation': 'The renewal escalation',
};

/** Under a failed timer's status: what went wrong and whether it is tried again by itself. */
export function failedTimerNote(failure: TimerFailureSummary): string {
  const tried = `Tried ${failure.attempts === 1 ? 'once' : `${failure.attempts} times`}${failure.reason ? ` (${failure.reason})` : ''}.`;
  if (failure.retryAt)
    return `${tried} It will be tried again by itself at ${formatInstant(failure.retryAt)}.`;
  return `${tried} It will not be tried again by itself${failure.hrToldAt ? '; the owner was emailed' : ''}.`;
}

/** A timer's status in words (timers and reminders share milestone statuses). */
export function timerStatusTag(status: string): Tag {
  return milestoneStatusTags[status as MilestoneStatus] ?? { text: status, classes: 'govuk-tag--grey' };
}
