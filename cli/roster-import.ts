/**
 * Sends a roster's chunks and tells how it went. The API stores a request's rows all or none, so a chunk
 * with one bad row stores nothing: the summary says which chunks were stored, which were rejected, and
 * each problem by file line, so HR can fix the file and send those lines again.
 */
import { type ApiClient, ApiProblemError } from './api-client.ts';
import { count, plural } from './output.ts';
import { type RosterChunk, type RosterFile, type RowProblem, rowProblemsOf } from './roster-file.ts';

export type ChunkOutcome =
  | { chunk: RosterChunk; result: 'stored'; added: number }
  | { chunk: RosterChunk; result: 'rejected'; problems: RowProblem[] }
  | { chunk: RosterChunk; result: 'failed' }
  | { chunk: RosterChunk; result: 'not-sent' };

export interface ImportOutcome {
  chunks: ChunkOutcome[];
  added: number;
  /** People on the transfer after the last stored chunk. */
  total?: number;
  /** The error that stopped the import before every chunk was sent. */
  stoppedBy?: unknown;
}

/**
 * Sends the chunks one after another. A rejected chunk (422) is noted and the rest still go, so one run
 * finds every bad row; any other failure (no such transfer, not a draft, the API unreachable) stops it.
 */
export async function importRoster(
  api: Pick<ApiClient, 'importStaffCsv'>,
  transferId: string,
  file: RosterFile,
  chunks: readonly RosterChunk[],
  onSent: (rowsSent: number, chunk: RosterChunk) => void = () => undefined,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { chunks: [], added: 0 };
  for (const chunk of chunks) {
    if (outcome.stoppedBy !== undefined) {
      outcome.chunks.push({ chunk, result: 'not-sent' });
      continue;
    }
    try {
      const answer = await api.importStaffCsv(transferId, chunk.csv);
      outcome.chunks.push({ chunk, result: 'stored', added: answer.added });
      outcome.added += answer.added;
      outcome.total = answer.total;
    } catch (error) {
      if (error instanceof ApiProblemError && error.status === 422) {
        const { errors, detail, title } = error.problem;
        const problems =
          errors === undefined ? [{ message: detail ?? title }] : rowProblemsOf(file, chunk, errors);
        outcome.chunks.push({ chunk, result: 'rejected', problems });
      } else {
        outcome.stoppedBy = error;
        outcome.chunks.push({ chunk, result: 'failed' });
        continue;
      }
    }
    onSent(chunk.offset + chunk.rows, chunk);
  }
  return outcome;
}

/** Chunk numbers as runs: 1, 3–10. */
export function numberRuns(numbers: readonly number[]): string {
  const runs: Array<[number, number]> = [];
  for (const number of numbers) {
    const last = runs.at(-1);
    if (last && number === last[1] + 1) last[1] = number;
    else runs.push([number, number]);
  }
  return runs.map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`)).join(', ');
}

const linesOf = (chunk: RosterChunk) => `lines ${chunk.firstLine}–${chunk.lastLine}`;

export function importSummary(outcome: ImportOutcome, fileName: string, transferId: string): string {
  const stored = outcome.chunks.filter((entry) => entry.result === 'stored');
  const rejected = outcome.chunks.filter((entry) => entry.result === 'rejected');
  const failed = outcome.chunks.filter((entry) => entry.result === 'failed');
  const notSent = outcome.chunks.filter((entry) => entry.result === 'not-sent');
  const rowsIn = (entries: readonly ChunkOutcome[]) =>
    entries.reduce((sum, entry) => sum + entry.chunk.rows, 0);
  const problems = rejected.flatMap((entry) => entry.problems);
  const badLines = new Set(problems.flatMap((problem) => (problem.line === undefined ? [] : [problem.line])))
    .size;
  const chunkCount = outcome.chunks.length;

  const lines = [
    `Import of ${fileName} into transfer ${transferId}`,
    `Rows added: ${count(outcome.added)}${outcome.total === undefined ? '' : ` (the transfer now has ${plural(outcome.total, 'person', 'people')})`}`,
    `Rows rejected: ${count(rowsIn(rejected))}${rejected.length === 0 ? '' : `, in ${plural(rejected.length, 'chunk')} with problems in ${plural(badLines, 'row')} (a chunk is stored whole or not at all)`}`,
  ];
  if (failed.length + notSent.length > 0) {
    lines.push(`Rows not stored because the import stopped: ${count(rowsIn([...failed, ...notSent]))}`);
  }
  lines.push(
    `Chunks stored: ${stored.length === 0 ? 'none' : numberRuns(stored.map((entry) => entry.chunk.number))} of ${chunkCount}`,
  );
  for (const entry of rejected) {
    lines.push(`Chunk ${entry.chunk.number} rejected (${linesOf(entry.chunk)}): nothing from it was stored`);
  }
  for (const entry of failed) {
    lines.push(`Chunk ${entry.chunk.number} failed (${linesOf(entry.chunk)}): the error is below`);
  }
  if (notSent.length > 0) {
    const first = notSent[0]?.chunk;
    const last = notSent.at(-1)?.chunk;
    lines.push(
      `${notSent.length === 1 ? 'Chunk' : 'Chunks'} ${numberRuns(notSent.map((entry) => entry.chunk.number))} not sent (lines ${first?.firstLine}–${last?.lastLine})`,
    );
  }
  if (problems.length > 0) {
    lines.push('', 'Problems:');
    for (const problem of problems) {
      const where = problem.line === undefined ? '' : `line ${problem.line}`;
      const field = problem.field === undefined ? '' : `${problem.field}: `;
      lines.push(`  ${where}${where === '' ? '' : ', '}${field}${problem.message}`);
    }
    lines.push(
      '',
      "Fix those rows, then import the rejected chunks' lines again (with the header row): rows already added would be refused as duplicates.",
    );
  }
  return `${lines.join('\n')}\n`;
}
