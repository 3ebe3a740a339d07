import { describe, expect, it, type Mocked, vi } from 'vitest';
import { expectAskedAgain, expectLinkFormPage, useLinkForm } from '../../../../test/fixtures/link-forms.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';
import * as errors from '../../../domain/errors.ts';
import type { Election } from '../../../domain/transfer.ts';
import { createHandler } from '../../../handlers/pension-form.ts';
import type { ElectionFormContext, ElectionService } from '../../../services/contracts.ts';

const token = 'eyJwIjoicGVuc2lvbiJ9.c2lnbmF0dXJl';
const employeeNumber = 'E1001';

/** The choice the person made through the form. */
const choseNhsps: Election = { option: 'NHSPS', how: 'staff', at: '2026-07-01T13:05:00.000Z' };

const openForm: ElectionFormContext = {
  transferName: 'Adult social care to the partnership trust',
  transferor: 'Staffordshire County Council',
  transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
  transferDate: '2026-10-01',
  options: [
    { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
    { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
  ],
  defaultOption: 'LGPS',
  electionClosesOn: '2026-08-14',
  open: true,
};

function fakeElections(): Mocked<ElectionService> {
  return {
    openLink: vi.fn(async () => openForm),
    checkEmployeeNumber: vi.fn(async (_token: string, typed: string) => {
      if (typed.toUpperCase() !== employeeNumber)
        throw new errors.EmployeeNumberMismatchError('The employee number does not match');
      return { employeeNumber };
    }),
    confirm: vi.fn(async (_token: string, typed: string, option: string) => {
      if (typed !== employeeNumber)
        throw new errors.EmployeeNumberMismatchError('The employee number does not match');
      return { option, how: 'staff' as const, at: '2026-07-01T13:05:00.000Z' };
    }),
  } as Mocked<ElectionService>;
}

describe('Function: pension-form', () => {
  const { elections, send, arrive, submit } = useLinkForm('pension', token, createHandler, {
    elections: fakeElections,
  });
  /** What the service finds the person has been recorded with, when it checks their employee number. */
  const recordedWith = (currentElection: Election) =>
    elections.checkEmployeeNumber.mockResolvedValue({ employeeNumber, currentElection });

  describe('staff information and return visits', () => {
    it("says on the start page what the person chose and when, with each option's description, guidance and the HR contact", async () => {
      // Prepare
      elections.openLink.mockResolvedValue({
        ...openForm,
        options: [
          {
            code: 'LGPS',
            label: 'Stay in the Local Government Pension Scheme',
            description: 'Keep your LGPS membership and its final salary link.',
            guidanceUrl: 'https://www.lgpsmember.org/',
          },
          { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
        ],
        hrContact: { name: 'People Services', email: 'people@example.org', phone: '01785 276000' },
        currentElection: { option: 'NHSPS', how: 'staff', at: '2026-07-01T13:05:00.000Z' },
      });

      // Act
      const result = await send({ method: 'GET' });

      // Assess
      const text = browser.textOf(String(result.body));
      expect(text).toContain('You chose: Join the NHS Pension Scheme on 1 July 2026 at 2:05pm.');
      expect(text).toContain('You can change your choice until the end of Friday 14 August 2026');
      expect(text).toContain('Keep your LGPS membership and its final salary link.');
      expect(String(result.body)).toContain('href="https://www.lgpsmember.org/"');
      expect(text).toContain('Contact People Services in HR: people@example.org, telephone 01785 276000.');
    });

    it('shows the employee number on the check page as the roster records it, not as typed', async () => {
      // Prepare
      const visit = await arrive();
      await visit.post(undefined, { employeeNumber: employeeNumber.toLowerCase() });
      await visit.post('option', { option: 'NHSPS' });

      // Act
      const check = await visit.open('check');

      // Assess
      const text = browser.textOf(String(check.body));
      expect(text).toContain(`Employee number ${employeeNumber}`);
      expect(text).not.toContain(employeeNumber.toLowerCase());
    });
  });

  describe('the start page', () => {
    it('asks for the employee number and shows the transfer, the new employer and the deadline', async () => {
      // Act
      const result = await send({ method: 'GET' });

      // Assess
      const html = expectLinkFormPage(result, 'Confirm your employee number', [
        openForm.transferName,
        openForm.transferee,
        'Friday 14 August 2026',
      ]);
      expect(browser.hasElementWithId(html, 'employeeNumber')).toBe(true);
      expect(elections.openLink).toHaveBeenCalledWith(token);
    });

    it('carries the privacy notice: the transferor holds the data, what for and how long', async () => {
      // Act
      const text = browser.textOf(browser.bodyOf(await send({ method: 'GET' })));

      // Assess
      expect(text).toContain(
        'How we use your information Staffordshire County Council holds the information you give on this form. ' +
          'It is used to record your pension choice for your move to Staffordshire and Stoke-on-Trent Partnership NHS Trust, ' +
          'and to tell payroll and the pension schemes, and for nothing else. It is kept for six years after the transfer, then deleted.',
      );
    });

    it('is brand-neutral: no crown, no GOV.UK logotype, the service name as text', async () => {
      // Act
      const html = browser.bodyOf(await send({ method: 'GET' }));

      // Assess
      expect(html).not.toMatch(/govuk-logo|govuk-header__logotype|govuk-crest|favicon|GOV\.UK/);
      expect(html).toMatch(/href="\/assets\/transfer-desk.css\?v=[0-9a-f]{12}"/);
      expect(browser.textOf(html)).toMatch(/^Skip to main content Transfer Desk/);
    });

    it('asks again with an inline error when the employee number is left empty', async () => {
      // Act
      const result = await submit(undefined, { employeeNumber: '  ' });

      // Assess
      expectAskedAgain(result, 'Confirm your employee number', [
        { href: '#employeeNumber', text: 'Enter your employee number' },
      ]);
      expect(elections.checkEmployeeNumber).not.toHaveBeenCalled();
    });

    it('says the number does not match, without revealing whose link it is, and records nothing', async () => {
      // Act
      const result = await submit(undefined, { employeeNumber: 'E9999' });

      // Assess
      const html = browser.bodyOf(result);
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [
          { href: '#employeeNumber', text: 'The employee number does not match our records for this link' },
        ],
      });
      expect(html).toContain('value="E9999"');
      expect(html).not.toContain(employeeNumber);
      expect(browser.setCookieNamed(result, 'td_pension')).toBeUndefined();
      expect(elections.confirm).not.toHaveBeenCalled();
    });

    it('goes on to the option page once the number matches', async () => {
      // Act
      const result = await submit(undefined, { employeeNumber });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe(`/forms/pension/${token}/option`);
      const answers = browser.setCookieNamed(result, 'td_pension') ?? '';
      expect(answers).toContain(`Path=/forms/pension/${token}`);
      expect(answers).toContain('HttpOnly');
      expect(answers).toMatch(/Max-Age=\d+/);
    });
  });

  describe('the option page', () => {
    const afterEmployeeNumber = async () => {
      const visit = await arrive();
      await visit.post(undefined, { employeeNumber });
      return visit;
    };

    it('offers each option as a radio and marks the default as what happens if they do nothing', async () => {
      // Prepare
      const visit = await afterEmployeeNumber();

      // Act
      const result = await visit.open('option');

      // Assess
      const html = browser.bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(browser.headingOf(html)).toContain('Which pension scheme do you want to be in?');
      expect(html).toMatch(
        /<input class="govuk-radios__input" id="option" name="option" type="radio" value="LGPS"/,
      );
      expect(html).toMatch(/id="option-2" name="option" type="radio" value="NHSPS"/);
      expect(browser.textOf(html)).toContain(
        'Stay in the Local Government Pension Scheme If you do not choose by Friday 14 August 2026, you will be given this option.',
      );
      expect(html).not.toContain('checked');
    });

    it('selects the current choice when the person comes back to change it', async () => {
      // Prepare
      const visit = await afterEmployeeNumber();
      recordedWith(choseNhsps);

      // Act
      const html = browser.bodyOf(await visit.open('option'));

      // Assess
      expect(html).toMatch(/value="NHSPS" checked/);
      expect(browser.textOf(html)).toContain(
        'You chose: Join the NHS Pension Scheme on 1 July 2026 at 2:05pm.',
      );
    });

    it('asks again with an error when no option is chosen', async () => {
      // Prepare
      const visit = await afterEmployeeNumber();

      // Act
      const result = await visit.post('option', {});

      // Assess
      expect(browser.errorsOf(result)).toEqual({
        status: 422,
        summary: [{ href: '#option', text: 'Select a pension scheme' }],
        inline: ['Select a pension scheme'],
      });
      expect(browser.hasElementWithId(browser.bodyOf(result), 'option')).toBe(true);
    });

    it('sends someone without an employee number back to the start', async () => {
      // Act
      const result = await send({ method: 'GET', step: 'option' });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe(`/forms/pension/${token}`);
    });
  });

  describe('checking and confirming', () => {
    const afterOption = async (option: string) => {
      const visit = await arrive();
      await visit.post(undefined, { employeeNumber });
      const chosen = await visit.post('option', { option });
      expect(chosen.headers?.location).toBe(`/forms/pension/${token}/check`);
      return visit;
    };

    it('shows the answers with Change links and a form that carries every answer', async () => {
      // Prepare
      const visit = await afterOption('NHSPS');

      // Act
      const result = await visit.open('check');

      // Assess
      const html = expectLinkFormPage(result, 'Check your answers before confirming your choice', [
        'Employee number E1001 Change employee number',
        'Pension scheme Join the NHS Pension Scheme Change pension scheme',
      ]);
      expect(html).toContain(`href="/forms/pension/${token}/option"`);
      expect(html).toContain(`action="/forms/pension/${token}/confirm"`);
      expect(browser.hiddenField(html, 'employeeNumber')).toBe(employeeNumber);
      expect(browser.hiddenField(html, 'option')).toBe('NHSPS');
      expect(browser.hiddenField(html, '_csrf')).toBe(visit.csrf);
    });

    it('records the choice, then shows what the service recorded on the confirmation page', async () => {
      // Prepare
      const visit = await afterOption('NHSPS');
      recordedWith(choseNhsps);

      // Act
      const confirmed = await visit.post('confirm', { employeeNumber, option: 'NHSPS' });
      const page = await visit.open('confirmation');

      // Assess
      expect(elections.confirm).toHaveBeenCalledExactlyOnceWith(token, employeeNumber, 'NHSPS', {
        sourceIp: '192.0.2.1',
      });
      expect(confirmed.statusCode).toBe(303);
      expect(confirmed.headers?.location).toBe(`/forms/pension/${token}/confirmation`);
      const html = expectLinkFormPage(page, 'Pension choice recorded', [
        'Pension choice recorded Your choice Join the NHS Pension Scheme',
        'sent you a confirmation email',
        'You can change your choice until Friday 14 August 2026',
      ]);
      expect(html).toContain('govuk-panel');
    });

    it('accepts the confirmation posted directly, with no earlier pages', async () => {
      // Act
      const result = await submit('confirm', { employeeNumber, option: 'LGPS' });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(elections.confirm).toHaveBeenCalledExactlyOnceWith(token, employeeNumber, 'LGPS', {
        sourceIp: '192.0.2.1',
      });
    });

    it("shows the option page with the service's message when the service refuses the option", async () => {
      // Prepare: the option was withdrawn between the pages (the message is the domain's, as the form's).
      elections.confirm.mockRejectedValue(
        refusedFields('Not offered', { option: 'Select a pension scheme' }),
      );

      // Act
      const result = await submit('confirm', { employeeNumber, option: 'LGPS' });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [{ href: '#option', text: 'Select a pension scheme' }],
      });
    });

    it('refuses an option the transfer does not offer without asking the service', async () => {
      // Act
      const result = await submit('confirm', { employeeNumber, option: 'PRIVATE' });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(elections.confirm).not.toHaveBeenCalled();
    });

    it('shows the employee number page again when the service finds the number does not match', async () => {
      // Act
      const result = await submit('confirm', { employeeNumber: 'E2002', option: 'LGPS' });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        inline: ['The employee number does not match our records for this link'],
      });
    });
  });

  describe('refusals that record nothing', () => {
    it('says the election has closed (410) when the form is opened after the deadline', async () => {
      // Prepare
      elections.openLink.mockResolvedValue({ ...openForm, open: false });

      // Act
      const result = await send({ method: 'GET' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({
        status: 410,
        heading: 'The pension election has closed',
      });
      expect(browser.textOf(browser.bodyOf(result))).toContain(
        'you have been given Stay in the Local Government Pension Scheme',
      );
    });

    it('answers 409 to a confirmation after the deadline and says what was recorded for the person', async () => {
      // Prepare: the election closes, giving the default, once the page is open.
      const closes = () => {
        elections.openLink.mockResolvedValue({ ...openForm, open: false });
        recordedWith({ option: 'LGPS', how: 'default', at: '2026-08-15T00:00:00.000Z' });
      };

      // Act
      const result = await submit('confirm', { employeeNumber, option: 'NHSPS' }, closes);

      // Assess
      expect(result.statusCode).toBe(409);
      expect(
        browser.phrasesMissingFrom(browser.textOf(browser.bodyOf(result)), [
          'You did not choose before the deadline, so you have been given Stay in the Local Government Pension Scheme.',
          'The answer you just sent has not been recorded.',
        ]),
      ).toEqual([]);
      expect(elections.confirm).not.toHaveBeenCalled();
    });

    it('answers 409 when the service finds the election closed while confirming', async () => {
      // Prepare
      elections.confirm.mockRejectedValue(new errors.ElectionClosedError('Closed'));

      // Act
      const result = await submit('confirm', { employeeNumber, option: 'NHSPS' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({
        status: 409,
        heading: 'The pension election has closed',
      });
    });

    it('answers 423 on a locked link, saying until when, and records nothing', async () => {
      // Prepare
      elections.confirm.mockRejectedValue(
        new errors.LinkLockedError('This link is locked', { until: '2026-07-01T13:20:00.000Z' }),
      );
      // Act
      const result = await submit('confirm', { employeeNumber, option: 'NHSPS' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({
        status: 423,
        heading: 'You cannot use this link for now',
      });
      const html = browser.bodyOf(result);
      expect(browser.textOf(html)).toContain('You can try again after 2:20pm.');
      expect(browser.textOf(html)).toContain('Nothing you entered has been saved.');
    });

    it('answers 429 when this client typed too many wrong numbers across links', async () => {
      // Prepare
      elections.checkEmployeeNumber.mockRejectedValue(new errors.TooManyAttemptsError('Too many'));

      // Act
      const result = await submit(undefined, { employeeNumber: 'E9' });

      // Assess
      expect(result.statusCode).toBe(429);
      expect(browser.textOf(browser.bodyOf(result))).toContain(
        'Too many wrong employee numbers have been entered from this network',
      );
    });
  });
});
