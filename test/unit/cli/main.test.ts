import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { Fetch } from '../../../cli/api-client.ts';
import { run } from '../../../cli/main.ts';
import { canonicalJson } from '../../../functions/domain/audit-chain.ts';
import { rosterCsv, rosterRows } from '../../fixtures/rosters.ts';

interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

type Route = (request: FakeRequest) => Response;

const json = (status: number, body: unknown, contentType = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });

const problem = (status: number, title: string, detail: string, errors?: unknown[]) =>
  json(
    status,
    { type: 'tag:x', title, status, detail, ...(errors ? { errors } : {}) },
    'application/problem+json',
  );

const sampleTransfer = {
  id: 'T1',
  name: 'Adult social care integration',
  status: 'launched',
  transferor: 'Staffordshire County Council',
  transferee: 'Midlands Partnership NHS Foundation Trust',
  transferDate: '2026-10-01',
  total: 907,
  counts: { invited: 900, elected: 7, defaulted: 0 },
  elections: { LGPS: 5, NHSPS: 2 },
  pension: {
    options: [
      { code: 'LGPS', label: 'Stay in the LGPS' },
      { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
    ],
    defaultOption: 'LGPS',
    electionClosesOn: '2026-08-28',
  },
  milestones: [
    { kind: 'election-reminder', dueOn: '2026-08-21', status: 'pending' },
    { kind: 'election-close', dueOn: '2026-08-28', status: 'pending' },
  ],
};

/** The CLI with a fake API behind `fetch`, files in memory and its output captured. */
function fakeCli(
  options: {
    env?: Record<string, string>;
    routes?: Record<string, Route>;
    files?: Record<string, string>;
  } = {},
) {
  const stdout = { text: '', write: (text: string) => (stdout.text += text) };
  const stderr = { text: '', write: (text: string) => (stderr.text += text) };
  const requests: FakeRequest[] = [];
  const fetch = vi.fn<Fetch>(async (input, init) => {
    const url = new URL(String(input));
    const request: FakeRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      headers: (init?.headers ?? {}) as Record<string, string>,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    };
    requests.push(request);
    const route = options.routes?.[`${request.method} ${request.path}`];
    return route ? route(request) : json(404, { message: 'Not Found' });
  });
  const readFile = async (path: string) => {
    const content = options.files?.[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return Buffer.from(content, 'utf8');
  };
  const dependencies = { fetch, env: options.env ?? {}, stdout, stderr, readFile };
  return {
    run: (...args: string[]) => run(['node', 'transfer-desk', ...args], dependencies),
    stdout,
    stderr,
    requests,
  };
}

const localToken: Record<string, Route> = {
  'POST /local/token': () => json(200, { token: 'local-token-abc' }),
};

describe('Function: run', () => {
  it.each([
    'create',
    'import',
    'launch',
    'dates',
    'cancel',
    'status',
    'list',
    'object',
    'resend',
    'verify',
    'clock',
    'sweep',
  ])('prints the help of %s with its examples and exits 0', async (command) => {
    // Prepare
    const cli = fakeCli();

    // Act
    const exitCode = await cli.run(command, '--help');

    // Assess
    expect(exitCode).toBe(0);
    expect(cli.stdout.text).toContain(`Usage: transfer-desk ${command}`);
    expect(cli.stdout.text).toMatch(/Examples?:\n {2}\$ npx transfer-desk /);
    expect(cli.requests).toEqual([]);
  });

  it('lists every command and the environment it reads in the main help', async () => {
    // Prepare
    const cli = fakeCli();

    // Act
    const exitCode = await cli.run('--help');

    // Assess
    expect(exitCode).toBe(0);
    for (const command of [
      'create',
      'import',
      'launch',
      'dates',
      'cancel',
      'status',
      'list',
      'object',
      'resend',
      'verify',
      'clock',
      'sweep',
    ]) {
      expect(cli.stdout.text).toMatch(new RegExp(`\\n {2}${command} `));
    }
    expect(cli.stdout.text).toContain('TRANSFER_DESK_URL');
    expect(cli.stdout.text).toContain('TRANSFER_DESK_TOKEN');
    expect(cli.stdout.text).toContain('(POST /local/token)');
  });

  it('refuses a chunk size over the API limit before reading the file or calling the API', async () => {
    // Prepare
    const cli = fakeCli();

    // Act
    const exitCode = await cli.run('import', 'T1', 'roster.csv', '--chunk-size', '6000');

    // Assess
    expect(exitCode).toBe(1);
    expect(cli.stderr.text).toContain(
      "error: option '--chunk-size <rows>' argument '6000' is invalid. Give a whole number of rows from 1 to 5,000.",
    );
    expect(cli.requests).toEqual([]);
  });

  it('refuses a missing argument, an unknown command, and both ways of moving the clock at once', async () => {
    // Prepare
    const cli = fakeCli();

    // Act
    const missing = await cli.run('launch');
    const unknown = await cli.run('explode');
    const both = await cli.run('clock', '--advance-days', '2', '--to', '2026-09-01');
    const badDate = await cli.run('clock', '--to', '1 September');

    // Assess
    expect([missing, unknown, both, badDate]).toEqual([1, 1, 1, 1]);
    expect(cli.stderr.text).toContain("error: missing required argument 'transferId'");
    expect(cli.stderr.text).toContain("error: unknown command 'explode'");
    expect(cli.stderr.text).toContain(
      "error: option '--to <date>' cannot be used with option '--advance-days <days>'",
    );
    expect(cli.stderr.text).toContain('Give the date as YYYY-MM-DD.');
    expect(cli.requests).toEqual([]);
  });

  it('gets an HR token from the local stack once when none is set, for the email in TRANSFER_DESK_EMAIL', async () => {
    // Prepare
    const cli = fakeCli({
      env: { TRANSFER_DESK_EMAIL: 'hr.cli@example.org' },
      files: { 'roster.csv': rosterCsv(rosterRows(25, 'token')) },
      routes: {
        ...localToken,
        'POST /api/transfers/T1/staff': () => json(200, { added: 10, total: 10 }),
      },
    });

    // Act
    const exitCode = await cli.run('import', 'T1', 'roster.csv', '--chunk-size', '10');

    // Assess
    expect(exitCode).toBe(0);
    const tokenRequests = cli.requests.filter((request) => request.path === '/local/token');
    expect(tokenRequests).toHaveLength(1);
    expect(JSON.parse(tokenRequests[0]?.body ?? '')).toEqual({ role: 'hr', email: 'hr.cli@example.org' });
    const imports = cli.requests.filter((request) => request.path === '/api/transfers/T1/staff');
    expect(imports).toHaveLength(3);
    expect(imports.every((request) => request.headers.authorization === 'Bearer local-token-abc')).toBe(true);
    expect(cli.stdout.text + cli.stderr.text).not.toContain('local-token-abc');
  });

  it('uses TRANSFER_DESK_TOKEN as it is and never prints it', async () => {
    // Prepare
    const cli = fakeCli({
      env: { TRANSFER_DESK_URL: 'https://api.example.org/', TRANSFER_DESK_TOKEN: 'deployed-secret' },
      routes: { 'GET /api/transfers': () => json(401, { message: 'Unauthorized' }) },
    });

    // Act
    const exitCode = await cli.run('list');

    // Assess
    expect(exitCode).toBe(1);
    expect(cli.requests).toEqual([
      expect.objectContaining({
        path: '/api/transfers',
        headers: expect.objectContaining({ authorization: 'Bearer deployed-secret' }),
      }),
    ]);
    expect(cli.stderr.text).toBe(
      'Error: Unauthorized (401)\n  Unauthorized\n  Check TRANSFER_DESK_TOKEN: it is missing, expired or not for this API\n',
    );
    expect(cli.stdout.text).toBe('');
  });

  it('asks for TRANSFER_DESK_TOKEN against a deployed API instead of asking for a local token', async () => {
    // Prepare
    const cli = fakeCli({ env: { TRANSFER_DESK_URL: 'https://api.example.org' } });

    // Act
    const exitCode = await cli.run('status', 'T1');

    // Assess
    expect(exitCode).toBe(1);
    expect(cli.stderr.text).toBe(
      'Error: Set TRANSFER_DESK_TOKEN to a bearer token for the API at https://api.example.org\n',
    );
    expect(cli.requests).toEqual([]);
  });

  it.each([['clock'], ['clock', '--advance-days', '1'], ['sweep']])(
    'says %s only works against the local stack when the URL is a deployed API',
    async (...args) => {
      // Prepare
      const cli = fakeCli({
        env: { TRANSFER_DESK_URL: 'https://api.example.org', TRANSFER_DESK_TOKEN: 't' },
      });

      // Act
      const exitCode = await cli.run(...args);

      // Assess
      expect(exitCode).toBe(1);
      expect(cli.stderr.text).toContain(
        `Error: "${args[0]}" only works against the local stack (npm start), not against the API at https://api.example.org\n`,
      );
      expect(cli.requests).toEqual([]);
    },
  );

  it('prints the problem title, detail and each field error of a refused transfer', async () => {
    // Prepare
    const cli = fakeCli({
      files: { 'transfer.json': '{"name": ""}' },
      routes: {
        ...localToken,
        'POST /api/transfers': () =>
          problem(422, 'Unprocessable Content', 'The request has 2 errors', [
            { path: 'name', message: 'Enter a name for the transfer' },
            { path: 'transferDate', message: 'Enter the transfer date' },
          ]),
      },
    });

    // Act
    const exitCode = await cli.run('create', 'transfer.json');

    // Assess
    expect(exitCode).toBe(1);
    expect(cli.stderr.text).toBe(
      [
        'Error: Unprocessable Content (422)',
        '  The request has 2 errors',
        '  - name: Enter a name for the transfer',
        '  - transferDate: Enter the transfer date',
        '',
      ].join('\n'),
    );
  });

  it('says a file is missing or not JSON without calling the API', async () => {
    // Prepare
    const cli = fakeCli({ files: { 'broken.json': '{"name":' } });

    // Act
    const missing = await cli.run('create', 'nowhere.json');
    const broken = await cli.run('create', 'broken.json');

    // Assess
    expect([missing, broken]).toEqual([1, 1]);
    expect(cli.stderr.text).toContain('Error: Cannot read nowhere.json: there is no such file\n');
    expect(cli.stderr.text).toMatch(/Error: broken\.json is not valid JSON: /);
    expect(cli.requests).toEqual([]);
  });

  it('creates a transfer and prints only its id on stdout', async () => {
    // Prepare
    const cli = fakeCli({
      files: { 'transfer.json': JSON.stringify({ name: 'Adult social care integration' }) },
      routes: {
        ...localToken,
        'POST /api/transfers': () => json(201, { ...sampleTransfer, status: 'draft' }),
      },
    });

    // Act
    const exitCode = await cli.run('create', 'transfer.json');

    // Assess
    expect(exitCode).toBe(0);
    expect(cli.stdout.text).toBe('T1\n');
    expect(cli.stderr.text).toBe('Created the draft transfer "Adult social care integration"\n');
    expect(JSON.parse(cli.requests[1]?.body ?? '')).toEqual({ name: 'Adult social care integration' });
  });

  it('shows progress on stderr, the summary on stdout, and exits 1 when a chunk is rejected', async () => {
    // Prepare: the second chunk's fourth row (line 14) is refused
    let calls = 0;
    const cli = fakeCli({
      files: { 'roster.csv': rosterCsv(rosterRows(25, 'reject')) },
      routes: {
        ...localToken,
        'POST /api/transfers/T1/staff': (request) => {
          calls += 1;
          if (calls === 2) {
            return problem(422, 'Unprocessable Content', '1 row has errors; nothing was added', [
              { path: 'staff[3].email', message: 'Enter the email address in the correct format' },
            ]);
          }
          const rows = (request.body ?? '').trimEnd().split('\n').length - 1;
          return json(200, { added: rows, total: calls === 1 ? rows : 10 + rows });
        },
      },
    });

    // Act
    const exitCode = await cli.run('import', 'T1', 'roster.csv', '--chunk-size', '10');

    // Assess
    expect(exitCode).toBe(1);
    expect(cli.stderr.text).toBe(
      [
        'Sending 25 rows in 3 chunks of up to 10',
        'Sent chunk 1 of 3: 10 of 25 rows',
        'Sent chunk 2 of 3: 20 of 25 rows',
        'Sent chunk 3 of 3: 25 of 25 rows',
        '',
      ].join('\n'),
    );
    expect(cli.stdout.text).toContain('Rows added: 15 (the transfer now has 15 people)\n');
    expect(cli.stdout.text).toContain('Chunk 2 rejected (lines 12–21): nothing from it was stored\n');
    expect(cli.stdout.text).toContain('  line 15, email: Enter the email address in the correct format\n');
  });

  it('stops an import at once when the transfer is not a draft, with the API’s reason', async () => {
    // Prepare
    const cli = fakeCli({
      files: { 'roster.csv': rosterCsv(rosterRows(25, 'conflict')) },
      routes: {
        ...localToken,
        'POST /api/transfers/T1/staff': () =>
          problem(409, 'Conflict', 'People can only be added while the transfer is a draft'),
      },
    });

    // Act
    const exitCode = await cli.run('import', 'T1', 'roster.csv', '--chunk-size', '10');

    // Assess
    expect(exitCode).toBe(1);
    expect(cli.requests.filter((request) => request.path === '/api/transfers/T1/staff')).toHaveLength(1);
    expect(cli.stdout.text).toBe('');
    expect(cli.stderr.text).toContain(
      'Error: Conflict (409)\n  People can only be added while the transfer is a draft\n',
    );
  });

  it('shows the status with people per case status, elections per option and milestones', async () => {
    // Prepare
    const cli = fakeCli({
      routes: { ...localToken, 'GET /api/transfers/T1': () => json(200, sampleTransfer) },
    });

    // Act
    const exitCode = await cli.run('status', 'T1');
    const jsonExit = await cli.run('status', 'T1', '--json');

    // Assess
    expect([exitCode, jsonExit]).toEqual([0, 0]);
    const [human, raw] = [
      cli.stdout.text.slice(0, cli.stdout.text.indexOf('{')),
      cli.stdout.text.slice(cli.stdout.text.indexOf('{')),
    ];
    expect(human).toContain('Status:           launched\n');
    expect(human).toContain('People:           907\n  invited:         900\n  elected:         7\n');
    expect(human).not.toContain('defaulted');
    expect(human).toContain(
      '  LGPS:            5  Stay in the LGPS\n  NHSPS:           2  Join the NHS Pension Scheme\n',
    );
    expect(human).toMatch(/ {2}2026-08-21 +pending +election-reminder\n/);
    expect(JSON.parse(raw)).toEqual(sampleTransfer);
  });

  it('moves the dates it is given with PATCH and says who is being emailed', async () => {
    // Prepare
    const cli = fakeCli({
      routes: {
        ...localToken,
        'PATCH /api/transfers/T1': () => json(200, { ...sampleTransfer, transferDate: '2026-11-02' }),
      },
    });

    // Act
    const exitCode = await cli.run('dates', 'T1', '--transfer-date', '2026-11-02');

    // Assess
    expect(exitCode).toBe(0);
    const patch = cli.requests.find((request) => request.method === 'PATCH');
    expect(JSON.parse(patch?.body ?? '')).toEqual({ transferDate: '2026-11-02' });
    expect(cli.stdout.text).toBe(
      'Moved the dates of transfer T1: transfer date 2026-11-02, election closes 2026-08-28\n' +
        'The people still in scope are being emailed the new dates\n',
    );
  });

  it('refuses to move dates without a date or with a date not written YYYY-MM-DD, calling nothing', async () => {
    // Prepare
    const cli = fakeCli();

    // Act
    const none = await cli.run('dates', 'T1');
    const badDate = await cli.run('dates', 'T1', '--election-closes-on', '16/10/2026');

    // Assess
    expect([none, badDate]).toEqual([1, 1]);
    expect(cli.stderr.text).toContain('Error: Give --transfer-date, --election-closes-on or both\n');
    expect(cli.stderr.text).toContain('Give the date as YYYY-MM-DD.');
    expect(cli.requests).toEqual([]);
  });

  it('prints the field error of dates the API refuses', async () => {
    // Prepare
    const cli = fakeCli({
      routes: {
        ...localToken,
        'PATCH /api/transfers/T1': () =>
          problem(422, 'Unprocessable Content', 'The new dates have errors', [
            { path: 'electionClosesOn', message: 'The election must close before the transfer date' },
          ]),
      },
    });

    // Act
    const exitCode = await cli.run('dates', 'T1', '--election-closes-on', '2026-12-01');

    // Assess
    expect(exitCode).toBe(1);
    expect(cli.stderr.text).toContain(
      '  - electionClosesOn: The election must close before the transfer date\n',
    );
  });

  it('cancels only with --yes, saying what cancelling does otherwise', async () => {
    // Prepare
    const cli = fakeCli({
      routes: {
        ...localToken,
        'POST /api/transfers/T1/cancel': () => json(200, { ...sampleTransfer, status: 'cancelled' }),
      },
    });

    // Act
    const unconfirmed = await cli.run('cancel', 'T1');
    const calledBefore = cli.requests.length;
    const confirmed = await cli.run('cancel', 'T1', '--yes');

    // Assess
    expect([unconfirmed, confirmed]).toEqual([1, 0]);
    expect(calledBefore).toBe(0);
    expect(cli.stderr.text).toContain(
      'Error: Cancelling a transfer cannot be undone: run it again with --yes to confirm\n',
    );
    expect(cli.stderr.text).toContain('  - Every personal link stops working');
    expect(cli.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /local/token',
      'POST /api/transfers/T1/cancel',
    ]);
    expect(cli.stdout.text).toContain('Cancelled transfer T1 (cancelled)');
  });

  it('lists the transfers in columns', async () => {
    // Prepare
    const cli = fakeCli({
      routes: {
        ...localToken,
        'GET /api/transfers': () =>
          json(200, {
            items: [
              {
                id: 'T1',
                name: 'Care',
                status: 'draft',
                transferDate: '2026-10-01',
                counts: { invited: 1200 },
              },
            ],
          }),
      },
    });

    // Act
    const exitCode = await cli.run('list');

    // Assess
    expect(exitCode).toBe(0);
    expect(cli.stdout.text).toBe(
      'ID  STATUS  TRANSFER DATE  PEOPLE  NAME\nT1  draft   2026-10-01     1,200   Care\n',
    );
  });

  it('moves the local clock and runs the sweep on the local stack', async () => {
    // Prepare
    const cli = fakeCli({
      routes: {
        'POST /local/clock': () => json(200, { now: '2026-07-01T09:00:00.000Z' }),
        'POST /local/sweep': () => json(200, { started: 2 }),
      },
    });

    // Act
    const clockExit = await cli.run('clock', '--advance-days', '3');
    const sweepExit = await cli.run('sweep');

    // Assess
    expect([clockExit, sweepExit]).toEqual([0, 0]);
    expect(JSON.parse(cli.requests[0]?.body ?? '')).toEqual({ advanceDays: 3 });
    expect(cli.stdout.text).toBe(
      'The local clock now reads Wednesday 1 July 2026 at 10:00am in London (2026-07-01T09:00:00.000Z)\n' +
        'The sweep started 2 workflows, and they have finished\n',
    );
  });

  it('says the URL is not the local stack when a loopback API has no local routes', async () => {
    // Prepare
    const cli = fakeCli({ env: { TRANSFER_DESK_URL: 'http://127.0.0.1:8080' } });

    // Act
    const exitCode = await cli.run('sweep');

    // Assess
    expect(exitCode).toBe(1);
    expect(cli.stderr.text).toContain('"sweep" only works against the local stack (npm start)');
  });

  it('records an objection for a person with the day it was received and a note', async () => {
    // Prepare
    const cli = fakeCli({
      routes: {
        ...localToken,
        'POST /api/transfers/T1/staff/E1001/objection': () =>
          json(200, { employeeNumber: 'E1001', status: 'objected' }),
      },
    });

    // Act
    const exitCode = await cli.run(
      'object',
      'T1',
      'E1001',
      '--received-on',
      '2026-07-10',
      '--note',
      'File 12',
    );

    // Assess
    expect(exitCode).toBe(0);
    const sent = cli.requests.find((request) => request.path.endsWith('/objection'));
    expect(JSON.parse(sent?.body ?? '')).toEqual({ receivedOn: '2026-07-10', note: 'File 12' });
    expect(sent?.headers.authorization).toBe('Bearer local-token-abc');
    expect(cli.stdout.text).toBe(
      'Recorded the objection of E1001, received on 2026-07-10: they will not transfer\n',
    );
  });

  it('refuses an objection date not written YYYY-MM-DD before calling the API', async () => {
    // Prepare
    const cli = fakeCli({ routes: localToken });

    // Act
    const exitCode = await cli.run('object', 'T1', 'E1001', '--received-on', '10/07/2026');

    // Assess
    expect(exitCode).not.toBe(0);
    expect(cli.stderr.text).toContain('Write the date as YYYY-MM-DD.');
    expect(cli.requests).toEqual([]);
  });

  it("emails a person a new link and says the old one no longer works, or prints the API's refusal", async () => {
    // Prepare
    const cli = fakeCli({
      routes: {
        ...localToken,
        'POST /api/transfers/T1/staff/E1001/resend': () =>
          json(200, { employeeNumber: 'E1001', email: 'a@b.org' }),
        'POST /api/transfers/T1/staff/E1002/resend': () =>
          problem(409, 'Conflict', 'A person whose case is objected has no pension link to send'),
      },
    });

    // Act
    const sent = await cli.run('resend', 'T1', 'E1001');
    const refused = await cli.run('resend', 'T1', 'E1002');

    // Assess
    expect(sent).toBe(0);
    expect(cli.stdout.text).toBe('Emailed E1001 a new link; the link sent before no longer works\n');
    expect(refused).not.toBe(0);
    expect(cli.stderr.text).toContain('A person whose case is objected has no pension link to send');
  });

  describe('verify', () => {
    const intact = {
      intact: true,
      events: 5,
      unchained: 1,
      head: { seq: 4, hash: 'a'.repeat(64) },
      packs: [
        {
          at: '2026-07-01T09:00:00.000Z',
          by: 'hr@example.org',
          format: 'pdf',
          sha256: createHash('sha256').update('%PDF-pack').digest('hex'),
          contentSha256: 'c'.repeat(64),
        },
      ],
    };

    it('says the audit history is intact, with its head, and exits 0', async () => {
      // Prepare
      const cli = fakeCli({
        env: { TRANSFER_DESK_TOKEN: 't' },
        routes: { 'GET /api/transfers/T1/evidence/verify': () => json(200, intact) },
      });

      // Act
      const exitCode = await cli.run('verify', 'T1');

      // Assess
      expect(exitCode).toBe(0);
      expect(cli.stdout.text).toContain('The audit history of transfer T1 is intact.');
      expect(cli.stdout.text).toContain('5 (1 recorded before the chain began)');
      expect(cli.stdout.text).toContain(`event 4, SHA-256 ${'a'.repeat(64)}`);
    });

    it('names the event where the chain breaks and exits 1', async () => {
      // Prepare
      const cli = fakeCli({
        env: { TRANSFER_DESK_TOKEN: 't' },
        routes: {
          'GET /api/transfers/T1/evidence/verify': () =>
            json(200, {
              ...intact,
              intact: false,
              brokenAt: {
                seq: 2,
                at: '2026-07-01T09:00:00.000Z',
                action: 'launched',
                reason: 'its time, author or action was changed',
              },
            }),
        },
      });

      // Act
      const exitCode = await cli.run('verify', 'T1');

      // Assess
      expect(exitCode).toBe(1);
      expect(cli.stdout.text).toContain(
        'is BROKEN at event 2 (launched at 2026-07-01T09:00:00.000Z): its time, author or action was changed',
      );
    });

    it('checks a downloaded pack against the SHA-256 the audit recorded', async () => {
      // Prepare
      const cli = fakeCli({
        env: { TRANSFER_DESK_TOKEN: 't' },
        routes: { 'GET /api/transfers/T1/evidence/verify': () => json(200, intact) },
        files: { 'good.pdf': '%PDF-pack', 'changed.pdf': '%PDF-pack!' },
      });

      // Act
      const good = await cli.run('verify', 'T1', '--pack', 'good.pdf');
      const changed = await cli.run('verify', 'T1', '--pack', 'changed.pdf');

      // Assess
      expect(good).toBe(0);
      expect(cli.stdout.text).toContain(
        'good.pdf matches the evidence pack (pdf) made at 2026-07-01T09:00:00.000Z',
      );
      expect(changed).toBe(1);
      expect(cli.stdout.text).toContain('changed.pdf matches no evidence pack recorded for this transfer');
    });

    it('recomputes the content digest of an evidence record downloaded as JSON, however it is indented', async () => {
      // Prepare
      const record = { transfer: { id: 'T1', name: 'Adult social care' }, audit: [] };
      const contentSha256 = createHash('sha256').update(canonicalJson(record)).digest('hex');
      const cli = fakeCli({
        env: { TRANSFER_DESK_TOKEN: 't' },
        routes: {
          'GET /api/transfers/T1/evidence/verify': () =>
            json(200, { ...intact, packs: [{ ...intact.packs[0], format: 'json', contentSha256 }] }),
        },
        files: {
          'record.json': JSON.stringify(record, null, 2),
          'altered.json': JSON.stringify({ ...record, audit: [{ action: 'added' }] }),
        },
      });

      // Act
      const same = await cli.run('verify', 'T1', '--pack', 'record.json');
      const altered = await cli.run('verify', 'T1', '--pack', 'altered.json');

      // Assess
      expect(same).toBe(0);
      expect(cli.stdout.text).toContain(`content SHA-256 ${contentSha256} recomputed`);
      expect(altered).toBe(1);
    });
  });
});
