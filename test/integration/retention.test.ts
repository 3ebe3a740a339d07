/**
 * Retention on the local stack (DESIGN §2, issue 11): two transfers completed, the clock moved six years
 * past their transfer date. The one kept for the default six years loses its people, its emails'
 * addresses and its managers' emails, keeping its counts and an evidence summary; the one kept for ten is
 * untouched; a second run changes nothing. The subject access export answers JSON and PDF before, 404 after.
 * The first also had representatives, an election, the information duty's records and its liability
 * information given (each through the product's routes): their partitions are emptied, their names,
 * addresses and dates of birth gone, and the summary keeps their counts.
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

const transfereeContact = { name: 'Priya Retention', email: 'priya.retention@example.org' };
const datesOfBirth = ['1971-03-14', '1983-09-22', '1990-12-05'];

async function completedTransfer(
  name: string,
  people: Array<RosterRowFixture & { dateOfBirth?: string }>,
  options: { retentionYears?: number; transfereeContact?: typeof transfereeContact } = {},
) {
  const today = await desk.today();
  const created = await desk.post(
    hr(),
    '/api/transfers',
    { ...pensionTransferInput(today, addDays, name), ...options },
    [201],
  );
  const id = (created.json as { id: string }).id;
  await desk.post(hr(), `/api/transfers/${id}/staff`, { staff: people }, [200]);
  await desk.post(hr(), `/api/transfers/${id}/launch`, {}, [202]);
  return { id, transferDate: (created.json as { transferDate: string }).transferDate };
}

const partitionOf = (items: Record<string, unknown>[], transferId: string, suffix: string) =>
  items.filter((item) => item.pk === `TRANSFER#${transferId}#${suffix}`);

/**
 * What the representatives, the information duty and the liability information add, through their routes
 * (the election's ballot box, reached only by a ballot form after nominations close, as it stores a vote).
 */
