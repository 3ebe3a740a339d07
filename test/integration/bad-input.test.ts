/**
 * Bad input through the local stack's HTTP API and forms: each is answered with a clear 4xx (problem+json
 * for the API, a page for the forms) and stores nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
  localToday,
  type OutboxEmail,
  openForm,
  outbox,
  pensionLinkIn,
  submitForm,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

type Api = ReturnType<typeof api>;

function expectProblem(
  answer: { status: number; headers: Headers; json: unknown },
  status: number,
  path?: string,
) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = answer.json as {
    status: number;
    title: string;
    detail?: string;
    errors?: Array<{ path: string }>;
  };
  expect(problem.status).toBe(status);
  expect(problem.title.length).toBeGreaterThan(0);
  if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
}

describe('API: bad input is refused and stores nothing', () => {
  let hr: Api;
  let today: string;
  let transfersBefore: number;
  const countTransfers = async () => ((await hr.get('/api/transfers')).json.items as unknown[]).length;

  beforeAll(async () => {
    hr = api(await tokenFor('hr', 'hr.bad-input@example.org'));
    today = await localToday();
    transfersBefore = await countTransfers();
  });

  const valid = () => pensionTransferInput(today, addDays, 'Bad input checks');

  it.each([
    ['malformed JSON', '{"name": "x",', 'application/json', 400, undefined],
    ['a wrong content type', 'name=x', 'application/x-www-form-urlencoded', 415, undefined],
  ])('answers %s with a problem and creates nothing', async (_, body, contentType, status, path) => {
    const answer = await hr.raw('POST', '/api/transfers', body, contentType);
    expectProblem(answer, status, path);
  });

  it.each([
    ['an unknown field', (input: ReturnType<typeof valid>) => ({ ...input, salary: 1 }), ''],
    [
      'an impossible date',
      (input: ReturnType<typeof valid>) => ({ ...input, transferDate: '2031-02-30' }),
      'transferDate',
    ],
    [
      'a past transfer date',
      (input: ReturnType<typeof valid>) => ({ ...input, transferDate: '2020-01-01' }),
      'transferDate',
    ],
    [
      'an election deadline after the transfer date',
      (input: ReturnType<typeof valid>) => ({
        ...input,
        pension: { ...input.pension, electionClosesOn: addDays(input.transferDate, 1) },
      }),
      'pension.electionClosesOn',
    ],
    [
      'a default that is not an option',
      (input: ReturnType<typeof valid>) => ({
        ...input,
        pension: { ...input.pension, defaultOption: 'CARE' },
      }),
      'pension.defaultOption',
    ],
  ])('answers %s with 422 naming the field and creates nothing', async (_, change, path) => {
    const answer = await hr.post('/api/transfers', change(valid()));
    expectProblem(answer, 422, path || undefined);
    expect(await countTransfers()).toBe(transfersBefore);
  });

  describe('roster import', () => {
    let transferId: string;
    const staffCount = async () => (await hr.get(`/api/transfers/${transferId}`)).json.total as number;

    beforeAll(async () => {
      transferId = (await hr.post('/api/transfers', valid())).json.id;
      const stored = await hr.post(`/api/transfers/${transferId}/staff`, {
        staff: rosterRows(3, 'stored01'),
      });
      expect(stored.status).toBe(200);
    });

    it('refuses a file with a duplicate employee number within it, storing none of its rows', async () => {
      const rows = rosterRows(4);
      rows[3] = { ...(rows[3] as (typeof rows)[number]), employeeNumber: rows[1]?.employeeNumber as string };
      expectProblem(
        await hr.post(`/api/transfers/${transferId}/staff`, { staff: rows }),
        422,
        'staff[3].employeeNumber',
      );
      expect(await staffCount()).toBe(3);
    });

    it('refuses a person already on the roster, storing none of the file', async () => {
      const rows = [...rosterRows(2), ...rosterRows(1, 'stored01')];
      expectProblem(
        await hr.post(`/api/transfers/${transferId}/staff`, { staff: rows }),
        422,
        'staff[2].employeeNumber',
      );
      expect(await staffCount()).toBe(3);
    });

    it('refuses bad email addresses with an error for each row and field', async () => {
      const rows = rosterRows(3).map((row, index) => (index === 1 ? { ...row, email: 'not-an-email' } : row));
      const csv = rosterCsv(rows);
      expectProblem(
        await hr.post(`/api/transfers/${transferId}/staff`, csv, 'text/csv'),
        422,
        'staff[1].email',
      );
      expect(await staffCount()).toBe(3);
    });

    it('refuses a roster of more than 5,000 rows with 413', async () => {
      const answer = await hr.post(
        `/api/transfers/${transferId}/staff`,
        rosterCsv(rosterRows(5001)),
        'text/csv',
      );
      expectProblem(answer, 413);
      expect(await staffCount()).toBe(3);
    });

    it('refuses unknown fields in a row', async () => {
      const rows = rosterRows(1).map((row) => ({ ...row, nationalInsuranceNumber: 'QQ123456C' }));
      expectProblem(
        await hr.post(`/api/transfers/${transferId}/staff`, { staff: rows }),
        422,
        'staff[0].nationalInsuranceNumber',
      );
      expect(await staffCount()).toBe(3);
    });
  });

  describe('pension form', () => {
    let link: string;
    let employeeNumber: string;
    let transferId: string;
    const caseOf = async () => (await hr.get(`/api/transfers/${transferId}/staff/${employeeNumber}`)).json;

    beforeAll(async () => {
      transferId = (await hr.post('/api/transfers', valid())).json.id;
      const rows = rosterRows(1);
      employeeNumber = rows[0]?.employeeNumber as string;
      await hr.post(`/api/transfers/${transferId}/staff`, { staff: rows });
      await hr.post(`/api/transfers/${transferId}/launch`);
      const invitation = await waitFor('the invitation', async () =>
        (await outbox()).find((email: OutboxEmail) => email.to.includes(rows[0]?.email as string)),
      );
      link = pensionLinkIn(invitation);
    });

    it('shows the not-recognised page for a tampered link and records nothing', async () => {
      const token = link.split('/').pop() as string;
      const tampered = `${baseUrl()}/forms/pension/${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      const page = await openForm(tampered);
      expect(page.status).toBe(404);
      expect(page.html).toMatch(/not recognised/i);
      const form = await openForm(link);
      const refused = await submitForm(
        `${tampered}/confirm`,
        { employeeNumber, option: 'NHSPS', _csrf: form.csrf },
        form.cookie,
      );
      expect(refused.status).toBe(404);
      expect((await caseOf()).status).toBe('invited');
    });

    it('refuses a submission without the CSRF field and records nothing', async () => {
      const form = await openForm(link);
      const refused = await submitForm(`${link}/confirm`, { employeeNumber, option: 'NHSPS' }, form.cookie);
      expect(refused.status).toBe(403);
      expect((await caseOf()).status).toBe('invited');
    });

    it('refuses a wrong employee number with a form error and records nothing', async () => {
      const form = await openForm(link);
      const refused = await submitForm(
        `${link}/confirm`,
        { employeeNumber: 'X0000000', option: 'NHSPS', _csrf: form.csrf },
        form.cookie,
      );
      expect(refused.status).toBe(422);
      expect(refused.html).toMatch(/does not match/i);
      expect((await caseOf()).status).toBe('invited');
    });

    it('refuses an option that is not offered and records nothing', async () => {
      const form = await openForm(link);
      const refused = await submitForm(
        `${link}/confirm`,
        { employeeNumber, option: 'CARE', _csrf: form.csrf },
        form.cookie,
      );
      expect(refused.status).toBe(422);
      expect((await caseOf()).status).toBe('invited');
    });
  });
});
