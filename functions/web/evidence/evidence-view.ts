/**
 * The evidence pack as a printable document: the gathered record turned into headings, tables and
 * counts, one section a person so a 900-person roster stays readable. Pure: record in, view out.
 */
import { businessDateOf } from '../../domain/business-dates.ts';
import { employeeKey } from '../../domain/roster.ts';
import type { CaseEvent, CaseStatus } from '../../domain/transfer.ts';
import { wasSent } from '../../services/contracts.ts';
import type { EvidenceRecord } from '../../services/evidence-service.ts';
import { milestoneState, stateLabels } from '../charts/milestone-timeline.ts';
import {
  caseStatusTags,
  consultationStatusTags,
  legalBasisDescriptions,
  milestoneNames,
  milestoneOutcomeText,
  milestoneStatusTags,
  outcomeDecisionNames,
} from '../dashboard/labels.ts';
import { formatDate, withDatesInWords } from '../date-formats.ts';

export interface EvidenceNotificationRow {
  claimedAt: string;
  sentAt?: string;
  purpose: string;
  subject: string;
  to: string;
  status: string;
  /** What SES reported: delivered, bounced or complained about; or that no report came yet. */
  outcome: string;
  /** When SES reported it. */
  outcomeAt?: string;
}

export interface EvidencePerson {
  employeeNumber: string;
  name: string;
  jobTitle: string;
  team?: string;
  status: string;
  election?: { option: string; how: string; at: string };
  history: Array<{ at: string; by: string; action: string; change: string }>;
  notifications: EvidenceNotificationRow[];
}

/** A consultation in counts only: no one's response is in the pack (HR has the responses CSV). */
export interface EvidenceConsultation {
  id: string;
  title: string;
  opensOn: string;
  closesOn: string;
  public: boolean;
  status: string;
  invited: number;
  responded: number;
  publicResponses: number;
  emails: Array<{ kind: string; sent: number; notConfirmed: number }>;
  outcome?: { decision: string; summary: string; recordedAt: string; recordedBy: string };
}

export interface EvidenceView {
  title: string;
  generatedAt: string;
  transfer: {
    id: string;
    name: string;
    transferor: string;
    transferee: string;
    legalBasis: string;
    transferDate: string;
    electionClosesOn: string;
    status: string;
    createdAt: string;
    createdBy: string;
    launchedAt?: string;
    options: Array<{ code: string; label: string; isDefault: boolean; count: number }>;
  };
  counts: {
    people: number;
    milestones: number;
    auditEntries: number;
    notifications: number;
    elections: number;
    objections: number;
    consultations: number;
  };
  statusCounts: Array<{ label: string; count: number }>;
  /** Every email of the transfer by what SES reported about it. */
  deliveryOutcomes: Array<{ label: string; count: number }>;
  timeline: Array<{
    name: string;
    dueOn: string;
    status: string;
    state: string;
    /** What it did: emails sent, or why it was skipped, late or failed ('' while it has not run). */
    outcome: string;
    sent?: number;
    reason?: string;
    startedAt?: string;
    doneAt?: string;
    failedAt?: string;
  }>;
  audit: Array<{ at: string; by: string; action: string; detail: string }>;
  objections: Array<{
    employeeNumber: string;
    name: string;
    status: string;
    receivedOn?: string;
    recordedAt?: string;
    recordedBy?: string;
    note?: string;
    events: Array<{ at: string; by: string; action: string }>;
  }>;
  consultations: EvidenceConsultation[];
  people: EvidencePerson[];
  /** Emails that concern no one on the roster (HR reminders). */
  otherNotifications: Array<EvidenceNotificationRow & { concerns: string }>;
  /** TUPE reg 13: measures, the information letters, meetings, representations and replies. */
  informationDuty: EvidenceInformationDuty;
}

export interface EvidenceInformationDuty {
  measuresRequests: Array<{ number: number; requestedAt: string; requestedBy: string; sentTo: string }>;
  measures: Array<{
    number: number;
    receivedAt: string;
    answeredBy: string;
    answer: string;
    counts: boolean;
  }>;
  letters: Array<{
    number: number;
    sentOn: string;
    sentAt: string;
    sentBy: string;
    recipients: string[];
    warnings: string[];
    title: string;
    sections: Array<{ heading: string; paragraphs: string[] }>;
  }>;
  meetings: Array<{
    heldOn: string;
    attendees: string;
    notes: string;
    recordedAt: string;
    recordedBy: string;
  }>;
  representations: Array<{
    receivedOn: string;
    from: string;
    text: string;
    reply?: {
      repliedOn: string;
      text: string;
      accepted: boolean;
      reasons?: string;
      afterTransferDate: boolean;
    };
  }>;
}

