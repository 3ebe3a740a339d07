/** Words and tag colours for the statuses HR sees (GOV.UK Frontend 6 tag colours; no modifier is blue). */
import type { ConsultationOutcomeDecision, ConsultationStatus } from '../../domain/consultation.ts';
import type { ContractKind, ContractStatus, RenewalDecision } from '../../domain/contract.ts';
import type { NotificationRecord } from '../../domain/notification.ts';
import type { TimerFailureSummary, TimerKind } from '../../domain/timer.ts';
import type {
  CaseStatus,
  LegalBasis,
  Milestone,
  MilestoneStatus,
  TrackedKind,
  TransferStatus,
} from '../../domain/transfer.ts';
import { formatBusinessDate, formatInstant, withDatesInWords } from '../date-formats.ts';

export interface Tag {
  text: string;
  classes?: string;
}

/** GOV.UK Frontend 6's tag colours other than the default blue (turquoise and pink are deprecated). */
type TagColour = 'grey' | 'green' | 'teal' | 'purple' | 'magenta' | 'yellow' | 'orange' | 'red';

function tag(text: string, colour?: TagColour): Tag {
  return colour === undefined ? { text } : { text, classes: `govuk-tag--${colour}` };
}

export const transferStatusTags: Record<TransferStatus, Tag> = {
  draft: tag('Draft', 'grey'),
  launched: tag('Launched'),
  'election-closed': tag('Election closed', 'purple'),
  completed: tag('Completed', 'green'),
  cancelled: tag('Cancelled', 'red'),
};

export const caseStatusTags: Record<CaseStatus, Tag> = {
  imported: tag('Not yet invited', 'grey'),
  invited: tag('Invited'),
  elected: tag('Chose a scheme', 'green'),
  defaulted: tag('Given the default', 'yellow'),
  objected: tag('Objected', 'orange'),
  transferred: tag('Transferred', 'teal'),
  'employment-ended': tag('Employment ended', 'red'),
  excluded: tag('Excluded', 'grey'),
};

/** What SES reported about an email (the email ledger's status). */
export const emailDeliveryTags: Record<NotificationRecord['status'], Tag> = {
  claimed: tag('Not confirmed sent', 'grey'),
  sent: tag('Sent'),
  delivered: tag('Delivered', 'green'),
  bounced: tag('Bounced', 'red'),
  complained: tag('Reported as spam', 'orange'),
};

export const milestoneStatusTags: Record<MilestoneStatus, Tag> = {
  pending: tag('Pending', 'grey'),
  running: tag('In progress'),
  done: tag('Done', 'green'),
  skipped: tag('Skipped', 'yellow'),
  failed: tag('Failed', 'red'),
  cancelled: tag('Cancelled', 'grey'),
};

export const milestoneNames: Record<TrackedKind, string> = {
  launch: 'Invitations to choose a pension scheme',
  'date-change': 'Telling staff the dates have moved',
  cancel: 'Telling staff the transfer is cancelled',
  'election-reminder': 'Reminder to staff who have not chosen',
  'liability-information-reminder': 'Employee liability information due in a week (HR reminded)',
  'liability-information-due': 'Employee liability information due (HR escalated unless given)',
  'representations-reminder': 'Representations unanswered (HR reminded)',
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
        : `Nothing was sent${milestone.reason ? ` (${withDatesInWords(milestone.reason)})` : ''}`;
    case 'done':
      if (milestone.reason === 'overdue') {
        return `${emails(milestone.sent ?? 0)}, overdue: this was due on ${formatBusinessDate(milestone.dueOn)}`;
      }
      if (milestone.reason === 'given') return 'The information had been given, so no email was needed';
      return milestone.sent === undefined ? '' : emails(milestone.sent);
    case 'failed':
      return `Failed${milestone.reason ? `: ${withDatesInWords(milestone.reason)}` : ''}`;
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
  scheduled: tag('Scheduled', 'grey'),
  open: tag('Open', 'green'),
  closed: tag('Closed, outcome due', 'yellow'),
  decided: tag('Outcome recorded', 'teal'),
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
  active: tag('Active'),
  'awaiting-consultation': tag('Awaiting consultation', 'purple'),
  renewed: tag('Renewed', 'green'),
  ended: tag('Not renewed', 'grey'),
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
  'representative-nominations-close': 'Closing the nominations of representatives',
  'representative-ballot-closes': 'Counting the ballot of representatives',
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
  return milestoneStatusTags[status as MilestoneStatus] ?? tag(status, 'grey');
}

/**
 * A count as a share of the roster, never rounded to a claim it does not make: 905 of 907 is "99.8%",
 * not "100%", and 1 of 907 is "less than 1%", not "0%"; only everyone is "all".
 */
export function rosterShare(count: number, total: number): string {
  if (total === 0 || count === 0) return 'None of the roster';
  if (count === total) return 'All of the roster';
  const percent = (count / total) * 100;
  if (percent < 1) return 'Less than 1% of the roster';
  const whole = Math.round(percent);
  if (whole === 100) return `${Math.min(percent, 99.9).toFixed(1)}% of the roster`;
  return `${whole}% of the roster`;
}
