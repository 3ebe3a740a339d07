/** The measured side: Transfer Desk driven over HTTP, the way HR's tools would. */
import { performance } from 'node:perf_hooks';
import { pensionTransferInput, type RosterRowFixture, rosterCsv } from '../fixtures/rosters.ts';
import { type Rate, rateOf, waitFor } from './measure.ts';

/** The API's per-request roster limit. */
const rowsPerRequest = 5_000;

interface TransferCounts {
  status: string;
  total: number;
  counts: Record<string, number>;
  failures?: { workflow: string; error: string }[];
}

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
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

  const transfer = (token: string, transferId: string): Promise<TransferCounts> =>
    call('GET', `/api/transfers/${transferId}`, { token }, 200) as Promise<TransferCounts>;

  const localToday = async (): Promise<string> => {
    const { now } = (await call('GET', '/local/clock', {}, 200)) as { now: string };
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(now));
  };

  return {
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
    ): Promise<Rate> {
      const requests: string[] = [];
      for (let start = 0; start < rows.length; start += rowsPerRequest) {
        requests.push(rosterCsv(rows.slice(start, start + rowsPerRequest)));
      }
      const startedAt = performance.now();
      for (const csv of requests) {
        const { added, total } = (await call(
          'POST',
          `/api/transfers/${transferId}/staff`,
          { token, body: csv, contentType: 'text/csv' },
          200,
        )) as { added: number; total: number };
        onRequestDone(added, total);
      }
      const rate = rateOf(rows.length, startedAt);
      const stored = await transfer(token, transferId);
      if (stored.total !== rows.length) {
        throw new Error(`The transfer holds ${stored.total} people after importing ${rows.length}`);
      }
      return rate;
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
  };
}
