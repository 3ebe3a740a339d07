/** `import <transferId> <roster.csv>`: a large roster in chunks, with a progress bar and a summary. */
import { Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { count, plural } from '../output.ts';
import { importProgress } from '../progress.ts';
import {
  defaultChunkSize,
  largestChunkSize,
  readRosterCsv,
  requiredRosterColumns,
  rosterChunks,
  rosterColumns,
} from '../roster-file.ts';
import { type ImportOutcome, importRoster, importSummary } from '../roster-import.ts';

export function parseChunkSize(value: string): number {
  const size = Number(value);
  if (!/^\d+$/.test(value.trim()) || size < 1 || size > largestChunkSize) {
    throw new InvalidArgumentError(`Give a whole number of rows from 1 to ${count(largestChunkSize)}.`);
  }
  return size;
}

export function importCommand(context: () => CommandContext): Command {
  return new Command('import')
    .description('import a roster CSV into a draft transfer, in chunks, with a progress bar and a summary')
    .argument('<transferId>', 'the id that create printed')
    .argument('<roster.csv>', 'UTF-8 CSV with a header row')
    .option(
      '--chunk-size <rows>',
      `rows a request, 1 to ${count(largestChunkSize)} (the API's limit)`,
      parseChunkSize,
      defaultChunkSize,
    )
    .addHelpText(
      'after',
      `
Columns: ${rosterColumns.join(', ')}
Required: ${requiredRosterColumns.join(', ')}

The file is read once and its header row checked; then it goes in chunks, each with the header row.
The API stores each chunk whole or not at all: the summary lists each chunk that was rejected and
each problem by line of the file. The command exits with 1 if anything was rejected.

Examples:
  $ npx transfer-desk import 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 roster.csv
  $ npx transfer-desk import 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 roster.csv --chunk-size 5000`,
    )
    .action(async (transferId: string, fileName: string, options: { chunkSize: number }) => {
      const { api, readFile, stdout, stderr, fail } = context();
      const file = readRosterCsv(await readFile(fileName));
      const chunks = rosterChunks(file, options.chunkSize);
      stderr.write(
        `Sending ${plural(file.rows.length, 'row')} in ${plural(chunks.length, 'chunk')} of up to ${count(options.chunkSize)}\n`,
      );
      const progress = importProgress(stderr, file.rows.length, chunks.length);
      let outcome: ImportOutcome;
      try {
        outcome = await importRoster(api, transferId, file, chunks, (rowsSent, chunk) =>
          progress.sent(rowsSent, chunk.number),
        );
      } finally {
        progress.stop();
      }
      // Stopped at the first chunk (no such transfer, not a draft, no API): the error says it all.
      const stoppedAtOnce = outcome.chunks[0]?.result === 'failed';
      if (!stoppedAtOnce) stdout.write(importSummary(outcome, fileName, transferId));
      if (outcome.stoppedBy !== undefined) throw outcome.stoppedBy;
      if (outcome.chunks.some((entry) => entry.result !== 'stored')) fail();
    });
}
