/**
 * Delivery (issue 10): the local SES answers SES's mailbox simulator addresses with the events SES raises for
 * them, and those events settle each invitation's record — delivered, bounced or complained — as the person's
 * page, the "could not be emailed" filter and the evidence pack show. Through the HTTP API only.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
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

interface CaseAnswer {
  employeeNumber: string;
  status: string;
  election?: { option: string };
  notifications: Array<{ purpose: string; to: string; status: string }>;
}

describe('Journey: SES reports what became of each invitation', () => {
  const run = randomUUID().slice(0, 8);
  let hr: ReturnType<typeof api>;
  let token: string;
  let transferId: string;
  let people: RosterRowFixture[];
  const addresses = [
    `bounce+${run}@simulator.amazonses.com`,
    `complaint+${run}@simulator.amazonses.com`,
    `success+${run}@simulator.amazonses.com`,
    `plain.${run}@example.org`,
  ];
  const expected = ['bounced', 'complained', 'delivered', 'delivered'];

  const invitationStatus = async (person: RosterRowFixture) => {
    const found = (await hr.get(`/api/transfers/${transferId}/staff/${person.employeeNumber}`))
      .json as CaseAnswer;
    return found.notifications.find((notification) => notification.purpose === 'invitation')?.status;
  };

  beforeAll(async () => {
    token = await tokenFor('hr', 'hr.delivery@example.org');
    hr = api(token);
    const today = await localToday();
    people = rosterRows(addresses.length, run).map((row, index) => ({
      ...row,
      email: addresses[index] as string,
    }));
    const created = await hr.post(
      '/api/transfers',
      pensionTransferInput(today, addDays, `Delivery test ${run}`),
    );
    transferId = created.json.id;
    const imported = await hr.post(`/api/transfers/${transferId}/staff`, { staff: people });
    expect(imported.status, imported.text).toBe(200);
    await hr.post(`/api/transfers/${transferId}/launch`);
  });

  it('records each invitation bounced, complained or delivered as SES reports it for the simulator', async () => {
    // Act
    const statuses = await waitFor('every invitation settled', async () => {
      const found = await Promise.all(people.map(invitationStatus));
      return found.every((status) => status !== undefined && status !== 'claimed' && status !== 'sent')
        ? found
        : undefined;
    });

    // Assess
    expect(statuses).toEqual(expected);
  });

  it('finds the person whose invitation bounced with delivery=bounced, and only them', async () => {
    // Prepare
    await waitFor('the bounce recorded', async () =>
      (await invitationStatus(people[0] as RosterRowFixture)) === 'bounced' ? true : undefined,
    );

    // Act
    const answer = await hr.get(`/api/transfers/${transferId}/staff?delivery=bounced`);
    const refused = await hr.get(`/api/transfers/${transferId}/staff?delivery=lost`);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.items.map((item: { employeeNumber: string }) => item.employeeNumber)).toEqual([
      people[0]?.employeeNumber,
    ]);
    expect(refused.status).toBe(422);
  });

  it("shows each invitation's delivery outcome in the evidence pack", async () => {
    // Prepare
    await waitFor('every invitation settled', async () =>
      (await invitationStatus(people[1] as RosterRowFixture)) === 'complained' ? true : undefined,
    );

    // Act
    const response = await fetch(`${baseUrl()}/api/transfers/${transferId}/evidence?format=html`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    for (const outcome of [
      'Bounced: could not be delivered',
      'Delivered; the recipient reported it as spam',
      '<th scope="col">Delivery</th>',
    ])
      expect(html).toContain(outcome);
  });
});

describe('Journey: an invitation bounces, HR corrects the address and resends, the person chooses', () => {
  const run = randomUUID().slice(0, 8);
  const bouncing = `bounce+story.${run}@simulator.amazonses.com`;
  const corrected = `corrected.${run}@example.org`;

  it('shows the bounce, takes the corrected address, and the evidence pack lists both sends with their delivery', async () => {
    // Prepare
    const token = await tokenFor('hr', 'hr.bounce-story@example.org');
    const hr = api(token);
    const [row] = rosterRows(1, `story${run}`);
    const person = { ...(row as RosterRowFixture), email: bouncing };
    const created = await hr.post(
      '/api/transfers',
      pensionTransferInput(await localToday(), addDays, `Bounce story ${run}`),
    );
    const transferId = created.json.id as string;
    const personPath = `/api/transfers/${transferId}/staff/${person.employeeNumber}`;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: [person] })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    const caseAnswer = async () => (await hr.get(personPath)).json as CaseAnswer;
    const statusOf = async (purpose: string) =>
      (await caseAnswer()).notifications.find((notification) => notification.purpose === purpose)?.status;

    // Act: the invitation bounces and HR sees it
    await waitFor('the invitation to bounce', async () =>
      (await statusOf('invitation')) === 'bounced' ? true : undefined,
    );
    const couldNotBeEmailed = await hr.get(`/api/transfers/${transferId}/staff?delivery=bounced`);
    // HR corrects the address and sends a new link
    const correction = await hr.patch(personPath, { email: corrected });
    const resent = await hr.post(`${personPath}/resend`);
    const link = await waitFor('the new link at the corrected address', async () => {
      const found = (await outbox(corrected)).filter((email) => email.to.includes(corrected));
      return found.length > 0 ? pensionLinkIn(found.at(-1) as OutboxEmail) : undefined;
    });
    // The person chooses through it
    const form = await openForm(link);
    const chosen = await submitForm(
      `${link}/confirm`,
      { employeeNumber: person.employeeNumber, option: 'NHSPS', _csrf: form.csrf },
      form.cookie,
    );
    await waitFor('the new link delivered', async () =>
      (await statusOf('invitation#link1')) === 'delivered' ? true : undefined,
    );
    const response = await fetch(`${baseUrl()}/api/transfers/${transferId}/evidence?format=html`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const html = await response.text();

    // Assess
    expect(
      couldNotBeEmailed.json.items.map((item: { employeeNumber: string }) => item.employeeNumber),
    ).toEqual([person.employeeNumber]);
    expect(correction.status).toBe(200);
    expect(resent.status).toBe(200);
    expect(form.status).toBe(200);
    expect(chosen.status).toBeLessThan(400);
    expect(await caseAnswer()).toMatchObject({ status: 'elected', election: { option: 'NHSPS' } });
    expect(response.status).toBe(200);
    const rows = html.split('<tr>');
    const rowOf = (purpose: string) =>
      rows.find((tableRow) => tableRow.includes(`<th scope="row">${purpose}</th>`));
    expect(rowOf('invitation')).toContain(bouncing);
    expect(rowOf('invitation')).toContain('Bounced: could not be delivered');
    expect(rowOf('invitation (link1)')).toContain(corrected);
    expect(rowOf('invitation (link1)')).toContain('<td>Delivered');
  });
});
