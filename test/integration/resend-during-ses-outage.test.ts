/**
 * A new link while SES is down (issue 10): the resend fails with a clear 503 and the link sent before still
 * opens the form; once SES is back the same resend works, the old link says it was replaced, the new one
 * opens, and exactly one new email went out. Its own stack, so the test can take SES sending down.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { type OutboxEmail, pensionLinkIn } from '../chaos/desk-client.ts';
import { pensionTransferInput, rosterRows } from '../fixtures/rosters.ts';
import { addDays, waitFor } from './support/local-stack-client.ts';
import { quietStackForFile } from './support/own-stack.ts';

interface CaseAnswer {
  linkVersion?: number;
  history: Array<{ action: string }>;
  notifications: Array<{ purpose: string; status: string }>;
}

describe('Journey: HR resends a link while SES is down', () => {
  const own = quietStackForFile('transfer-desk-resend-outage-', 'hr.resend-outage@example.org');
  const { desk } = own;
  let stack: LocalStack;
  let hr: string;

  beforeAll(() => {
    stack = own.stack();
    hr = own.hr();
  });

  it('keeps the old link working when the send fails, and replaces it only once the new email went', async () => {
    // Prepare
    const [person] = rosterRows(1);
    if (!person) throw new Error('no roster row');
    const created = await desk.post(
      hr,
      '/api/transfers',
      pensionTransferInput(await desk.today(), addDays, 'Resend during an SES outage'),
      [201],
    );
    const transferId = (created.json as { id: string }).id;
    await desk.post(hr, `/api/transfers/${transferId}/staff`, { staff: [person] }, [200]);
    await desk.post(hr, `/api/transfers/${transferId}/launch`, {}, [202]);
    const emailsTo = async () =>
      (await desk.outbox()).filter((email: OutboxEmail) => email.to.includes(person.email));
    const [invitation] = await waitFor('the invitation', async () => {
      const found = await emailsTo();
      return found.length > 0 ? found : undefined;
    });
    const oldLink = pensionLinkIn(invitation as OutboxEmail) as string;
    const personPath = `/api/transfers/${transferId}/staff/${person.employeeNumber}`;
    const resend = () =>
      desk.once('POST', `${personPath}/resend`, {
        headers: { authorization: `Bearer ${hr}`, 'content-type': 'application/json' },
        body: '{}',
      });

    // Act: SES down
    stack.ses.refuseSends();
    const refused = await resend();
    const oldDuringOutage = await desk.openForm(oldLink);
    const caseDuringOutage = (await desk.get(hr, personPath)).json as CaseAnswer;
    // SES back
    stack.ses.acceptSends();
    const accepted = await resend();
    const emails = await waitFor('the new link', async () => {
      const found = await emailsTo();
      return found.length > 1 ? found : undefined;
    });
    const newLink = pensionLinkIn(emails.at(-1) as OutboxEmail) as string;
    const oldAfter = await desk.once('GET', new URL(oldLink).pathname);
    const newAfter = await desk.openForm(newLink);
    const caseAfter = (await desk.get(hr, personPath)).json as CaseAnswer;

    // Assess
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json).toMatchObject({
      status: 503,
      detail: expect.stringMatching(/could not be sent, so the link sent before still works/),
    });
    expect(oldDuringOutage.status).toBe(200);
    expect(caseDuringOutage.history.map((event) => event.action)).not.toContain('link-resent');
    expect(caseDuringOutage.linkVersion ?? 0).toBe(0);
    expect(accepted.status, accepted.text).toBe(200);
    expect(oldAfter.status).toBe(404);
    expect(oldAfter.text).toContain('This link has been replaced by a newer one');
    expect(newAfter.status).toBe(200);
    expect(newLink).not.toBe(oldLink);
    expect(await emailsTo()).toHaveLength(2);
    expect(caseAfter.linkVersion).toBe(1);
    expect(caseAfter.history.filter((event) => event.action === 'link-resent')).toHaveLength(1);
  });
});