/** The information duty's records as the pack shows them; an empty record when none were gathered. */
function informationDutyOf(record: EvidenceRecord['informationDuty']): EvidenceInformationDuty {
  const duty = record ?? {
    measuresRequests: [],
    measures: [],
    letters: [],
    meetings: [],
    representations: [],
  };
  return {
    measuresRequests: duty.measuresRequests.map(({ number, requestedAt, requestedBy, sentTo }) => ({
      number,
      requestedAt,
      requestedBy,
      sentTo,
    })),
    measures: duty.measures.map((answer, index) => ({
      number: answer.number,
      receivedAt: answer.receivedAt,
      answeredBy: answer.answeredBy,
      answer: answer.none ? 'No measures envisaged' : (answer.measures ?? ''),
      counts: index === duty.measures.length - 1,
    })),
    letters: duty.letters.map((letter) => ({
      number: letter.number,
      sentOn: letter.sentOn,
      sentAt: letter.sentAt,
      sentBy: letter.sentBy,
      recipients: letter.recipients.map(
        (recipient) =>
          `${recipient.name} (${recipient.email}${recipient.kind === 'staff' ? ', informed directly' : ''})`,
      ),
      warnings: letter.warnings.map((warning) => `${warning.code}: ${warning.message}`),
      title: letter.title,
      sections: letter.sections,
    })),
    meetings: duty.meetings.map((meeting) => ({
      heldOn: meeting.heldOn,
      attendees: meeting.attendees.join(', '),
      notes: meeting.notes,
      recordedAt: meeting.recordedAt,
      recordedBy: meeting.recordedBy,
    })),
    representations: duty.representations.map((representation) => ({
      receivedOn: representation.receivedOn,
      from: representation.from,
      text: representation.text,
      ...(representation.reply
        ? {
            reply: {
              repliedOn: representation.reply.repliedOn,
              text: representation.reply.text,
              accepted: representation.reply.accepted,
              ...(representation.reply.reasons ? { reasons: representation.reply.reasons } : {}),
              afterTransferDate: representation.reply.afterTransferDate === true,
            },
          }
        : {}),
    })),
  };
}

const objectionStatuses: ReadonlySet<CaseStatus> = new Set(['objected', 'employment-ended']);

/** `election-confirmation#2` → `election confirmation (2)`. */
export function purposeLabel(purpose: string): string {
  const [kind = purpose, number] = purpose.split('#');
  const words = kind.replaceAll('-', ' ');
  return number === undefined ? words : `${words} (${number})`;
}

function actionLabel(action: string): string {
  return action.replaceAll('-', ' ');
}

/** When, by whom and what, in words: the first columns of the history, objection and audit tables. */
function actionRow(entry: { at: string; by: string; action: string }) {
  return { at: entry.at, by: entry.by, action: actionLabel(entry.action) };
}

function oldestFirst<Entry extends { at: string }>(entries: readonly Entry[]): Entry[] {
  return [...entries].sort((a, b) => a.at.localeCompare(b.at));
}

function changeOf(event: CaseEvent, optionLabel: (code: string) => string): string {
  const parts: string[] = [];
  if (event.from !== undefined || event.to !== undefined) {
    // A status in words; a moved date (transfer date, election deadline) in words too.
    const inWords = (value: string | undefined) =>
      value === undefined ? '' : (caseStatusTags[value as CaseStatus]?.text ?? withDatesInWords(value));
    const from = inWords(event.from);
    const to = inWords(event.to);
    parts.push(from && to ? `${from} → ${to}` : to || from);
  }
  if (event.option !== undefined) parts.push(`option ${optionLabel(event.option)}`);
  if (event.receivedOn !== undefined) parts.push(`received in writing on ${formatDate(event.receivedOn)}`);
  return parts.join('; ');
}

const notificationStatusLabels = {
  claimed: 'Not confirmed sent',
  sent: 'Sent',
  delivered: 'Delivered',
  bounced: 'Bounced',
  complained: 'Complaint',
} as const;

