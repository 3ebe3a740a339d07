/**
 * The evidence pack as a printable document: the gathered record turned into headings, tables and
 * counts, one section a person so a 900-person roster stays readable. Pure: record in, view out.
 */
import { businessDateOf } from '../../domain/business-dates.ts';
import type { RetentionSummary } from '../../domain/retention.ts';
import { employeeKey } from '../../domain/roster.ts';
import type { CaseEvent, CaseStatus, TransferHeader } from '../../domain/transfer.ts';
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
import { formatDate, formatInstant, withDatesInWords } from '../date-formats.ts';
import { liabilityUpdateText } from '../liability/liability-updates.ts';
import { type EmailTemplateVersion, emailKindOf, emailTemplateVersions } from './email-templates.ts';

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
  /**
   * The version of its template: as recorded when it was sent or, for an email sent before versions were
   * recorded, the version in the appendix now (absent for a kind the appendix lacks).
   */
  template?: string;
  /** The recorded version is not the one in the appendix: the template changed after this email went. */
  templateChanged?: boolean;
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

/** TUPE reg 11: the giving of the ELI, its downloads and update notices, in plain English; no ELI values. */
export interface EvidenceLiability {
  given?: { at: string; to: string; people: number; pdfSha256: string; csvSha256: string; sentAt?: string };
  downloads: Array<{ at: string; file: string; by: string }>;
  updates: Array<{ at: string; what: string; sentAt?: string }>;
}

function liabilityOf(record: EvidenceRecord): EvidenceLiability {
  const liability = record.liability;
  const given = liability?.given;
  const by = given ? `${given.to.name} (${given.to.email}), through their link` : '';
  return {
    ...(given
      ? {
          given: {
            at: formatInstant(given.at),
            to: `${given.to.name} (${given.to.email})`,
            people: given.people,
            pdfSha256: given.sha256['information.pdf'],
            csvSha256: given.sha256['information.csv'],
            ...(given.sentAt ? { sentAt: formatInstant(given.sentAt) } : {}),
          },
        }
      : {}),
    downloads: (liability?.downloads ?? []).map((download) => ({
      at: formatInstant(download.at),
      file: download.file,
      by,
    })),
    updates: (liability?.updates ?? []).map((update) => ({
      at: formatInstant(update.at),
      what: liabilityUpdateText(update),
      ...(update.sentAt ? { sentAt: formatInstant(update.sentAt) } : {}),
    })),
  };
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
  /** Each response's text, from whom where they gave it, oldest first. */
  responses: Array<{ from: string; respondedAt: string; text: string }>;
}

/** Whether the audit history is as it was written, and the digests that let a reader check this pack. */
export interface EvidenceIntegrity {
  intact: boolean;
  events: number;
  unchained: number;
  head?: { seq: number; hash: string };
  /** The first event that does not match, in words. */
  brokenAt?: { seq: number; at?: string; action?: string; reason: string };
  /** SHA-256 of the evidence record as canonical JSON, recorded in the audit history with the pack. */
  contentSha256?: string;
}

/** What the pack says once retention removed the personal data: when, and what happened, counted. */
export interface EvidenceRetentionView {
  removedAt: string;
  retainedUntil: string;
  takenAt: string;
  people: number;
  statusCounts: Array<{ label: string; count: number }>;
  elections: Array<{ code: string; count: number }>;
  emails: Array<{ purpose: string; count: number; outcomes: string }>;
  auditEvents: number;
  auditHead?: string;
  /** Counted from the records retention deleted: absent from a summary taken before they existed. */
  representation?: RetentionSummary['representation'];
  /** The turnout of the election of representatives, as a whole percentage of those eligible. */
  turnout?: number;
  informationDuty?: RetentionSummary['informationDuty'];
  liability?: RetentionSummary['liability'];
}

/** TUPE reg 13(3), 14: who represented the staff, and how the employee representatives were elected. */
export interface EvidenceRepresentation {
  representatives: Array<{ name: string; kind: string; email: string; addedAt: string; addedBy: string }>;
  election?: {
    seats: number;
    startedAt: string;
    startedBy: string;
    nominationsCloseOn: string;
    ballotClosesOn: string;
    status: string;
    candidates: Array<{ employeeNumber: string; name: string }>;
    voted: number;
    eligible: number;
    result?: {
      countedAt: string;
      unopposed: boolean;
      counts: Array<{ name: string; employeeNumber: string; votes: number; elected: boolean }>;
      tie?: string;
    };
  };
}

