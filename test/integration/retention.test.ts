/**
 * Retention on the local stack (DESIGN §2, issue 11): two transfers completed, the clock moved six years
 * past their transfer date. The one kept for the default six years loses its people, its emails'
 * addresses and its managers' emails, keeping its counts and an evidence summary; the one kept for ten is
 * untouched; a second run changes nothing. The subject access export answers JSON and PDF before, 404 after.
 * Its own stack: moving the clock six years would move every other file's too.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableName } from '../../infra/local/local-stack.ts';
import { addDays } from '../chaos/desk-client.ts';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import { quietStackForFile } from './support/own-stack.ts';

const { stack, desk, hr } = quietStackForFile('transfer-desk-retention-', 'hr.retention@example.org');

const table = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack().endpoints.dynamodb,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );

async function itemsOf(transferId: string): Promise<Record<string, unknown>[]> {
  const client = table();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: localTableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items
    .filter((item) => String(item.pk).startsWith(`TRANSFER#${transferId}`))
    .sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

async function completedTransfer(name: string, people: RosterRowFixture[], retentionYears?: number) {
  const today = await desk.today();
  const created = await desk.post(
    hr(),
    '/api/transfers',
    { ...pensionTransferInput(today, addDays, name), ...(retentionYears ? { retentionYears } : {}) },
    [201],
  );
  const id = (created.json as { id: string }).id;
  await desk.post(hr(), `/api/transfers/${id}/staff`, { staff: people }, [200]);
  await desk.post(hr(), `/api/transfers/${id}/launch`, {}, [202]);
  return { id, transferDate: (created.json as { transferDate: string }).transferDate };
}

describe('Retention of personal data', () => {
  it('removes a finished transfer’s personal data after its period, keeps counts and a summary, and touches no other', async () => {
    // Prepare: two transfers of three people each, completed on the same day.
    const kept6 = rosterRows(3);
    const kept10 = rosterRows(3);
    const first = await completedTransfer('Retention six years (test)', kept6);
    const second = await completedTransfer('Retention ten years (test)', kept10, 10);
    await desk.sweep();
    await desk.moveClockTo(addDays(first.transferDate, 1));
    const before = (await desk.get(hr(), `/api/transfers/${first.id}`)).json as Record<string, unknown>;
    expect(before.status).toBe('completed');
    expect((await desk.get(hr(), `/api/transfers/${second.id}`)).json).toMatchObject({ status: 'completed' });
    const person = kept6[0] as RosterRowFixture;
    // Items other work adds (the liability information, a representative), as they would be stored.
    const dateOfBirth = '1980-02-03';
    await table().send(
      new PutCommand({
        TableName: localTableName,
        Item: {
          pk: `TRANSFER#${first.id}#PERSON#${person.employeeNumber.toUpperCase()}`,
          sk: 'ELI',
          dateOfBirth,
          claims: 'None known',
        },
      }),
    );
    const representative = { name: 'Rep Resentative', email: 'rep.retention@example.org' };
    await table().send(
      new PutCommand({
        TableName: localTableName,
        Item: { pk: `TRANSFER#${first.id}`, sk: 'REPRESENTATIVE#1', kind: 'employee', ...representative },
      }),
    );
    const exportPath = `/api/transfers/${first.id}/staff/${person.employeeNumber}/export`;
    const json = await desk.get(hr(), exportPath);
    const pdf = await desk.once('GET', `${exportPath}?format=pdf`, {
      headers: { authorization: `Bearer ${hr()}` },
    });
    const secondItemsBefore = await itemsOf(second.id);

    // Act: six years and two days after the transfer date; the clock's move runs the daily job.
    const sixYearsOn = `${Number(first.transferDate.slice(0, 4)) + 6}${first.transferDate.slice(4)}`;
    await desk.moveClockTo(addDays(sixYearsOn, 2));
    await desk.sweep();
    const token = await desk.token('hr', 'hr.retention@example.org');
    const firstItems = await itemsOf(first.id);

    // Assess: the export answered JSON and a PDF before.
    expect(json.json).toMatchObject({
      person: { employeeNumber: person.employeeNumber, name: person.name, email: person.email },
      transfer: { id: first.id },
      liabilityInformation: { dateOfBirth, claims: 'None known' },
    });
    expect((json.json as { notifications: unknown[] }).notifications.length).toBeGreaterThan(0);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    // The first transfer: counts and the summary remain, people and addresses are gone.
    const after = (await desk.get(token, `/api/transfers/${first.id}`)).json as Record<string, unknown>;
    expect(after).toMatchObject({
      status: 'completed',
      total: 3,
      counts: before.counts,
      elections: before.elections,
    });
    expect(after.personalDataRemovedAt).toEqual(expect.any(String));
    expect(after.retainedUntil).toBe(sixYearsOn);
    expect(
      ((await desk.get(token, `/api/transfers/${first.id}/staff`)).json as { items: unknown[] }).items,
    ).toEqual([]);
    const gone = await desk.once('GET', exportPath, { headers: { authorization: `Bearer ${token}` } });
    expect(gone.status).toBe(404);
    expect((gone.json as { detail: string }).detail).toMatch(/deleted on \d{1,2} [A-Z][a-z]+ \d{4}/);

    const summary = firstItems.find((item) => item.sk === 'RETENTION');
    expect(summary).toMatchObject({ total: 3, counts: before.counts, retainedUntil: sixYearsOn });
    expect(summary?.emails).toMatchObject({ invitation: { count: 3 } });
    expect(firstItems.filter((item) => String(item.sk).startsWith('CASE#'))).toEqual([]);
    expect(firstItems.filter((item) => item.sk === 'PERSON' || item.sk === 'ELI')).toEqual([]);
    const emails = firstItems.filter((item) => String(item.sk).startsWith('EMAIL#'));
    expect(emails.length).toBeGreaterThanOrEqual(3);
    for (const email of emails) {
      expect(email).toMatchObject({ purpose: expect.any(String), status: expect.any(String) });
      expect(email.to).toBeUndefined();
    }
    expect(firstItems.filter((item) => String(item.sk).startsWith('REPRESENTATIVE#'))).toEqual([]);
    const stored = JSON.stringify(firstItems);
    expect(stored).not.toContain(dateOfBirth);
    expect(stored).not.toContain(representative.email);
    for (const row of kept6) {
      for (const personal of [row.name, row.email, row.managerEmail, row.jobTitle]) {
        expect(stored, personal).not.toContain(personal);
      }
    }
    const audit = firstItems.filter((item) => String(item.sk).startsWith('AUDIT#'));
    expect(audit.filter((item) => 'detail' in item)).toEqual([]);
    expect(audit.filter((item) => item.action === 'personal-data-removed')).toHaveLength(1);

    // The evidence pack still shows what happened, counted, and names nobody.
    const pack = await desk.once('GET', `/api/transfers/${first.id}/evidence?format=html`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pack.status).toBe(200);
    expect(pack.text).toContain('Personal data removed');
    expect(pack.text).toMatch(/invitation<\/td><td class="number">3</);
    for (const row of kept6) expect(pack.text, row.email).not.toContain(row.email);

    // The second transfer, kept ten years: not one item changed.
    expect(await itemsOf(second.id)).toEqual(secondItemsBefore);
    const stillThere = await desk.get(
      token,
      `/api/transfers/${second.id}/staff/${kept10[0]?.employeeNumber}/export`,
    );
    expect(stillThere.json).toMatchObject({ person: { name: kept10[0]?.name } });

    // Running it again changes nothing more.
    await desk.sweep();
    await desk.moveClockTo(addDays(sixYearsOn, 3));
    expect(await itemsOf(first.id)).toEqual(firstItems);
    expect(await itemsOf(second.id)).toEqual(secondItemsBefore);
  });
});
