/** A consultation's responses as a CSV file, for HR to download and for the owner's summary at the close. */
import type { StoredResponseItem } from '../adapters/consultation-repository.ts';
import { csvWithHeader, safeCell } from './csv-format.ts';

/** A stored response as the export reads it: what the repository keeps, without its key. */
export type StoredResponse = Omit<StoredResponseItem, 'participantKey'>;

/** Every response (invitees' latest, public ones each), oldest first. */
export function responsesCsv(responses: readonly StoredResponse[]): string {
  const sorted = [...responses].sort((a, b) => a.respondedAt.localeCompare(b.respondedAt));
  return csvWithHeader(
    ['respondedAt', 'respondent', 'name', 'organisation', 'response'],
    sorted.map((response) => [
      response.respondedAt,
      response.respondent,
      safeCell(response.name ?? ''),
      safeCell(response.organisation ?? ''),
      safeCell(response.response),
    ]),
    { bom: true },
  );
}