/** What SES reported about each send, in words a tribunal reads without a glossary. */
const deliveryOutcomeLabels = {
  claimed: 'Not confirmed sent',
  sent: 'Accepted by the email service; no delivery report',
  delivered: 'Delivered',
  bounced: 'Bounced: could not be delivered',
  complained: 'Delivered; the recipient reported it as spam',
} as const;

/** How many sends ended each way, in the order of deliveryOutcomeLabels (each shown, 0 too). */
function deliveryOutcomeCounts(
  notifications: EvidenceRecord['notifications'],
): Array<{ label: string; count: number }> {
  return Object.entries(deliveryOutcomeLabels).map(([status, label]) => ({
    label,
    count: notifications.filter((notification) => notification.status === status).length,
  }));
}

function notificationRow(notification: EvidenceRecord['notifications'][number]): EvidenceNotificationRow {
  return {
    outcome: deliveryOutcomeLabels[notification.status],
    ...(notification.settledAt ? { outcomeAt: notification.settledAt } : {}),
    claimedAt: notification.claimedAt,
    ...(notification.sentAt ? { sentAt: notification.sentAt } : {}),
    purpose: purposeLabel(notification.purpose),
    subject: notification.subject,
    to: notification.to,
    status: notificationStatusLabels[notification.status],
  };
}

/** The consultation emails a tribunal asks about, always shown (with 0 when none went), in this order. */
const consultationEmailKinds: ReadonlyArray<[purpose: string, kind: string]> = [
  ['consultation-invitation', 'Invitations'],
  ['consultation-reminder', 'Reminders'],
  ['consultation-outcome', 'Outcome emails'],
  ['consultation-summary', 'Closing summary to the owner'],
];

function consultationEmailCounts(emails: EvidenceRecord['notifications']): EvidenceConsultation['emails'] {
  const rows = new Map(
    consultationEmailKinds.map(([purpose, kind]) => [purpose, { kind, sent: 0, notConfirmed: 0 }]),
  );
  for (const email of emails) {
    const row = rows.get(email.purpose) ?? { kind: purposeLabel(email.purpose), sent: 0, notConfirmed: 0 };
    if (wasSent(email.status)) row.sent += 1;
    else row.notConfirmed += 1;
    rows.set(email.purpose, row);
  }
  return [...rows.values()];
}

function consultationOf({
  consultation,
  emails,
}: EvidenceRecord['consultations'][number]): EvidenceConsultation {
  return {
    id: consultation.id,
    title: consultation.title,
    opensOn: consultation.opensOn,
    closesOn: consultation.closesOn,
    public: consultation.public,
    status: consultationStatusTags[consultation.status]?.text ?? consultation.status,
    invited: consultation.invited,
    responded: consultation.responded,
    publicResponses: consultation.publicResponses,
    emails: consultationEmailCounts(emails),
    ...(consultation.outcome
      ? {
          outcome: {
            decision: outcomeDecisionNames[consultation.outcome.decision] ?? consultation.outcome.decision,
            summary: consultation.outcome.summary,
            recordedAt: consultation.outcome.recordedAt,
            recordedBy: consultation.outcome.recordedBy,
          },
        }
      : {}),
  };
}

