import { describe, expect, it, type Mocked, vi } from 'vitest';
import { expectAskedAgain, expectLinkFormPage, useLinkForm } from '../../../../test/fixtures/link-forms.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { refusedFields } from '../../../../test/fixtures/refused-fields.ts';
import type { ContractDecision } from '../../../domain/contract.ts';
import { ConflictError } from '../../../domain/errors.ts';
import { createHandler } from '../../../handlers/renewal-form.ts';
import type { ContractService, DecisionResult, RenewalFormContext } from '../../../services/contracts.ts';

const token = 'eyJwIjoicmVuZXdhbCJ9.c2lnbmF0dXJl';

/** The value a text input shows, found by its id. */
function inputValue(html: string, id: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
  return /\svalue="([^"]*)"/.exec(input)?.[1];
}

const openForm: RenewalFormContext = {
  contractId: 'c-1',
  title: 'Social worker, fixed term',
  kind: 'employment',
  parties: ['Staffordshire County Council', 'A. Worker'],
  employeeNumber: 'E1001',
  startDate: '2025-04-01',
  endDate: '2026-09-30',
  noticeDeadline: '2026-08-31',
  noticeDeadlinePassed: false,
  requiresConsultation: false,
  open: true,
};

const renewed: ContractDecision = {
  decision: 'renew',
  newEndDate: '2027-09-30',
  by: 'manager@example.org',
  at: '2026-07-01T13:05:00.000Z',
  via: 'form',
  status: 'applied',
};

function decisionResult(overrides: Partial<DecisionResult> = {}): DecisionResult {
  return { contract: {} as DecisionResult['contract'], warnings: [], ...overrides };
}

function fakeContracts(): Mocked<ContractService> {
  return {
    openRenewalLink: vi.fn(async () => openForm),
    decideByLink: vi.fn(async () => decisionResult({ renewedAs: 'c-2' })),
  } as unknown as Mocked<ContractService>;
}

