/**
 * The evidence pack and the exports of a small transfer, through the local stack's HTTP API: a roster is
 * imported and launched with a consultation opening that day, people choose on the form, the consultation's
 * invitations go out, and then the PDF's text (read back with pdf-parse) and the CSV exports are checked
 * against what the API says is stored. The clock is never moved.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, type RosterRowFixture, rosterCsv, rosterRows } from '../fixtures/rosters.ts';
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
import { pdfText } from './support/pdf-text.ts';

interface StaffItem {
  employeeNumber: string;
  name: string;
  status: string;
  election?: { option: string; how: string; at: string };
}

interface CaseAnswer extends StaffItem {
  history: Array<{ action: string; by: string }>;
  notifications: Array<{ purpose: string; subject: string; status: string }>;
}

interface ConsultationAnswer {
  id: string;
  title: string;
  status: string;
  public: boolean;
  invited: number;
  responded: number;
  publicResponses: number;
}

const rosterSize = 6;

describe('Journey: HR downloads the evidence pack and the exports of a transfer', () => {
  let token: string;
  let hr: ReturnType<typeof api>;
  let transferId: string;
  let people: RosterRowFixture[];
  const name = `Evidence pack test ${randomUUID().slice(0, 8)}`;
  const choices = new Map<string, string>();
  let consultation: ConsultationAnswer;

  const evidence = (query = '', id = transferId) =>
    fetch(`${baseUrl()}/api/transfers/${id}/evidence${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    token = await tokenFor('hr', 'hr.evidence@example.org');
    hr = api(token);
    const today = await localToday();
    people = rosterRows(rosterSize);
    // The transfer's own consultation opens today, so a sweep sends its invitations without moving the clock.
    const created = await hr.post('/api/transfers', {
      ...pensionTransferInput(today, addDays, name),
      consultation: { opensOn: today, closesOn: addDays(today, 20) },
    });
    transferId = created.json.id;
    await hr.post(`/api/transfers/${transferId}/staff`, rosterCsv(people), 'text/csv');
    await hr.post(`/api/transfers/${transferId}/launch`);
    await waitFor('the invitations', async () => {
      const transfer = (await hr.get(`/api/transfers/${transferId}`)).json;
      // Recorded invited first, then emailed: the launch is done once every link went out.
      return transfer.counts.invited === rosterSize && transfer.launch?.status === 'done'
        ? transfer
        : undefined;
    });
    // Two people choose on the form; one of them changes their mind.
    const emails = await outbox();
    const invitationTo = (person: RosterRowFixture) =>
      emails.find(
        (email) => email.to.includes(person.email) && email.text.includes('/forms/pension/'),
      ) as OutboxEmail;
    for (const [person, option] of [
      [people[0], 'NHSPS'],
      [people[1], 'LGPS'],
      [people[1], 'NHSPS'],
      [people[2], 'LGPS'],
    ] as Array<[RosterRowFixture, string]>) {
      const link = pensionLinkIn(invitationTo(person));
      const form = await openForm(link);
      const answer = await submitForm(
        `${link}/confirm`,
        { employeeNumber: person.employeeNumber, option, _csrf: form.csrf },
        form.cookie,
      );
      expect([200, 303]).toContain(answer.status);
      choices.set(person.employeeNumber, option);
    }
    const listed = (await hr.get('/api/consultations')).json as {
      items: Array<{ id: string; title: string }>;
    };
    const consultationId = listed.items.find((item) => item.title.includes(name))?.id;
    expect(consultationId).toBeDefined();
    await sweep();
    consultation = await waitFor('the consultation to open', async () => {
      const answer = (await hr.get(`/api/consultations/${consultationId}`)).json as ConsultationAnswer;
      return answer.status === 'open' && answer.invited === rosterSize ? answer : undefined;
    });
    // Every invitation recorded as sent in the ledger, as the pack counts them.
    const invitationsRow = `<th scope="row">Invitations</th><td class="number">${rosterSize}</td><td class="number">0</td>`;
    await waitFor('the consultation invitations in the pack', async () =>
      (await (await evidence('?format=html')).text()).includes(invitationsRow) ? true : undefined,
    );
  });

  it('answers a PDF whose text agrees with the stored transfer, people, elections, emails, audit and consultation', async () => {
    // Act
    const response = await evidence();
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(response.status, pdf.toString('utf8', 0, 300)).toBe(200);
    const text = await pdfText(pdf);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="evidence-${name.toLowerCase().replaceAll(' ', '-')}.pdf"`,
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain(name);
    expect(text).toMatch(/Page 1 of \d+/);
    const staff = (await hr.get(`/api/transfers/${transferId}/staff?limit=500`)).json.items as StaffItem[];
    expect(staff).toHaveLength(rosterSize);
    for (const person of staff) {
      const stored = (await hr.get(`/api/transfers/${transferId}/staff/${person.employeeNumber}`))
        .json as CaseAnswer;
      expect(text).toContain(`${person.employeeNumber} – ${person.name}`);
      for (const notification of stored.notifications) {
        expect(text).toContain(notification.subject);
        expect(text).toContain(notification.purpose.replaceAll('-', ' ').replace(/#(v?\d+)$/, ' ($1)'));
      }
      if (person.election) {
        expect(person.election.option).toBe(choices.get(person.employeeNumber));
        const label =
          person.election.option === 'NHSPS'
            ? 'Join the NHS Pension Scheme'
            : 'Stay in the Local Government Pension Scheme';
        expect(text).toContain(`${person.election.option} – ${label}. Chosen by the person`);
      } else {
        expect(choices.has(person.employeeNumber)).toBe(false);
      }
    }
    // The change of mind is in the history, as an elected and an election-changed entry.
    expect(text).toContain('election changed');
    for (const action of ['created', 'staff imported', 'launched']) expect(text).toContain(action);
    expect(text).toContain('hr.evidence@example.org');
    expect(text).toMatch(new RegExp(`People on the roster ${rosterSize}\\b`));
    expect(text).toMatch(/People with a pension election 3\b/);
    // The consultation record, in counts only.
    expect(text).toContain(`5. Consultation ${consultation.title}`);
    expect(text).toContain('Public No, invited people only');
    expect(text).toContain(
      `Invited ${consultation.invited} Invited people who responded ${consultation.responded} Public responses ${consultation.publicResponses}`,
    );
    expect(text).toContain(`Invitations ${rosterSize} 0 Reminders 0 0 Outcome emails 0 0`);
    expect(text).toContain('Outcome No outcome recorded yet');
    expect(text).toMatch(/Consultations 1\b/);
    // Every date a reader meets is in words: no machine date such as 2026-12-01 anywhere in the PDF.
    expect(text.match(/.{0,40}\d{4}-\d{2}-\d{2}.{0,40}/g) ?? []).toEqual([]);
  });

  it('answers the printable HTML it renders the PDF from with ?format=html', async () => {
    // Act
    const response = await evidence('?format=html');
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain(`<h1>${name}</h1>`);
    for (const person of people)
      expect(html).toContain(`<caption>History of ${person.employeeNumber}</caption>`);
  });

  it('answers a clear 4xx for a format it does not make and for a transfer that does not exist', async () => {
    // Act
    const badFormat = await evidence('?format=docx');
    const unknown = await evidence('', randomUUID());

    // Assess
    expect(badFormat.status).toBe(422);
    expect(badFormat.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });

  it("exports each fund's list and the payroll changes in agreement with the staff list", async () => {
    // Prepare
    const staff = (await hr.get(`/api/transfers/${transferId}/staff?limit=500`)).json.items as StaffItem[];
    const rowsOf = async (exportName: string) => {
      const answer = await hr.get(`/api/transfers/${transferId}/exports/${exportName}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      return parse(answer.text, { columns: true, bom: true }) as Array<Record<string, string>>;
    };

    // Act
    const lgps = await rowsOf('scheme-LGPS.csv');
    const nhsps = await rowsOf('scheme-NHSPS.csv');
    const payroll = await rowsOf('payroll-changes.csv');

    // Assess
    const numbersWith = (option: string) =>
      staff
        .filter((person) => person.election?.option === option)
        .map((person) => person.employeeNumber)
        .sort();
    expect(lgps.map((row) => row.employeeNumber)).toEqual(numbersWith('LGPS'));
    expect(nhsps.map((row) => row.employeeNumber)).toEqual(numbersWith('NHSPS'));
    expect(nhsps.map((row) => row.employeeNumber)).toEqual(
      [people[0], people[1]].map((person) => person?.employeeNumber).sort(),
    );
    expect(nhsps[0]).toMatchObject({ electionOption: 'NHSPS', how: 'staff', currentScheme: 'LGPS' });
    expect(payroll.map((row) => row.employeeNumber)).toEqual(
      staff.map((person) => person.employeeNumber).sort(),
    );
    const first = people[0] as RosterRowFixture;
    expect(payroll.find((row) => row.employeeNumber === first.employeeNumber)).toMatchObject({
      name: first.name,
      jobTitle: first.jobTitle,
      team: first.team,
      fromEmployer: 'Staffordshire County Council',
      toEmployer: 'Midlands Partnership NHS Foundation Trust',
      pensionScheme: 'NHSPS',
      contractType: first.contractType,
      continuousServiceStart: first.continuousServiceStart,
      managerEmail: first.managerEmail,
    });
  });

  it('answers 404 for an export it does not make and for an option the transfer does not offer', async () => {
    // Act
    const unknownName = await hr.get(`/api/transfers/${transferId}/exports/everyone.xlsx`);
    const unknownOption = await hr.get(`/api/transfers/${transferId}/exports/scheme-USS.csv`);

    // Assess
    expect(unknownName.status).toBe(404);
    expect(unknownName.json.status).toBe(404);
    expect(unknownOption.status).toBe(404);
    expect(unknownOption.json.detail).toContain('USS');
  });
});
