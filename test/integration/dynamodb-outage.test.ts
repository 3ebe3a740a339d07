/**
 * DynamoDB down (issue 8): /health says so with 503, a valid personal link answers a 503 page "try again
 * shortly" (never "not recognised"), the API a 503 problem+json; when it is back everything works again,
 * and a launch the outage cut short is resumed, nobody missed and nobody invited twice. Its own stack.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { type OutboxEmail, pensionLinkIn } from '../chaos/desk-client.ts';
import { pensionTransferInput, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
import { addDays, waitFor } from './support/local-stack-client.ts';
import { quietStackForFile } from './support/own-stack.ts';

const invitation = /^Choose your pension scheme by /;

describe('DynamoDB outage', () => {
  const own = quietStackForFile('transfer-desk-outage-', 'hr.outage@example.org');
  const { desk } = own;
  let stack: LocalStack;
  let hr: string;

  const createLaunched = async (people: number, name: string) => {
    const rows = rosterRows(people);
    const created = await desk.post(
      hr,
      '/api/transfers',
      pensionTransferInput(await desk.today(), addDays, name),
      [201],
    );
    const transferId = (created.json as { id: string }).id;
    const imported = await desk.postCsv(hr, `/api/transfers/${transferId}/staff`, rosterCsv(rows));
    expect(imported.status).toBe(200);
    await desk.post(hr, `/api/transfers/${transferId}/launch`, {}, [202]);
    return { transferId, rows };
  };
  const invitationsTo = (emails: OutboxEmail[], addresses: Set<string>) =>
    emails.filter((email) => invitation.test(email.subject) && email.to.some((to) => addresses.has(to)));

  beforeAll(() => {
    stack = own.stack();
    hr = own.hr();
  });

  it('answers 503 "try again shortly" on /health, a valid link and the API while DynamoDB is down, and recovers', async () => {
    // Prepare
    const { transferId, rows } = await createLaunched(120, 'Outage: link');
    const addresses = new Set(rows.map((row) => row.email));
    const emails = await waitFor('all 120 invitations', async () => {
      const found = invitationsTo(await desk.outbox(), addresses);
      return found.length === rows.length ? found : undefined;
    });
    const link = pensionLinkIn(emails[0] as OutboxEmail) as string;
    const linkPath = new URL(link).pathname;

    // Act
    await stack.dynamodb.stop();
    const health = await desk.once('GET', '/health');
    const page = await desk.once('GET', linkPath);
    const apiCall = await desk.once('GET', `/api/transfers/${transferId}`, {
      headers: { authorization: `Bearer ${hr}` },
    });
    await stack.dynamodb.start();
    const healthBack = await waitFor('health to come back', async () => {
      const answer = await desk.once('GET', '/health');
      return answer.status === 200 ? answer : undefined;
    });
    const pageBack = await desk.once('GET', linkPath);

    // Assess
    expect(health.status).toBe(503);
    expect(health.json).toMatchObject({ status: 'unavailable', dependencies: { dynamodb: 'down' } });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBeTruthy();
    expect(page.text).toContain('Try again shortly');
    expect(page.text).not.toContain('not recognised');
    expect(apiCall.status).toBe(503);
    expect(apiCall.headers.get('content-type')).toContain('application/problem+json');
    expect(apiCall.headers.get('retry-after')).toBeTruthy();
    expect(apiCall.json).toMatchObject({ status: 503, detail: expect.stringMatching(/try again shortly/i) });
    expect(healthBack.json).toMatchObject({ status: 'ok', dependencies: { dynamodb: 'ok' } });
    expect(pageBack.status).toBe(200);
  });

  it('resumes a launch the outage cut short: everyone invited exactly once once DynamoDB is back', async () => {
    // Prepare
    const people = 400;
    const { transferId, rows } = await createLaunched(people, 'Outage: launch');
    const addresses = new Set(rows.map((row) => row.email));
    const sentBeforeOutage = await waitFor(
      'the first invitations',
      async () => {
        const count = invitationsTo(await desk.outbox(), addresses).length;
        return count > 0 ? count : undefined;
      },
      120_000,
      20,
    );

    // Act
    await stack.dynamodb.stop();
    const sentDuringOutage = invitationsTo(await desk.outbox(), addresses).length;
    await stack.dynamodb.start();
    await waitFor('health to come back', async () =>
      (await desk.once('GET', '/health')).status === 200 ? true : undefined,
    );
    // What HR and the schedule would do next: launch again, and the sweep past the claims' lifetime.
    await desk.post(hr, `/api/transfers/${transferId}/launch`, {}, [202]);
    await desk.moveClockTo(addDays(await desk.today(), 1));
    // Waits for everyone, or gives up after the deadline; the assertions below say who is missing.
    await waitFor(
      `all ${people} invited`,
      async () => {
        await desk.sweep();
        const found = invitationsTo(await desk.outbox(), addresses);
        return new Set(found.flatMap((email) => email.to)).size === people ? true : undefined;
      },
      120_000,
      1_000,
    ).catch(() => false);
    const finalEmails = invitationsTo(await desk.outbox(), addresses);
    const perPerson = new Map<string, number>();
    for (const email of finalEmails)
      for (const to of email.to) perPerson.set(to, (perPerson.get(to) ?? 0) + 1);
    const transfer = (await desk.get(hr, `/api/transfers/${transferId}`)).json as {
      counts: Record<string, number>;
      failures?: unknown[];
    };

    // Assess
    expect(sentBeforeOutage).toBeGreaterThan(0);
    expect(sentDuringOutage, 'the outage came part-way through the launch').toBeLessThan(people);
    expect(
      perPerson.size,
      `people invited after the outage (${JSON.stringify(transfer.failures ?? [])})`,
    ).toBe(people);
    expect(
      rows.filter((row) => (perPerson.get(row.email) ?? 0) !== 1).map((row) => row.employeeNumber),
    ).toEqual([]);
    expect(transfer.counts.invited).toBe(people);
  });
});