describe('Function: renewal-form', () => {
  const { contracts, send, arrive, submit } = useLinkForm('renewal', token, createHandler, {
    contracts: fakeContracts,
  });

  const dateFields = (day: string, month: string, year: string) => ({
    'newEndDate-day': day,
    'newEndDate-month': month,
    'newEndDate-year': year,
  });

  describe('the question page', () => {
    it('shows the contract, its term and the decide-by date, and asks renew or end', async () => {
      // Act
      const result = await send({ method: 'GET' });

      // Assess
      const html = expectLinkFormPage(result, 'Renew or end this contract', [
        'Contract Social worker, fixed term',
        'Type Fixed-term employment contract',
        'Parties Staffordshire County Council A. Worker',
        'Employee number E1001',
        'Current term Tuesday 1 April 2025 to Wednesday 30 September 2026',
        'Decide by Monday 31 August 2026',
      ]);
      expect(html).toMatch(/id="decision" name="decision" type="radio" value="renew"/);
      expect(html).toMatch(/id="decision-2" name="decision" type="radio" value="end"/);
      expect(browser.hasElementWithId(html, 'newEndDate-day')).toBe(true);
      expect(html).toContain('name="newEndDate-month"');
      expect(html).toContain('name="newEndDate-year"');
      expect(contracts.openRenewalLink).toHaveBeenCalledWith(token);
    });

    it('carries the privacy notice naming the first party as holding the data', async () => {
      // Act
      const text = browser.textOf(browser.bodyOf(await send({ method: 'GET' })));

      // Assess
      expect(text).toContain(
        'How we use your information Staffordshire County Council holds the information you give on this form. ' +
          'It is used to record whether Social worker, fixed term is renewed or ends',
      );
      expect(text).toContain('It is kept for six years after the contract ends, then deleted.');
    });

    it('says plainly that the decide-by date has passed, instead of asking to decide by it', async () => {
      // Prepare
      contracts.openRenewalLink.mockResolvedValue({ ...openForm, noticeDeadlinePassed: true });

      // Act
      const text = browser.textOf(browser.bodyOf(await send({ method: 'GET' })));

      // Assess
      expect(text).toContain(
        'The date to decide by, Monday 31 August 2026, has passed and HR has been told. Decide now: this contract ends on Wednesday 30 September 2026.',
      );
      expect(text).not.toContain('HR will be told');
    });

    it('leaves out the employee number of an agreement and says it is consulted on before renewal', async () => {
      // Prepare
      const { employeeNumber: _none, ...withoutEmployee } = openForm;
      contracts.openRenewalLink.mockResolvedValue({
        ...withoutEmployee,
        kind: 'agreement',
        title: 'Section 75 partnership agreement',
        requiresConsultation: true,
      });

      // Act
      const text = browser.textOf(browser.bodyOf(await send({ method: 'GET' })));

      // Assess
      expect(text).toContain('Type Agreement between organisations');
      expect(text).not.toContain('Employee number');
      expect(text).toContain('It must be consulted on first');
    });

    it('asks again with an error linked to the radios when nothing is chosen', async () => {
      // Act
      const result = await submit(undefined, {});

      // Assess
      expectAskedAgain(result, 'Renew or end this contract', [
        { href: '#decision', text: 'Select whether to renew or end the contract' },
      ]);
      expect(browser.hasElementWithId(browser.bodyOf(result), 'decision')).toBe(true);
      expect(browser.setCookieNamed(result, 'td_renewal')).toBeUndefined();
    });

    it.each<[string, [string, string, string], string, string]>([
      ['no new end date', ['', '', ''], 'Enter the new end date', 'newEndDate-day'],
      [
        'a date without a month',
        ['30', '', '2027'],
        'The new end date must include a day, month and year',
        'newEndDate-month',
      ],
      ['31 February', ['31', '2', '2027'], 'The new end date must be a real date', 'newEndDate-day'],
      ['letters', ['last', 'day', 'ever'], 'The new end date must be a real date', 'newEndDate-day'],
      [
        'the current end date',
        ['30', '9', '2026'],
        'The new end date must be after Wednesday 30 September 2026',
        'newEndDate-day',
      ],
    ])('links the error to the date input when renewing with %s', async (_case, date, message, target) => {
      // Act
      const result = await submit(undefined, { decision: 'renew', ...dateFields(...date) });

      // Assess
      const html = browser.bodyOf(result);
      expectAskedAgain(result, 'Renew or end this contract', [{ href: `#${target}`, text: message }]);
      expect(browser.hasElementWithId(html, target)).toBe(true);
      expect(html).toMatch(/value="renew" checked/);
      expect(contracts.decideByLink).not.toHaveBeenCalled();
    });

    it('marks only the missing part of an incomplete date and keeps what was typed', async () => {
      // Act
      const html = browser.bodyOf(
        await submit(undefined, { decision: 'renew', ...dateFields('30', '', '2027') }),
      );

      // Assess
      expect(html).toMatch(/govuk-input--width-2 govuk-input--error" id="newEndDate-month"/);
      expect(html).not.toMatch(/govuk-input--error" id="newEndDate-day"/);
      expect(inputValue(html, 'newEndDate-day')).toBe('30');
    });

    it('goes on to the check page with the answers once they are complete', async () => {
      // Act
      const result = await submit(undefined, { decision: 'renew', ...dateFields('30', '9', '2027') });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe(`/forms/renewal/${token}/check`);
      const answers = browser.setCookieNamed(result, 'td_renewal') ?? '';
      expect(answers).toContain(`Path=/forms/renewal/${token}`);
      expect(answers).toContain('HttpOnly');
      expect(contracts.decideByLink).not.toHaveBeenCalled();
    });

    it('ignores a half-typed date when the choice is to let the contract end', async () => {
      // Act
      const result = await submit(undefined, { decision: 'end', ...dateFields('30', '', '') });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe(`/forms/renewal/${token}/check`);
    });
  });

  describe('checking and confirming', () => {
    const afterQuestion = async (form: Record<string, string>) => {
      const visit = await arrive();
      const answered = await visit.post(undefined, form);
      expect(answered.headers?.location).toBe(`/forms/renewal/${token}/check`);
      return visit;
    };
    /**
     * Confirms `form` on `visit` and expects the redirect to the confirmation page, then opens that page once
     * the link shows the contract `decided`.
     */
    const confirmThenOpen = async (
      visit: Awaited<ReturnType<typeof arrive>>,
      form: Record<string, string>,
      decided: Partial<RenewalFormContext>,
    ) => {
      const confirmed = await visit.post('confirm', form);
      expect(confirmed.statusCode).toBe(303);
      expect(confirmed.headers?.location).toBe(`/forms/renewal/${token}/confirmation`);
      contracts.openRenewalLink.mockResolvedValue({ ...openForm, open: false, ...decided });
      const page = await visit.open('confirmation');
      return { page, html: browser.bodyOf(page), text: browser.textOf(browser.bodyOf(page)) };
    };

    it('shows the answers with Change links and a form that carries every answer', async () => {
      // Prepare
      const visit = await afterQuestion({ decision: 'renew', ...dateFields('30', '9', '2027') });

      // Act
      const result = await visit.open('check');

      // Assess
      const html = expectLinkFormPage(result, 'Check your answers before confirming your decision', [
        'Decision Renew it Change decision',
        'New end date Thursday 30 September 2027 Change new end date',
        'A new term will be created that runs until Thursday 30 September 2027',
      ]);
      expect(html).toContain(`action="/forms/renewal/${token}/confirm"`);
      expect(browser.hiddenField(html, 'decision')).toBe('renew');
      expect(browser.hiddenField(html, 'newEndDate')).toBe('2027-09-30');
      expect(browser.hiddenField(html, '_csrf')).toBe(visit.csrf);
    });

    it('warns of the four-year rule on the check page, before the decision is confirmed', async () => {
      // Prepare: continuous service from 1 April 2023 reaches four years on 1 April 2027.
      contracts.openRenewalLink.mockResolvedValue({ ...openForm, continuousServiceStart: '2023-04-01' });
      const visit = await afterQuestion({ decision: 'renew', ...dateFields('30', '9', '2027') });

      // Act
      const text = browser.textOf(browser.bodyOf(await visit.open('check')));

      // Assess
      expect(text).toContain('reaches four years on 1 April 2027, before the new end date 30 September 2027');
      expect(text).toContain('HR will be told to record the justification.');
      expect(contracts.decideByLink).not.toHaveBeenCalled();
    });

    it('shows the question again with the earlier answers when the manager goes back to change them', async () => {
      // Prepare
      const visit = await afterQuestion({ decision: 'renew', ...dateFields('30', '9', '2027') });

      // Act
      const html = browser.bodyOf(await visit.open(undefined));

      // Assess
      expect(html).toMatch(/value="renew" checked/);
      expect(inputValue(html, 'newEndDate-day')).toBe('30');
      expect(inputValue(html, 'newEndDate-year')).toBe('2027');
    });

    it('sends someone with no answers from the check page back to the question', async () => {
      // Act
      const result = await send({ method: 'GET', step: 'check' });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe(`/forms/renewal/${token}`);
    });

    it('records a renewal, then shows the decision the service recorded', async () => {
      // Prepare
      const visit = await afterQuestion({ decision: 'renew', ...dateFields('30', '9', '2027') });

      // Act
      const { page } = await confirmThenOpen(
        visit,
        { decision: 'renew', newEndDate: '2027-09-30' },
        { latestDecision: renewed },
      );

      // Assess
      expect(contracts.decideByLink).toHaveBeenCalledExactlyOnceWith(token, {
        decision: 'renew',
        newEndDate: '2027-09-30',
      });
      const html = expectLinkFormPage(page, 'Contract renewed', [
        'Contract renewed New end date Thursday 30 September 2027',
        'A new term has been created that runs until Thursday 30 September 2027',
      ]);
      expect(html).toContain('govuk-panel');
      expect(html).not.toContain('govuk-warning-text');
    });

    it('warns that HR has been told when the renewal passes four years of fixed-term service', async () => {
      // Prepare
      const visit = await arrive();
      contracts.decideByLink.mockResolvedValue(
        decisionResult({
          renewedAs: 'c-2',
          warnings: [{ code: 'FIXED_TERM_FOUR_YEAR_RULE', message: 'Four years', at: renewed.at }],
        }),
      );

      // Act
      const { html, text } = await confirmThenOpen(
        visit,
        { decision: 'renew', newEndDate: '2029-09-30' },
        { latestDecision: { ...renewed, newEndDate: '2029-09-30' } },
      );

      // Assess
      expect(html).toContain('govuk-warning-text');
      expect(text).toContain(
        "Warning This renewal takes the employee's continuous fixed-term service past four years. HR has been told",
      );
    });

    it('says a consultation comes first when the agreement requires one', async () => {
      // Prepare
      const visit = await arrive();
      contracts.decideByLink.mockResolvedValue(decisionResult({ consultationId: 'k-1' }));

      // Act
      const { text } = await confirmThenOpen(
        visit,
        { decision: 'renew', newEndDate: '2027-09-30' },
        {
          kind: 'agreement',
          requiresConsultation: true,
          latestDecision: { ...renewed, status: 'awaiting-consultation', consultationId: 'k-1' },
        },
      );

      // Assess
      expect(
        browser.phrasesMissingFrom(text, [
          'Renewal recorded: a consultation comes first',
          'a consultation has been opened',
          'The renewal takes effect when HR records the outcome of the consultation',
        ]),
      ).toEqual([]);
    });

    it('records an ending posted directly, with no earlier pages, and says the reminders stop', async () => {
      // Act
      const { text } = await confirmThenOpen(
        await arrive(),
        { decision: 'end', newEndDate: '' },
        {
          latestDecision: { decision: 'end', by: 'manager', at: renewed.at, via: 'form', status: 'applied' },
        },
      );

      // Assess
      expect(contracts.decideByLink).toHaveBeenCalledExactlyOnceWith(token, { decision: 'end' });
      expect(text).toContain(
        'Decision recorded: the contract will end It ends on Wednesday 30 September 2026',
      );
      expect(text).toContain('You will get no more reminders about it.');
    });

    it.each([
      [
        'no decision',
        { newEndDate: '2027-09-30' },
        '#decision',
        'Select whether to renew or end the contract',
      ],
      [
        'an unknown decision',
        { decision: 'extend' },
        '#decision',
        'Select whether to renew or end the contract',
      ],
      ['no new end date', { decision: 'renew' }, '#newEndDate-day', 'Enter the new end date'],
      [
        'a date that is not YYYY-MM-DD',
        { decision: 'renew', newEndDate: '30/09/2027' },
        '#newEndDate-day',
        'The new end date must be a real date',
      ],
      [
        'a date that does not exist',
        { decision: 'renew', newEndDate: '2027-02-30' },
        '#newEndDate-day',
        'The new end date must be a real date',
      ],
      [
        'a date before the end',
        { decision: 'renew', newEndDate: '2026-01-01' },
        '#newEndDate-day',
        'The new end date must be after Wednesday 30 September 2026',
      ],
    ])('refuses a direct confirmation with %s and records nothing', async (_case, form, href, text) => {
      // Act
      const result = await submit('confirm', form);

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({ status: 422, summary: [{ href, text }] });
      expect(browser.hasElementWithId(browser.bodyOf(result), href.slice(1))).toBe(true);
      expect(contracts.decideByLink).not.toHaveBeenCalled();
    });

    it("shows the service's own reason when it refuses the new end date", async () => {
      // Prepare
      const message = 'The new end date must be in 2028 or earlier: later bank holidays are not known yet';
      contracts.decideByLink.mockRejectedValue(
        refusedFields('The decision has errors', { newEndDate: message }),
      );

      // Act
      const result = await submit('confirm', { decision: 'renew', newEndDate: '2040-01-31' });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [{ href: '#newEndDate-day', text: message }],
      });
      expect(inputValue(browser.bodyOf(result), 'newEndDate-year')).toBe('2040');
      expect(browser.setCookieNamed(result, 'td_renewal')).toBeUndefined();
    });
  });

  describe('refusals that record nothing', () => {
    const decided: RenewalFormContext = { ...openForm, open: false, latestDecision: renewed };
    const heading = 'This contract has already been decided';

    it('says the contract has already been decided (410) when the link is opened again', async () => {
      // Prepare
      contracts.openRenewalLink.mockResolvedValue(decided);

      // Act
      const result = await send({ method: 'GET' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status: 410, heading });
      expect(browser.textOf(browser.bodyOf(result))).toContain(
        'On 1 July 2026 at 2:05pm it was decided to renew it until Thursday 30 September 2027.',
      );
    });

    it('answers 409 to a confirmation once decided and does not ask the service to decide again', async () => {
      // Prepare: the contract is decided once the page is open.
      const isDecided = () => contracts.openRenewalLink.mockResolvedValue(decided);

      // Act
      const result = await submit('confirm', { decision: 'end' }, isDecided);

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status: 409, heading });
      expect(browser.textOf(browser.bodyOf(result))).toContain(
        'The decision you just sent has not been recorded.',
      );
      expect(contracts.decideByLink).not.toHaveBeenCalled();
    });

    it('answers 409 when the service finds the contract decided meanwhile', async () => {
      // Prepare
      contracts.decideByLink.mockImplementation(async () => {
        contracts.openRenewalLink.mockResolvedValue(decided);
        throw new ConflictError('This contract is already renewed: a decision was made');
      });

      // Act
      const result = await submit('confirm', { decision: 'end' });

      // Assess
      expect(browser.pageOf(result)).toMatchObject({ status: 409, heading });
    });
  });
});
