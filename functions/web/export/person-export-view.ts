/** The subject access export of one person as a printable document: every date in plain English. */
import type { PersonExport } from '../../services/retention-service.ts';
import { formatDate, formatInstant } from '../date-formats.ts';

export interface PersonExportView {
  title: string;
  exportedAt: string;
  transfer: Array<{ label: string; value: string }>;
  person: Array<{ label: string; value: string }>;
  history: Array<{ when: string; what: string; by: string }>;
  notifications: Array<{ when: string; subject: string; to: string; status: string }>;
  responses: Array<{ when: string; consultation: string; response: string }>;
  liabilityInformation: Array<{ label: string; value: string }>;
}

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const isInstant = (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value);

/** A stored value as text: dates and instants in words, anything else as it was given. */
function inWords(value: unknown): string {
  if (typeof value === 'string') {
    if (isDate(value)) return formatDate(value);
    if (isInstant(value)) return formatInstant(value);
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const labelOf = (field: string) =>
  field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());

const rowsOf = (record: Record<string, unknown>) =>
  Object.entries(record)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([field, value]) => ({ label: labelOf(field), value: inWords(value) }));

export function personExportViewOf(data: PersonExport): PersonExportView {
  const { id: _id, ...transfer } = data.transfer;
  return {
    title: `Personal data held about ${data.person.name} (${data.person.employeeNumber})`,
    exportedAt: formatInstant(data.exportedAt),
    transfer: rowsOf(transfer),
    person: rowsOf({
      ...data.person,
      election: data.election
        ? `${data.election.option} (${data.election.how}, ${inWords(data.election.at)})`
        : undefined,
      objection: data.objection
        ? `received ${inWords(data.objection.receivedOn)}${data.objection.note ? `: ${data.objection.note}` : ''}`
        : undefined,
    }),
    history: data.history.map((event) => ({
      when: formatInstant(event.at),
      what: [
        event.action,
        event.option,
        event.from && event.to ? `${event.from} to ${event.to}` : undefined,
        event.note,
      ]
        .filter(Boolean)
        .join(': '),
      by: event.by,
    })),
    notifications: data.notifications.map((email) => ({
      when: email.sentAt ? formatInstant(email.sentAt) : 'not sent',
      subject: email.subject,
      to: email.to,
      status: email.status,
    })),
    responses: data.consultationResponses.map((response) => ({
      when: formatInstant(response.respondedAt),
      consultation: response.title,
      response: response.response,
    })),
    liabilityInformation: rowsOf(data.liabilityInformation ?? {}),
  };
}
