/**
 * The audit history's hash chain on the local stack: a launched transfer's history verifies; one audit
 * event changed straight in DynamoDB Local makes `verify` (the route and the CLI) name that event; the
 * evidence pack's Repr-Digest is the SHA-256 of its bytes and the audit records it; the PDF is tagged. And
 * 50 audit writes at once on one transfer make a chain of 50 that verifies.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { run as runCli } from '../../cli/main.ts';
import { transferRepository } from '../../functions/adapters/transfer-repository.ts';
import { localTableName } from '../../infra/local/local-stack.ts';
import { pensionTransferInput, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import { addDays, api, baseUrl, localToday, tokenFor, waitFor } from './support/local-stack-client.ts';

interface Verification {
  intact: boolean;
  events: number;
  unchained: number;
  head: { seq: number; hash: string } | null;
  brokenAt?: { seq: number; at?: string; action?: string; reason: string };
  packs: Array<{ at: string; format: string; sha256: string; contentSha256: string }>;
}

/** The table's document client, with every command it sends counted by name. */
function countedLocalTable() {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: inject('dynamodbEndpoint'),
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const sent = new Map<string, number>();
  const send = client.send.bind(client);
  client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    sent.set(command.constructor.name, (sent.get(command.constructor.name) ?? 0) + 1);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof client.send;
  return { client, tableName: () => localTableName, sent };
}

async function createLaunched(hr: ReturnType<typeof api>, people: number): Promise<string> {
  const today = await localToday();
  const created = await hr.post(
    '/api/transfers',
    pensionTransferInput(today, addDays, `Integrity ${randomUUID().slice(0, 8)}`),
  );
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  await hr.post(`/api/transfers/${id}/staff`, rosterCsv(rosterRows(people)), 'text/csv');
  await hr.post(`/api/transfers/${id}/launch`);
  await waitFor('the launch to finish', async () => {
    const transfer = (await hr.get(`/api/transfers/${id}`)).json;
    return transfer.launch?.status === 'done' ? transfer : undefined;
  });
  return id;
}

