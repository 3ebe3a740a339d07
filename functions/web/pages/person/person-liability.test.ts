import { describe, expect, it } from 'vitest';
import { hr, transferId } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import {
  expectFieldErrors,
  expectRecordedForPerson,
  personUrl,
  usePersonPage,
} from '../../../../test/fixtures/person-pages.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';

const liabilityUrl = `${personUrl}/liability-information`;

/** The liability form as HR fills it in: the date of birth in three boxes and the three texts. */
const liabilityForm = (
  [day, month, year]: [string, string, string],
  texts: { disciplinaryGrievance?: string; claims?: string; collectiveAgreements?: string } = {},
) => ({
  'dateOfBirth-day': day,
  'dateOfBirth-month': month,
  'dateOfBirth-year': year,
  disciplinaryGrievance: texts.disciplinaryGrievance ?? '',
  claims: texts.claims ?? '',
  collectiveAgreements: texts.collectiveAgreements ?? '',
});

describe('Page: person, employee liability information form', () => {
  const { dashboard } = usePersonPage('');
  const postLiability = async (form: Record<string, string>) =>
    (await dashboard.visit(personUrl)).post(liabilityUrl, form);

  it("shows the person's fields only in the form, filled in with what is recorded", async () => {
    // Prepare
    dashboard.liability.person.mockResolvedValue({
      dateOfBirth: '1980-03-14',
      disciplinaryGrievance: 'Written warning, March 2025',
      claims: 'Tribunal claim for unpaid overtime',
    });

    // Act
    const result = await dashboard.send({ method: 'GET', url: personUrl });

    // Assess
    const html = browser.bodyOf(result);
    expect(dashboard.liability.person).toHaveBeenCalledWith(transferId, 'E1001', hr);
    expect(html).toContain(`action="${liabilityUrl}"`);
    expect(html).toMatch(/name="dateOfBirth-day" type="text" value="14"/);
    expect(html).toMatch(/name="dateOfBirth-month" type="text" value="3"/);
    expect(html).toMatch(/name="dateOfBirth-year" type="text" value="1980"/);
    // Each value once, inside its textarea: nowhere else on the page.
    expect(html.split('Written warning, March 2025')).toHaveLength(2);
    expect(html).toContain('>Written warning, March 2025</textarea>');
    expect(html.split('Tribunal claim for unpaid overtime')).toHaveLength(2);
    expect(html).toContain('>Tribunal claim for unpaid overtime</textarea>');
    expect(html).not.toContain('1980-03-14');
    expect(html).not.toContain('14 March 1980');
  });

  it('records the fields, empty ones clearing, and says so on the person page', async () => {
    // Act
    const result = await postLiability(
      liabilityForm(['14', '3', '1980'], { claims: 'Tribunal claim\r\nfor unpaid overtime' }),
    );

    // Assess
    expectRecordedForPerson(result, dashboard.liability.correctPerson, {
      dateOfBirth: '1980-03-14',
      disciplinaryGrievance: '',
      claims: 'Tribunal claim\nfor unpaid overtime',
      collectiveAgreements: '',
    });
    browser.expectToSay(
      await dashboard.send({ method: 'GET', url: personUrl, cookies: browser.cookiesFrom(result) }),
      [
        "Employee liability information saved. If it was already given, the transferee's contact has been sent an update notice.",
      ],
    );
  });

  it('clears the date of birth when its three boxes are left empty', async () => {
    // Act
    const result = await postLiability(liabilityForm(['', '', '']));

    // Assess
    expectRecordedForPerson(result, dashboard.liability.correctPerson, {
      dateOfBirth: '',
      disciplinaryGrievance: '',
      claims: '',
      collectiveAgreements: '',
    });
  });

  it('shows bad input in the error summary, as typed, and stores nothing', async () => {
    // Act
    const result = await postLiability(
      liabilityForm(['31', '2', '1980'], {
        disciplinaryGrievance: 'x'.repeat(2001),
        claims: 'Kept as typed',
      }),
    );

    // Assess
    expectFieldErrors(result, [
      { href: '#dateOfBirth-day', text: 'The date of birth must be a real date' },
      {
        href: '#disciplinaryGrievance',
        text: 'The disciplinary and grievance matters must be 2,000 characters or fewer',
      },
    ]);
    expect(browser.inlineErrors(browser.bodyOf(result))).toHaveLength(2);
    expect(browser.bodyOf(result)).toContain('>Kept as typed</textarea>');
    expect(browser.bodyOf(result)).toMatch(/name="dateOfBirth-day" type="text" value="31"/);
    expect(dashboard.liability.correctPerson).not.toHaveBeenCalled();
  });

  it("shows the service's refusal (a date of birth of someone too young) on the date", async () => {
    // Prepare
    dashboard.liability.correctPerson.mockRejectedValue(
      refusedFields('The liability information has errors', {
        dateOfBirth: 'The date of birth must be of someone at least 14 years old',
      }),
    );

    // Act
    const result = await postLiability(liabilityForm(['1', '1', '2020']));

    // Assess
    expectFieldErrors(result, [
      { href: '#dateOfBirth-day', text: 'The date of birth must be of someone at least 14 years old' },
    ]);
  });

  it('offers no form once the transfer is closed', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ status: 'completed' }));

    // Act
    const result = await dashboard.send({ method: 'GET', url: personUrl });

    // Assess
    expect(browser.bodyOf(result)).not.toContain(liabilityUrl);
    expect(dashboard.liability.person).not.toHaveBeenCalled();
  });
});