async function plantSideRecords(transferId: string, people: RosterRowFixture[]) {
  const today = await desk.today();
  const base = `/api/transfers/${transferId}`;
  const representative = {
    kind: 'union',
    name: 'Robin Retention',
    email: 'robin.rep@example.org',
    union: 'UNISON',
  };
  await desk.post(hr(), `${base}/representatives`, representative, [201]);
  await desk.post(hr(), `${base}/measures-request`, {}, [202]);
  await desk.post(
    hr(),
    `${base}/information`,
    {
      reasons: 'The service moves to the trust.',
      implications: { legal: 'Terms preserved.', economic: 'Pay unchanged.', social: 'Teams stay together.' },
      transferorMeasures: { none: true },
      agencyWorkers: { count: 0 },
    },
    [200],
  );
  const meeting = { heldOn: today, attendees: ['Morgan Attendee'], notes: 'Morgan asked about parking.' };
  await desk.post(hr(), `${base}/consultation-meetings`, meeting, [201]);
  const representation = { receivedOn: today, from: 'Casey Writer', text: 'Casey asks that rotas stay.' };
  const recorded = await desk.post(hr(), `${base}/representations`, representation, [201]);
  const representationId = (recorded.json as { id: string }).id;
  await desk.post(
    hr(),
    `${base}/representations/${representationId}/reply`,
    { text: 'Agreed.', accepted: true },
    [200],
  );
  await desk.post(hr(), `${base}/eli`, {}, [202]);
  await desk.post(
    hr(),
    `${base}/representative-election`,
    { seats: 1, nominationsCloseOn: addDays(today, 1), ballotClosesOn: addDays(today, 2) },
    [201],
  );
  // One person stands, on their nomination link.
  const candidate = people[0] as RosterRowFixture;
  let link: string | undefined;
  for (let tries = 0; tries < 60 && !link; tries++) {
    const email = (await desk.outbox()).find(
      (sent) => sent.to.includes(candidate.email) && /representative/i.test(sent.subject),
    );
    link = email?.text.match(/https?:\/\/\S+\/forms\/nomination\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/)?.[0];
    if (!link) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const form = await desk.openForm(link as string);
  const stood = await desk.submitForm(
    link as string,
    { employeeNumber: candidate.employeeNumber, standing: 'yes', _csrf: form.csrf },
    form.cookie,
  );
  expect(stood.status).toBe(303);
  await table().send(
    new PutCommand({
      TableName: localTableName,
      Item: {
        pk: `TRANSFER#${transferId}#REPRESENTATIVE-BALLOT`,
        sk: 'VOTE#planted',
        candidate: candidate.employeeNumber,
      },
    }),
  );
  return { today, representative, meeting, representation };
}

describe('Retention of personal data', () => {
  it('removes a finished transfer’s personal data after its period, keeps counts and a summary, and touches no other', async () => {
    // Prepare: two transfers of three people each, completed on the same day.
    const kept6 = rosterRows(3);
    const kept10 = rosterRows(3);
    const first = await completedTransfer(
      'Retention six years (test)',
      kept6.map((row, index) => ({ ...row, dateOfBirth: datesOfBirth[index] as string })),
      { transfereeContact },
    );
    const second = await completedTransfer('Retention ten years (test)', kept10, { retentionYears: 10 });
    const planted = await plantSideRecords(first.id, kept6);
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
    const firstItemsBefore = await itemsOf(first.id);
    for (const suffix of ['ELI', 'REPRESENTATIVE-ELECTION', 'REPRESENTATIVE-BALLOT', 'DIGEST']) {
      expect(partitionOf(firstItemsBefore, first.id, suffix).length, suffix).toBeGreaterThan(0);
    }
    const sideEmails = firstItemsBefore.filter(
      (item) =>
        String(item.pk).startsWith(`TRANSFER#${first.id}#PERSON#_`) && String(item.sk).startsWith('EMAIL#'),
    );
    expect(sideEmails.map((item) => item.to)).toEqual(
      expect.arrayContaining([transfereeContact.email, planted.representative.email]),
    );

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
    // The representatives, the election, the information duty and the liability information: gone, counted.
    for (const personal of [
      ...datesOfBirth,
      transfereeContact.name,
      transfereeContact.email,
      planted.representative.name,
      planted.representative.email,
      planted.meeting.attendees[0] as string,
      planted.meeting.notes,
      planted.representation.from,
      planted.representation.text,
    ]) {
      expect(stored, personal).not.toContain(personal);
    }
    for (const suffix of ['ELI', 'REPRESENTATIVE-ELECTION', 'REPRESENTATIVE-BALLOT', 'DIGEST']) {
      expect(partitionOf(firstItems, first.id, suffix), suffix).toEqual([]);
    }
    const leftUnder = new Set(
      firstItems
        .filter((item) => item.pk === `TRANSFER#${first.id}`)
        .map((item) => String(item.sk).split('#')[0]),
    );
    for (const gone of [
      'ELI',
      'REPRESENTATIVE',
      'REPRESENTATIVE-ELECTION',
      'MEETING',
      'REPRESENTATION',
      'INFORMATION',
      'MEASURES-REQUEST',
    ]) {
      expect(leftUnder.has(gone), gone).toBe(false);
    }
    expect(summary).toMatchObject({
      representation: {
        representatives: { union: 1 },
        election: { seats: 1, eligible: 3 },
      },
      informationDuty: {
        measuresRequests: 1,
        letters: [{ sentOn: planted.today, recipients: 1, representatives: 1 }],
        meetings: { count: 1, heldOn: [planted.today] },
        representations: { count: 1, replied: 1 },
      },
      liability: { givenAt: expect.any(String), people: 3, downloads: 0 },
    });
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
    expect(pack.text).toContain('Representations</dt><dd>1 received, 1 replied to');
    expect(pack.text).toMatch(/Employee liability information<\/dt><dd>Given [^<]+ for 3 people/);
    for (const personal of [transfereeContact.email, planted.representative.email, ...datesOfBirth]) {
      expect(pack.text, personal).not.toContain(personal);
    }
    for (const row of kept6) expect(pack.text, row.email).not.toContain(row.email);

    // The second transfer, kept ten years: not one item changed.
    expect(await itemsOf(second.id)).toEqual(secondItemsBefore);
    const stillThere = await desk.get(
      token,
      `/api/transfers/${second.id}/staff/${kept10[0]?.employeeNumber}/export`,
    );
    expect(stillThere.json).toMatchObject({ person: { name: kept10[0]?.name } });

    // Running it again changes nothing more (the pack just made is in the audit trail: taken after it).
    const beforeRerun = await itemsOf(first.id);
    await desk.sweep();
    await desk.moveClockTo(addDays(sixYearsOn, 3));
    expect(await itemsOf(first.id)).toEqual(beforeRerun);
    expect(await itemsOf(second.id)).toEqual(secondItemsBefore);
  });
});
