/**
 * The employee liability information (TUPE reg 11) on the local stack: a roster imported as CSV with the
 * ELI columns, the ELI given to the transferee's contact and downloaded through their link (recorded), an
 * objection afterwards producing an update notice, a transfer whose ELI was not given escalated to HR at
 * T−28 (the local clock moved), and no date of birth in the case, the staff list or elections.csv.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  localToday,
  moveClockTo,
  outbox,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

const hrEmail = 'hr.liability@example.org';
const contact = { name: 'Priya Transferee', email: `transferee.${Date.now()}@example.org` };
const otherContact = { name: 'Sam Late', email: `late.${Date.now()}@example.org` };
const datesOfBirth = ['1980-05-17', '1991-11-03', '1969-02-28'];

function csvOf(people: readonly RosterRowFixture[]): string {
  const header =
    'employeeNumber,name,email,jobTitle,team,currentPensionScheme,contractType,contractEndDate,continuousServiceStart,dateOfBirth,disciplinaryGrievance,claims,collectiveAgreements';
  const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = people.map((person, index) =>
    [
      person.employeeNumber,
      person.name,
      person.email,
      person.jobTitle,
      person.team ?? '',
      person.currentPensionScheme,
      person.contractType,
      person.contractEndDate ?? '',
      person.continuousServiceStart,
      datesOfBirth[index] ?? '',
      index === 0 ? 'Written warning, March 2025' : '',
      index === 1 ? 'Tribunal claim (unfair deduction), lodged 2025' : '',
      'NJC Green Book',
    ]
      .map(quoted)
      .join(','),
  );
  return [header, ...lines].join('\n');
}

describe('Journey: employee liability information', () => {
  let hr: ReturnType<typeof api>;
  let today: string;
  let given: { id: string; people: RosterRowFixture[] };
  let late: { id: string };

  const createTransfer = async (
    name: string,
    transfereeContact: typeof contact,
    people: RosterRowFixture[],
  ) => {
    const created = await hr.post('/api/transfers', {
      ...pensionTransferInput(today, addDays, name),
      transfereeContact,
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const imported = await hr.post(`/api/transfers/${id}/staff`, csvOf(people), 'text/csv');
    expect(imported.status).toBe(200);
    expect((await hr.post(`/api/transfers/${id}/launch`)).status).toBe(202);
    await waitFor(`${name}: launched`, async () =>
      (await hr.get(`/api/transfers/${id}`)).json?.launch?.status === 'done' ? true : undefined,
    );
    return id;
  };

  beforeAll(async () => {
    hr = api(await tokenFor('hr', hrEmail));
    today = await localToday();
    const people = rosterRows(3);
    given = { id: await createTransfer('ELI given (test)', contact, people), people };
    late = { id: await createTransfer('ELI not given (test)', otherContact, rosterRows(2)) };
  });

  it('keeps dates of birth out of the case, the staff list and elections.csv', async () => {
    // Prepare
    const [first] = given.people as [RosterRowFixture];

    // Act
    const staffCase = await hr.get(`/api/transfers/${given.id}/staff/${first.employeeNumber}`);
    const list = await hr.get(`/api/transfers/${given.id}/staff`);
    const elections = await hr.get(`/api/transfers/${given.id}/elections.csv`);
    const transfer = await hr.get(`/api/transfers/${given.id}`);

    // Assess
    for (const answer of [staffCase, list, elections, transfer]) {
      expect(answer.status).toBe(200);
      for (const date of datesOfBirth) expect(answer.text).not.toContain(date);
      expect(answer.text).not.toContain('Written warning');
    }
  });

  it('gives the ELI to the transferee contact by a link whose downloads are recorded', async () => {
    // Prepare
    const agreements = await hr.raw('PUT', `/api/transfers/${given.id}/collective-agreements`, {
      text: 'Recognition agreement with UNISON, 2019',
    });
    expect(agreements.status).toBe(200);

    // Act
    const answer = await hr.post(`/api/transfers/${given.id}/eli`);
    const emails = await waitFor('the ELI email', async () => {
      const found = await outbox(contact.email);
      return found.length > 0 ? found : undefined;
    });
    const link = emails[0]?.text.match(/https?:\/\/\S+\/forms\/eli\/[A-Za-z0-9_.-]*[A-Za-z0-9_-]/)?.[0] ?? '';
    const page = await fetch(link);
    const pageHtml = await page.text();
    const csv = await fetch(`${link}/information.csv`);
    const csvText = await csv.text();
    const pdf = await fetch(`${link}/information.pdf`);
    const tampered = await fetch(`${link.slice(0, -4)}AAAA`);
    const status = await hr.get(`/api/transfers/${given.id}/eli`);

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ status: 'given', givenTo: contact, people: 3 });
    expect(page.status).toBe(200);
    expect(pageHtml).toContain('Employee liability information');
    expect(csv.status).toBe(200);
    expect(csvText).toContain('1980-05-17');
    expect(csvText).toContain('Written warning, March 2025');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(tampered.status).toBe(404);
    expect(status.json).toMatchObject({
      status: 'given',
      downloads: [{ file: 'information.csv' }, { file: 'information.pdf' }],
      updates: [],
    });
  });

  it('sends the transferee an update notice when someone objects after the ELI was given', async () => {
    // Prepare
    const objector = given.people[2] as RosterRowFixture;

    // Act
    const objection = await hr.post(`/api/transfers/${given.id}/staff/${objector.employeeNumber}/objection`, {
      receivedOn: today,
    });
    const notices = await waitFor('the update notice', async () => {
      const found = (await outbox(contact.email)).filter((email) =>
        /^Update to the employee/.test(email.subject),
      );
      return found.length > 0 ? found : undefined;
    });
    const status = await hr.get(`/api/transfers/${given.id}/eli`);

    // Assess
    expect(objection.status).toBe(200);
    expect(notices[0]?.text).toContain(objector.employeeNumber);
    expect(notices[0]?.text).not.toContain((given.people[0] as RosterRowFixture).employeeNumber);
    expect(status.json.updates).toEqual([
      expect.objectContaining({ reason: 'objection', employeeNumber: objector.employeeNumber }),
    ]);
  });

  it('escalates to HR at T-28 when the ELI was not given, and not when it was', async () => {
    // Prepare: both transfers are 70 days away; T-28 is 42 days from today
    const transferDate = addDays(today, 70);

    // Act
    await moveClockTo(addDays(transferDate, -28));
    const escalations = await waitFor('the escalation', async () => {
      const found = (await outbox(hrEmail)).filter((email) =>
        /^Late: employee liability/.test(email.subject),
      );
      return found.length > 0 ? found : undefined;
    });
    const givenTransfer = await waitFor('the given transfer milestone done', async () => {
      const transfer = (await hr.get(`/api/transfers/${given.id}`)).json;
      const milestone = transfer.milestones.find(
        (m: { kind: string }) => m.kind === 'liability-information-due',
      );
      return milestone?.status === 'done' ? milestone : undefined;
    });

    // Assess
    expect(escalations.map((email) => email.subject)).toEqual([
      expect.stringContaining('ELI not given (test)'),
    ]);
    expect(givenTransfer).toMatchObject({ status: 'done', sent: 0, reason: 'given' });
    expect(late.id).toBeTruthy();
  });
});