function representationOf(record: NonNullable<EvidenceRecord['representation']>): EvidenceRepresentation {
  const { election, candidates } = record;
  const nameOf = (employeeNumber: string) =>
    candidates.find((candidate) => candidate.employeeNumber === employeeNumber)?.name ?? employeeNumber;
  const result = election?.result;
  return {
    representatives: record.representatives.map((representative) => ({
      name: representative.name,
      kind:
        representative.kind === 'union'
          ? `Trade union representative (${representative.union ?? 'union not given'})`
          : 'Employee representative',
      email: representative.email,
      addedAt: representative.addedAt,
      addedBy: representative.addedBy === 'election' ? 'elected' : representative.addedBy,
    })),
    ...(election
      ? {
          election: {
            seats: election.seats,
            startedAt: election.startedAt,
            startedBy: election.startedBy,
            nominationsCloseOn: election.nominationsCloseOn,
            ballotClosesOn: election.ballotClosesOn,
            status: { nominating: 'Nominations open', balloting: 'Ballot open', closed: 'Closed' }[
              election.status
            ],
            candidates,
            voted: election.voted,
            eligible: election.eligible,
            ...(result
              ? {
                  result: {
                    countedAt: result.countedAt,
                    unopposed: result.unopposed,
                    counts: Object.entries(result.votes)
                      .map(([employeeNumber, votes]) => ({
                        name: nameOf(employeeNumber),
                        employeeNumber,
                        votes,
                        elected: result.elected.includes(employeeNumber),
                      }))
                      .sort((a, b) => b.votes - a.votes || a.name.localeCompare(b.name)),
                    ...(result.tie
                      ? {
                          tie: `${result.tie.candidates.map(nameOf).join(', ')} tied with ${result.tie.votes} votes each for ${result.tie.seats === 1 ? 'the last seat' : `the last ${result.tie.seats} seats`}; left for HR to settle, nothing drawn at random`,
                        }
                      : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}

export interface EvidenceView {
  title: string;
  generatedAt: string;
  retention?: EvidenceRetentionView;
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
  audit: Array<{ seq?: number; at: string; by: string; action: string; detail: string }>;
  integrity: EvidenceIntegrity;
  /** The full text of each kind of email sent, once a version. */
  emailTemplates: Array<EmailTemplateVersion & { name: string }>;
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
  liability: EvidenceLiability;
  /** The representatives and the election of employee representatives, when the pack was built with them. */
  representation?: EvidenceRepresentation;
  people: EvidencePerson[];
  /** The people's sections are files beside the document (the ZIP pack), not in it. */
  peopleInFiles?: true;
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

function notificationRow(
  notification: EvidenceRecord['notifications'][number],
  versions: ReadonlyMap<string, string>,
): EvidenceNotificationRow {
  const current = versions.get(emailKindOf(notification.purpose));
  const template = notification.template ?? current;
  return {
    ...(template ? { template } : {}),
    ...(template && template !== current ? { templateChanged: true } : {}),
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
  responses,
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
    responses: [...responses]
      .sort((a, b) => a.respondedAt.localeCompare(b.respondedAt))
      .map((response) => ({
        from:
          [response.name, response.organisation].filter(Boolean).join(', ') ||
          (response.respondent === 'public'
            ? 'A member of the public (no name given)'
            : 'An invitee (no name given)'),
        respondedAt: response.respondedAt,
        text: response.response,
      })),
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

function integrityOf(record: EvidenceRecord, contentSha256: string | undefined): EvidenceIntegrity {
  const { intact, events, unchained, head, brokenAt } = record.integrity;
  return {
    intact,
    events,
    unchained,
    ...(head ? { head } : {}),
    ...(brokenAt
      ? { brokenAt: { ...brokenAt, ...(brokenAt.action ? { action: actionLabel(brokenAt.action) } : {}) } }
      : {}),
    ...(contentSha256 ? { contentSha256 } : {}),
  };
}

/** The template of each kind of email this transfer (and its consultations) sent, rendered for it. */
/** A part of the record: its transfer's header is enough (no counts), as a shard of the ZIP pack has. */
type RecordPart<Fields extends keyof EvidenceRecord> = Pick<EvidenceRecord, Fields> & {
  transfer: TransferHeader;
};

function templatesOf(record: RecordPart<'notifications' | 'consultations'>): EvidenceView['emailTemplates'] {
  const { transfer } = record;
  const defaultOption = transfer.pension.options.find(
    (option) => option.code === transfer.pension.defaultOption,
  ) ??
    transfer.pension.options[0] ?? { code: '[code]', label: '[option]' };
  const sent = [
    ...record.notifications,
    ...record.consultations.flatMap((consultation) => consultation.emails),
  ].map((email) => emailKindOf(email.purpose));
  return emailTemplateVersions(
    {
      transferName: transfer.name,
      transferor: transfer.transferor,
      transferee: transfer.transferee,
      transferDate: transfer.transferDate,
      electionClosesOn: transfer.pension.electionClosesOn,
      options: transfer.pension.options,
      defaultOption,
    },
    new Set(sent),
  ).map((template) => ({ ...template, name: purposeLabel(template.kind) }));
}

/** The version of each kind of email's template as rendered for this transfer: what each email row names. */
export function templateVersionsOf(part: RecordPart<'notifications' | 'consultations'>): Map<string, string> {
  return new Map(templatesOf(part).map((template) => [template.kind, template.version]));
}

function optionLabelOf(transfer: TransferHeader) {
  return (code: string) => {
    const option = transfer.pension.options.find((candidate) => candidate.code === code);
    return option ? `${option.code} – ${option.label}` : code;
  };
}

/**
 * One section a person (ordered by employee number), with the emails recorded for them, and the emails
 * about the transfer that concern no one on the roster. The inline pack shows both; the ZIP pack writes
 * each person's section as a file of its own, shard by shard.
 */
export function evidencePeopleOf(
  part: RecordPart<'cases' | 'notifications'>,
  versions: ReadonlyMap<string, string>,
): { people: EvidencePerson[]; otherNotifications: EvidenceView['otherNotifications'] } {
  const optionLabel = optionLabelOf(part.transfer);
  const byPerson = new Map<string, EvidenceNotificationRow[]>();
  const rosterKeys = new Set(part.cases.map((person) => employeeKey(person.employeeNumber)));
  const otherNotifications: EvidenceView['otherNotifications'] = [];
  for (const notification of part.notifications) {
    if (rosterKeys.has(notification.employeeKey)) {
      const rows = byPerson.get(notification.employeeKey) ?? [];
      rows.push(notificationRow(notification, versions));
      byPerson.set(notification.employeeKey, rows);
    } else {
      otherNotifications.push({
        ...notificationRow(notification, versions),
        concerns: notification.employeeKey,
      });
    }
  }

  const cases = [...part.cases].sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber));
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
  return { people, otherNotifications };
}

export interface EvidenceViewOptions {
  contentSha256?: string;
  /**
   * The people's sections are files of their own beside this document (the ZIP pack): the document leaves
   * them out and says where they are.
   */
  peopleInFiles?: boolean;
}

export function evidenceViewOf(
  record: EvidenceRecord,
  { contentSha256, peopleInFiles = false }: EvidenceViewOptions = {},
): EvidenceView {
  const { transfer } = record;
  const emailTemplates = templatesOf(record);
  const versions = new Map(emailTemplates.map((template) => [template.kind, template.version]));
  const today = businessDateOf(new Date(record.generatedAt));
  const { people, otherNotifications } = evidencePeopleOf(record, versions);
  const cases = [...record.cases].sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber));

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
  const summary = record.retention;
  return {
    title: `Evidence pack: ${transfer.name}`,
    generatedAt: record.generatedAt,
    ...(summary && transfer.personalDataRemovedAt
      ? {
          retention: {
            removedAt: transfer.personalDataRemovedAt,
            retainedUntil: summary.retainedUntil,
            takenAt: summary.takenAt,
            people: summary.total,
            statusCounts: Object.entries(summary.counts)
              .filter(([, count]) => count > 0)
              .map(([status, count]) => ({
                label: caseStatusTags[status as CaseStatus]?.text ?? status,
                count,
              })),
            elections: Object.entries(summary.elections).map(([code, count]) => ({ code, count })),
            emails: Object.entries(summary.emails).map(([purpose, { count, byStatus }]) => ({
              purpose,
              count,
              outcomes: Object.entries(byStatus)
                .map(([status, n]) => `${n} ${status}`)
                .join(', '),
            })),
            auditEvents: summary.audit.events,
            ...(summary.audit.head ? { auditHead: summary.audit.head } : {}),
            ...(summary.representation ? { representation: summary.representation } : {}),
            ...(summary.representation?.election && summary.representation.election.eligible > 0
              ? {
                  turnout: Math.round(
                    (summary.representation.election.voted / summary.representation.election.eligible) * 100,
                  ),
                }
              : {}),
            ...(summary.informationDuty ? { informationDuty: summary.informationDuty } : {}),
            ...(summary.liability ? { liability: summary.liability } : {}),
          },
        }
      : {}),
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
      ...(entry.seq === undefined ? {} : { seq: entry.seq }),
      ...actionRow(entry),
      detail: Object.entries(entry.detail ?? {})
        .map(([key, value]) => `${key}: ${withDatesInWords(String(value))}`)
        .join(', '),
    })),
    integrity: integrityOf(record, contentSha256),
    emailTemplates,
    objections,
    consultations: [...record.consultations]
      .sort((a, b) => a.consultation.opensOn.localeCompare(b.consultation.opensOn))
      .map(consultationOf),
    liability: liabilityOf(record),
    ...(record.representation ? { representation: representationOf(record.representation) } : {}),
    people: peopleInFiles ? [] : people,
    ...(peopleInFiles ? { peopleInFiles: true } : {}),
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