export function evidenceViewOf(record: EvidenceRecord): EvidenceView {
  const { transfer } = record;
  const today = businessDateOf(new Date(record.generatedAt));
  const optionLabel = (code: string) => {
    const option = transfer.pension.options.find((candidate) => candidate.code === code);
    return option ? `${option.code} – ${option.label}` : code;
  };

  const byPerson = new Map<string, EvidenceNotificationRow[]>();
  const rosterKeys = new Set(record.cases.map((person) => employeeKey(person.employeeNumber)));
  const otherNotifications: EvidenceView['otherNotifications'] = [];
  for (const notification of record.notifications) {
    if (rosterKeys.has(notification.employeeKey)) {
      const rows = byPerson.get(notification.employeeKey) ?? [];
      rows.push(notificationRow(notification));
      byPerson.set(notification.employeeKey, rows);
    } else {
      otherNotifications.push({ ...notificationRow(notification), concerns: notification.employeeKey });
    }
  }

  const cases = [...record.cases].sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber));
  const people = cases.map(
    (person): EvidencePerson => ({
      employeeNumber: person.employeeNumber,
      name: person.name,
      jobTitle: person.jobTitle,
      ...(person.team ? { team: person.team } : {}),
      status: caseStatusTags[person.status]?.text ?? person.status,
      ...(person.election
        ? {
            election: {
              option: optionLabel(person.election.option),
              how: person.election.how === 'default' ? 'Given the default' : 'Chosen by the person',
              at: person.election.at,
            },
          }
        : {}),
      history: oldestFirst(person.history).map((event) => ({
        ...actionRow(event),
        change: changeOf(event, optionLabel),
      })),
      notifications: (byPerson.get(employeeKey(person.employeeNumber)) ?? []).sort((a, b) =>
        a.claimedAt.localeCompare(b.claimedAt),
      ),
    }),
  );

  const objections = cases
    .filter((person) => objectionStatuses.has(person.status) || person.objection !== undefined)
    .map((person) => ({
      employeeNumber: person.employeeNumber,
      name: person.name,
      status: caseStatusTags[person.status]?.text ?? person.status,
      ...(person.objection?.receivedOn ? { receivedOn: person.objection.receivedOn } : {}),
      ...(person.objection?.recordedAt ? { recordedAt: person.objection.recordedAt } : {}),
      ...(person.objection?.recordedBy ? { recordedBy: person.objection.recordedBy } : {}),
      ...(person.objection?.note ? { note: person.objection.note } : {}),
      events: person.history
        .filter((event) => event.to !== undefined && objectionStatuses.has(event.to as CaseStatus))
        .map(actionRow),
    }));

  const basis = legalBasisDescriptions[transfer.legalBasis];
  return {
    title: `Evidence pack: ${transfer.name}`,
    generatedAt: record.generatedAt,
    transfer: {
      id: transfer.id,
      name: transfer.name,
      transferor: transfer.transferor,
      transferee: transfer.transferee,
      legalBasis: basis ? `${basis.name} – ${basis.hint}` : transfer.legalBasis,
      transferDate: transfer.transferDate,
      electionClosesOn: transfer.pension.electionClosesOn,
      status: transfer.status,
      createdAt: transfer.createdAt,
      createdBy: transfer.createdBy,
      ...(transfer.launchedAt ? { launchedAt: transfer.launchedAt } : {}),
      options: transfer.pension.options.map((option) => ({
        code: option.code,
        label: option.label,
        isDefault: option.code === transfer.pension.defaultOption,
        count: transfer.elections[option.code] ?? 0,
      })),
    },
    counts: {
      people: record.cases.length,
      milestones: record.milestones.length,
      auditEntries: record.audit.length,
      notifications: record.notifications.length,
      elections: record.cases.filter((person) => person.election !== undefined).length,
      objections: objections.length,
      consultations: record.consultations.length,
    },
    deliveryOutcomes: deliveryOutcomeCounts(record.notifications),
    statusCounts: Object.entries(transfer.counts)
      .filter(([, count]) => count > 0)
      .map(([status, count]) => ({ label: caseStatusTags[status as CaseStatus]?.text ?? status, count })),
    timeline: record.milestones.map((milestone) => ({
      name: milestoneNames[milestone.kind] ?? milestone.kind,
      dueOn: milestone.dueOn,
      status: milestoneStatusTags[milestone.status]?.text ?? milestone.status,
      state: stateLabels[milestoneState(milestone.status, milestone.dueOn, today)],
      outcome: milestoneOutcomeText(milestone),
      ...(milestone.sent === undefined ? {} : { sent: milestone.sent }),
      ...(milestone.reason === undefined ? {} : { reason: milestone.reason }),
      ...(milestone.startedAt ? { startedAt: milestone.startedAt } : {}),
      ...(milestone.doneAt ? { doneAt: milestone.doneAt } : {}),
      ...(milestone.failedAt ? { failedAt: milestone.failedAt } : {}),
    })),
    audit: oldestFirst(record.audit).map((entry) => ({
      ...actionRow(entry),
      detail: Object.entries(entry.detail ?? {})
        .map(([key, value]) => `${key}: ${withDatesInWords(String(value))}`)
        .join(', '),
    })),
    objections,
    consultations: [...record.consultations]
      .sort((a, b) => a.consultation.opensOn.localeCompare(b.consultation.opensOn))
      .map(consultationOf),
    people,
    otherNotifications,
    informationDuty: informationDutyOf(record.informationDuty),
  };
}

/** `Staffordshire ASC → NHS (2026)` → `staffordshire-asc-nhs-2026`, for the download's file name. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug === '' ? 'transfer' : slug;
}
