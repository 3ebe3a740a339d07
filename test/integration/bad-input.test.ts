/**
 * Bad input through the local stack's HTTP API and forms: each is answered with a clear 4xx (problem+json
 * for the API, a page for the forms) and stores nothing.
 */
import { randomUUID } from 'node:crypto';
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
  sweep,
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
  const bearer = async () => `Bearer ${await tokenFor('hr', 'hr.bad-input@example.org')}`;
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

  describe('ids, dates, text and bytes no record can hold', () => {
    const longId = 'a'.repeat(2100);
    let transferId: string;
    let employeeNumber: string;
    let transfersNow: number;
    const transferNow = async () => (await hr.get(`/api/transfers/${transferId}`)).json;

    beforeAll(async () => {
      transferId = (await hr.post('/api/transfers', valid())).json.id;
      const rows = rosterRows(1);
      employeeNumber = rows[0]?.employeeNumber as string;
      expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: rows })).status).toBe(200);
      transfersNow = await countTransfers();
    });

    it.each([
      ['GET', `/api/transfers/${longId}`],
      ['POST', `/api/transfers/${longId}/staff`],
      ['POST', `/api/transfers/${longId}/launch`],
      ['GET', `/api/transfers/${longId}/staff`],
      ['GET', `/api/transfers/${longId}/staff/SCC100001`],
      ['GET', `/api/transfers/0b9c8f5e-8d1f-4a47-9f59-0d6b4e1f2a3c/staff/${longId}`],
      ['GET', `/api/transfers/${longId}/elections.csv`],
      ['GET', `/api/transfers/${longId}/exports/scheme-LGPS.csv`],
      ['PATCH', `/api/transfers/${longId}`],
      ['POST', `/api/transfers/${longId}/cancel`],
      ['POST', `/api/transfers/${longId}/staff/SCC100001/objection`],
      ['GET', `/api/transfers/${longId}/evidence`],
      ['GET', `/api/consultations/${longId}`],
      ['GET', `/api/consultations/${longId}/responses.csv`],
      ['POST', `/api/consultations/${longId}/outcome`],
      ['GET', `/api/contracts/${longId}`],
      ['POST', `/api/contracts/${longId}/decision`],
    ])('answers %s %s with a 2 KB id with 404 problem+json, not a 500', async (method, path) => {
      const answer = await hr.raw(method, path, method === 'GET' ? undefined : { receivedOn: '2026-06-01' });
      expectProblem(answer, 404);
    });

    it.each([
      `/transfers/${longId}`,
      `/transfers/${longId}/evidence`,
      `/consultations/${longId}`,
      `/contracts/${longId}`,
      `/forms/pension/${'A'.repeat(3000)}`,
    ])('answers the page %s with a 2 KB id with a 404 page', async (path) => {
      const response = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/<html/);
    });

    it('refuses PATCH {"transferDate":"9999-12-31"} with 422 as the create route does, changing nothing', async () => {
      const before = await transferNow();
      const answer = await hr.patch(`/api/transfers/${transferId}`, { transferDate: '9999-12-31' });
      expectProblem(answer, 422, 'transferDate');
      expect((await transferNow()).transferDate).toBe(before.transferDate);
    });

    it.each([
      ['CR and LF', 'ASC\r\nBcc: everyone@example.org'],
      ['NUL', 'ASC\u0000transfer'],
      ['ESC', '\u001b[31mASC transfer'],
    ])('refuses %s in a transfer name with 422 and creates nothing', async (_, name) => {
      const answer = await hr.post('/api/transfers', { ...valid(), name });
      expectProblem(answer, 422, 'name');
      expect(await countTransfers()).toBe(transfersNow);
    });

    it('refuses control characters in a consultation title and a contract title, storing neither', async () => {
      const consultation = await hr.post('/api/consultations', {
        title: 'Integration\r\nSubject: spoofed',
        opensOn: addDays(today, 2),
        closesOn: addDays(today, 30),
        invite: ['partner@example.org'],
        public: false,
      });
      const contract = await hr.post('/api/contracts', {
        kind: 'employment',
        title: 'Therapist\u001b]0;x\u0007',
        parties: ['Trust'],
        managerEmail: 'manager.bad-input@example.org',
        startDate: today,
        endDate: addDays(today, 200),
      });
      expectProblem(consultation, 422, 'title');
      expectProblem(contract, 422, 'title');
      const contracts = (await hr.get('/api/contracts?dueWithinDays=730')).json.items as Array<{
        title: string;
      }>;
      expect(contracts.filter((item) => item.title.startsWith('Therapist'))).toEqual([]);
    });

    it('refuses a JSON body and a CSV roster that are not UTF-8 with 400, storing nothing', async () => {
      const jsonBytes = Buffer.concat([
        Buffer.from(JSON.stringify({ ...valid(), name: 'Caf' }).replace('"Caf"', '"Caf'), 'utf8'),
        Buffer.from([0xe9, 0x22]),
        Buffer.from(`}`, 'utf8'),
      ]);
      const json = await fetch(`${baseUrl()}/api/transfers`, {
        method: 'POST',
        headers: { authorization: await bearer(), 'content-type': 'application/json' },
        body: jsonBytes,
      });
      const csvBytes = Buffer.concat([
        Buffer.from(rosterCsv(rosterRows(1)).replace(/\r\n$/, '').slice(0, -1), 'utf8'),
        Buffer.from([0xff, 0xfe, 0x0d, 0x0a]),
      ]);
      const csv = await fetch(`${baseUrl()}/api/transfers/${transferId}/staff`, {
        method: 'POST',
        headers: { authorization: await bearer(), 'content-type': 'text/csv' },
        body: csvBytes,
      });
      expect(json.status).toBe(400);
      expect(await json.text()).toContain('not valid UTF-8');
      expect(csv.status).toBe(400);
      expect(await countTransfers()).toBe(transfersNow);
      expect((await transferNow()).total).toBe(1);
    });

    it('refuses a __proto__ key with 422 like any other unknown field, creating nothing', async () => {
      const body = JSON.stringify(valid()).replace(/^\{/, '{"__proto__":{"admin":true},');
      const answer = await hr.raw('POST', '/api/transfers', body, 'application/json');
      expectProblem(answer, 422, '__proto__');
      expect(await countTransfers()).toBe(transfersNow);
    });

    it('refuses an objection received on 0001-01-01 with 422 and records none', async () => {
      const path = `/api/transfers/${transferId}/staff/${employeeNumber}/objection`;
      const answer = await hr.post(path, { receivedOn: '0001-01-01' });
      expectProblem(answer, 422, 'receivedOn');
      const staffCase = (await hr.get(`/api/transfers/${transferId}/staff/${employeeNumber}`)).json;
      expect(staffCase.status).toBe('imported');
      expect(staffCase.objection).toBeUndefined();
    });

    describe('public consultation form', () => {
      let publicUrl: string;
      let consultationId: string;
      const publicResponses = async () =>
        (await hr.get(`/api/consultations/${consultationId}`)).json.publicResponses as number;

      beforeAll(async () => {
        const created = await hr.post('/api/consultations', {
          title: `Bad input public ${randomUUID().slice(0, 8)}`,
          opensOn: today,
          closesOn: addDays(today, 30),
          public: true,
          shortPeriodJustification: 'Tested quickly',
        });
        expect(created.status, created.text).toBe(201);
        consultationId = created.json.id;
        publicUrl = created.json.publicUrl;
        await sweep();
      });

      it('refuses a response of only a no-break space and a zero-width space, recording none', async () => {
        const form = await openForm(publicUrl);
        expect(form.status).toBe(200);
        const refused = await submitForm(
          `${publicUrl}/confirm`,
          { response: '\u00A0\u200B', _csrf: form.csrf },
          form.cookie,
        );
        expect(refused.status).toBe(422);
        expect(refused.html).toMatch(/Enter your response/);
        expect(await publicResponses()).toBe(0);
      });

      it('refuses a form body whose bytes are not UTF-8 with 400, recording none', async () => {
        const form = await openForm(publicUrl);
        const response = await fetch(`${publicUrl}/confirm`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
          body: `response=Caf%E9+au+lait&_csrf=${encodeURIComponent(form.csrf)}`,
        });
        expect(response.status).toBe(400);
        expect(await publicResponses()).toBe(0);
      });
    });
  });
});
