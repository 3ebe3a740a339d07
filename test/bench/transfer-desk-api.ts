/** The measured side: Transfer Desk driven over HTTP, the way HR's tools would. */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pensionTransferInput, type RosterRowFixture, rosterCsv } from '../fixtures/rosters.ts';
import { type Rate, rateOf, waitFor } from './measure.ts';

/** The API's per-request roster limit. */
const rowsPerRequest = 5_000;

interface TransferCounts {
  status: string;
  total: number;
  transferDate: string;
  pension: { electionClosesOn: string };
  counts: Record<string, number>;
  failures?: { workflow: string; error: string }[];
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** What the import measured: all rows over all requests, and the slowest single request. */
export interface ImportRate extends Rate {
  slowestRequest: { rows: number; seconds: number };
}

export function transferDeskApi(baseUrl: string) {
  const call = async (
    method: string,
    path: string,
    {
      token,
      body,
      contentType = 'application/json',
    }: { token?: string; body?: string; contentType?: string },
    expected: number,
  ): Promise<unknown> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    if (response.status !== expected) {
      throw new Error(
        `${method} ${path} answered ${response.status}, not ${expected}: ${text.slice(0, 500)}`,
      );
    }
    return text ? JSON.parse(text) : undefined;
  };

  /**
   * A POST without a time limit (fetch gives up on headers after 300 s): the clock's route answers only
   * when the workflows its sweep started have finished, which at 50,000 people takes minutes.
   */
  const longPost = (path: string, body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        `${baseUrl}${path}`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (incoming) => {
          let text = '';
          incoming.setEncoding('utf8');
          incoming.on('data', (chunk: string) => {
            text += chunk;
          });
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text }));
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const transfer = (token: string, transferId: string): Promise<TransferCounts> =>
    call('GET', `/api/transfers/${transferId}`, { token }, 200) as Promise<TransferCounts>;

  const localToday = async (): Promise<string> => {
    const { now } = (await call('GET', '/local/clock', {}, 200)) as { now: string };
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(now));
  };

  return {
    transfer,

    async hrToken(): Promise<string> {
      const answer = (await call(
        'POST',
        '/local/token',
        { body: JSON.stringify({ role: 'hr', email: 'bench.hr@example.org' }) },
        200,
      )) as { token: string };
      return answer.token;
    },

    async createTransfer(token: string, name: string): Promise<string> {
      const today = await localToday();
      const created = (await call(
        'POST',
        '/api/transfers',
        { token, body: JSON.stringify(pensionTransferInput(today, addDays, name)) },
        201,
      )) as { id: string };
      return created.id;
    },

    /** Imports the roster as CSV, at most 5,000 rows a request, one request after another. */
    async importRoster(
      token: string,
      transferId: string,
      rows: readonly RosterRowFixture[],
      onRequestDone: (added: number, total: number) => void,
    ): Promise<ImportRate> {
      const requests: Array<{ csv: string; rows: number }> = [];
      for (let start = 0; start < rows.length; start += rowsPerRequest) {
        const part = rows.slice(start, start + rowsPerRequest);
        requests.push({ csv: rosterCsv(part), rows: part.length });
      }
      const startedAt = performance.now();
      let slowestRequest = { rows: 0, seconds: 0 };
      for (const { csv, rows: count } of requests) {
        const sentAt = performance.now();
        const { added, total } = (await call(
          'POST',
          `/api/transfers/${transferId}/staff`,
          { token, body: csv, contentType: 'text/csv' },
          200,
        )) as { added: number; total: number };
        const seconds = (performance.now() - sentAt) / 1000;
        if (seconds > slowestRequest.seconds) slowestRequest = { rows: count, seconds };
        onRequestDone(added, total);
      }
      const rate = rateOf(rows.length, startedAt);
      const stored = await transfer(token, transferId);
      if (stored.total !== rows.length) {
        throw new Error(`The transfer holds ${stored.total} people after importing ${rows.length}`);
      }
      return { ...rate, slowestRequest };
    },

    /** Launches the transfer and answers the rate at which invitations went out, until all were sent. */
    async launchAndWait(
      token: string,
      transferId: string,
      people: number,
      { deadlineMs, onPoll }: { deadlineMs: number; onPoll: (invited: number) => void },
    ): Promise<Rate> {
      const startedAt = performance.now();
      await call('POST', `/api/transfers/${transferId}/launch`, { token, body: '{}' }, 202);
      await waitFor(
        `all ${people} invitations`,
        async () => {
          const current = await transfer(token, transferId);
          if (current.failures?.length) {
            throw new Error(`The launch failed: ${JSON.stringify(current.failures)}`);
          }
          const invited = current.counts.invited ?? 0;
          onPoll(invited);
          return invited >= people ? invited : undefined;
        },
        { deadlineMs, everyMs: 500 },
      );
      return rateOf(people, startedAt);
    },

    /**
     * Moves the local clock to `date` (London) as time passing would: the sweep starts what fell due and
     * the route answers when those workflows have finished. Answers the route's wall time.
     */
    async moveClockTo(date: string): Promise<number> {
      const startedAt = performance.now();
      const answer = await longPost('/local/clock', JSON.stringify({ to: date }));
      if (answer.status !== 200) {
        throw new Error(`POST /local/clock answered ${answer.status}: ${answer.text.slice(0, 500)}`);
      }
      return (performance.now() - startedAt) / 1000;
    },

    /** Waits until the transfer shows `status`, failing on a recorded workflow failure. */
    async waitForStatus(token: string, transferId: string, status: string, deadlineMs: number) {
      return waitFor(
        `the transfer ${status}`,
        async () => {
          const current = await transfer(token, transferId);
          if (current.failures?.length) {
            throw new Error(`A workflow failed: ${JSON.stringify(current.failures)}`);
          }
          return current.status === status ? current : undefined;
        },
        { deadlineMs, everyMs: 1_000 },
      );
    },
  };
}
