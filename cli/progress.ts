/** Rows sent so far: a redrawn bar on a terminal, one plain line a chunk anywhere else (logs, CI). */
import { SingleBar } from 'cli-progress';
import { count, type OutputStream } from './output.ts';

export interface ImportProgress {
  sent(rows: number, chunkNumber: number): void;
  stop(): void;
}

export function importProgress(stream: OutputStream, totalRows: number, totalChunks: number): ImportProgress {
  if (stream.isTTY === true) {
    const bar = new SingleBar({
      // Only a real terminal stream says it is a TTY, and cli-progress needs one to redraw.
      stream: stream as NodeJS.WritableStream,
      format: 'Importing |{bar}| {value}/{total} rows | chunk {chunk} of {chunks} | {duration_formatted}',
      hideCursor: true,
      barsize: 30,
    });
    bar.start(totalRows, 0, { chunk: 0, chunks: totalChunks });
    return {
      sent: (rows, chunkNumber) => bar.update(rows, { chunk: chunkNumber }),
      stop: () => bar.stop(),
    };
  }
  return {
    sent: (rows, chunkNumber) =>
      stream.write(
        `Sent chunk ${chunkNumber} of ${totalChunks}: ${count(rows)} of ${count(totalRows)} rows\n`,
      ),
    stop: () => undefined,
  };
}