describe('Journey: a changed audit event shows when the history is verified', () => {
  const table = countedLocalTable();
  let token: string;
  let hr: ReturnType<typeof api>;
  let transferId: string;
  const verify = async () => {
    const answer = await hr.get(`/api/transfers/${transferId}/evidence/verify`);
    expect(answer.status).toBe(200);
    return answer.json as Verification;
  };
  const cli = async (...args: string[]) => cliReading(Buffer.alloc(0), ...args);
  const cliReading = async (file: Buffer, ...args: string[]) => {
    const stdout = { text: '', write: (text: string) => (stdout.text += text) };
    const stderr = { text: '', write: (text: string) => (stderr.text += text) };
    const code = await runCli(['node', 'transfer-desk', ...args], {
      fetch: globalThis.fetch,
      env: { TRANSFER_DESK_URL: baseUrl(), TRANSFER_DESK_TOKEN: token },
      stdout,
      stderr,
      readFile: async () => file,
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  };

  beforeAll(async () => {
    token = await tokenFor('hr', 'hr.integrity@example.org');
    hr = api(token);
    transferId = await createLaunched(hr, 4);
  });

  it('verifies an unchanged history: created, staff imported, launched and the invitations, in one chain', async () => {
    // Act
    const verification = await verify();
    const printed = await cli('verify', transferId);

    // Assess
    expect(verification).toMatchObject({ intact: true, unchained: 0 });
    expect(verification.events).toBeGreaterThanOrEqual(3);
    expect(verification.head?.seq).toBe(verification.events);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(`The audit history of transfer ${transferId} is intact.`);
  });

  it('serves the pack with the SHA-256 of its bytes in Repr-Digest, records it, and tags the PDF', async () => {
    // Act
    const response = await fetch(`${baseUrl()}/api/transfers/${transferId}/evidence`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const pdf = Buffer.from(await response.arrayBuffer());
    const verification = await verify();

    // Assess
    expect(response.status).toBe(200);
    const digest = createHash('sha256').update(pdf);
    expect(response.headers.get('repr-digest')).toBe(`sha-256=:${digest.copy().digest('base64')}:`);
    const hex = digest.digest('hex');
    expect(verification.packs.map((pack) => pack.sha256)).toContain(hex);
    expect(verification.intact).toBe(true);
    const checked = await cliReading(pdf, 'verify', transferId, '--pack', 'evidence.pdf');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(`evidence.pdf matches the evidence pack (pdf)`);
    // The evidence record as JSON: the bytes whose SHA-256 the pack prints, recomputed from the file.
    const record = await fetch(`${baseUrl()}/api/transfers/${transferId}/evidence?format=json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const json = Buffer.from(await record.arrayBuffer());
    const contentSha256 = createHash('sha256').update(json).digest('hex');
    expect((await verify()).packs.find((pack) => pack.format === 'json')?.contentSha256).toBe(contentSha256);
    // Each invitation names the version of the template it was rendered from, recorded when it was sent.
    const { notifications } = JSON.parse(json.toString('utf8')) as {
      notifications: Array<{ purpose: string; template?: string }>;
    };
    const invitations = notifications.filter((email) => email.purpose.startsWith('invitation'));
    expect(invitations).toHaveLength(4);
    expect(invitations.every((email) => /^[0-9a-f]{12}$/.test(email.template ?? ''))).toBe(true);
    const recomputed = await cliReading(
      Buffer.from(JSON.stringify(JSON.parse(json.toString('utf8')), null, 2)),
      'verify',
      transferId,
      '--pack',
      'record.json',
    );
    expect(recomputed.stdout).toContain(`content SHA-256 ${contentSha256} recomputed`);
    // A tagged PDF: a structure tree, and marked content said so in the catalog (compared as booleans:
    // the PDF's bytes are too long for a readable failure).
    const raw = pdf.toString('latin1');
    expect(raw.includes('/StructTreeRoot'), 'the catalog names a structure tree').toBe(true);
    expect(/\/MarkInfo\s*<<[^>]*\/Marked\s+true/.test(raw), 'the catalog says content is marked').toBe(true);
  });

  it('names the changed event when one audit event is changed in DynamoDB, through the route and the CLI', async () => {
    // Prepare
    const { Items = [] } = await table.client.send(
      new QueryCommand({
        TableName: localTableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': `TRANSFER#${transferId}`, ':audit': 'AUDIT#' },
      }),
    );
    const launched = Items.find((item) => item.action === 'launched');
    expect(launched?.seq).toBeTypeOf('number');
    await table.client.send(
      new UpdateCommand({
        TableName: localTableName,
        Key: { pk: launched?.pk, sk: launched?.sk },
        UpdateExpression: 'SET #action = :changed',
        ExpressionAttributeNames: { '#action': 'action' },
        ExpressionAttributeValues: { ':changed': 'cancelled' },
      }),
    );

    // Act
    const verification = await verify();
    const printed = await cli('verify', transferId);

    // Assess
    expect(verification.intact).toBe(false);
    expect(verification.brokenAt).toMatchObject({
      seq: launched?.seq,
      at: launched?.at,
      action: 'cancelled',
    });
    expect(printed.code).toBe(1);
    expect(printed.stdout).toContain(`BROKEN at event ${launched?.seq} (cancelled at ${launched?.at})`);
  });
});

describe('Journey: audit writes on one transfer, refused and at once', () => {
  it('keeps a refusal by the change itself as it was: a conflict, with nothing added to the chain', async () => {
    // Prepare
    const hr = api(await tokenFor('hr', 'hr.refusal@example.org'));
    const today = await localToday();
    const created = await hr.post(
      '/api/transfers',
      pensionTransferInput(today, addDays, `Refused change ${randomUUID().slice(0, 8)}`),
    );
    const id = created.json.id as string;
    const transfers = transferRepository(countedLocalTable());
    const before = await transfers.auditChain(id);

    // Act
    const cancelling = transfers.markCancelled(id, {
      from: 'launched',
      pending: [],
      at: new Date().toISOString(),
      by: 'hr.refusal@example.org',
      executionName: `cancel-${id}`,
    });

    // Assess
    await expect(cancelling).rejects.toMatchObject({ name: 'ConflictError' });
    const after = await transfers.auditChain(id);
    expect(after.head).toEqual(before.head);
    expect(after.events).toHaveLength(before.events.length);
  });

  it('makes a chain of 50 more events that verifies when 50 are recorded at the same moment', async () => {
    // Prepare
    const hr = api(await tokenFor('hr', 'hr.concurrency@example.org'));
    const today = await localToday();
    const created = await hr.post(
      '/api/transfers',
      pensionTransferInput(today, addDays, `Concurrent audit ${randomUUID().slice(0, 8)}`),
    );
    const id = created.json.id as string;
    const table = countedLocalTable();
    const transfers = transferRepository(table);
    const before = (await hr.get(`/api/transfers/${id}/evidence/verify`)).json as Verification;
    table.sent.clear();

    // Act
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        transfers.recordAudit(id, {
          at: new Date().toISOString(),
          by: 'hr.concurrency@example.org',
          action: 'note-recorded',
          detail: { index },
        }),
      ),
    );
    const reads = table.sent.get('GetCommand') ?? 0;
    const transactions = table.sent.get('TransactWriteCommand') ?? 0;
    table.sent.clear();
    await transfers.recordAudit(id, { at: new Date().toISOString(), by: 'hr', action: 'alone' });
    const alone = Object.fromEntries(table.sent);

    // Assess
    const after = (await hr.get(`/api/transfers/${id}/evidence/verify`)).json as Verification;
    expect(after).toMatchObject({ intact: true, events: before.events + 51 });
    expect(after.head?.seq).toBe(before.events + 51);
    const { events } = await transfers.auditChain(id);
    const noted = events.filter((event) => event.action === 'note-recorded');
    expect(new Set(noted.map((event) => event.seq)).size).toBe(50);
    expect(new Set(noted.map((event) => event.detail?.index)).size).toBe(50);
    // One head read and one two-item transaction an attempt; under contention, attempts repeat.
    expect(alone).toEqual({ GetCommand: 1, TransactWriteCommand: 1 });
    expect(reads).toBe(transactions);
    console.info(
      `50 concurrent audit writes: ${transactions} transactions and ${reads} head reads (${(transactions / 50).toFixed(1)} attempts a write)`,
    );
  });
});
