import { beforeEach, describe, expect, it, vi } from 'vitest';
import { expectAskedAgain, expectLinkFormPage } from '../../../../test/fixtures/link-forms.ts';
import { bodyOf, linkFormRequests, testFormKey, textOf } from '../../../../test/fixtures/page-requests.ts';
import { createHandler } from '../../../handlers/information-duty.ts';
import type {
  InformationDutyService,
  MeasuresFormContext,
} from '../../../services/information-duty-service.ts';
import type { MeasuresFormServices } from './controller.ts';

const token = 'eyJwIjoibWVhc3VyZXMifQ.c2lnbmF0dXJl';

const openForm: MeasuresFormContext = {
  open: true,
  transferName: 'Adult social care to the partnership trust',
  transferor: 'Staffordshire County Council',
  transferee: 'Midlands Partnership NHS Foundation Trust',
  transferDate: '2026-10-01',
  contactName: 'Trust HR',
};

const answered = {
  number: 1,
  none: false,
  measures: 'Payroll moves to the 25th.',
  receivedAt: '2026-07-01T10:00:00.000Z',
  answeredBy: 'trust.hr@example.org',
};

describe('Function: measures-form', () => {
  const duty = {
    openMeasuresLink: vi.fn<MeasuresFormServices['informationDuty']['openMeasuresLink']>(),
    answerMeasuresByLink: vi.fn<MeasuresFormServices['informationDuty']['answerMeasuresByLink']>(),
  };
  const handler = createHandler(
    () => ({ informationDuty: duty as unknown as InformationDutyService }),
    async () => Buffer.from(''),
    async () => {
      throw new Error('The measures form signs no one in');
    },
    testFormKey,
  );
  const { send, submit } = linkFormRequests('measures', token, () => handler);

  beforeEach(() => {
    duty.openMeasuresLink.mockReset().mockResolvedValue(openForm);
    duty.answerMeasuresByLink.mockReset().mockResolvedValue(answered);
  });

  it('asks whether the transferee envisages measures, and which', async () => {
    // Act
    const result = await send({ method: 'GET' });

    // Assess
    const html = expectLinkFormPage(result, 'Measures you envisage for the transfer', [
      'Staff are due to transfer from Staffordshire County Council to Midlands Partnership NHS Foundation Trust on Thursday 1 October 2026.',
      'Does Midlands Partnership NHS Foundation Trust envisage any measures?',
    ]);
    expect(html).toContain('name="none" type="radio" value="no"');
    expect(html).toContain('name="none" type="radio" value="yes"');
    expect(html).toContain('name="measures"');
  });

  it('asks again, recording nothing, when measures are envisaged but not described', async () => {
    // Act
    const result = await submit(undefined, { none: 'no', measures: '' });

    // Assess
    expectAskedAgain(result, 'Measures you envisage for the transfer', [
      {
        href: '#measures',
        text: 'Describe the measures envisaged, or choose that no measures are envisaged',
      },
    ]);
    expect(duty.answerMeasuresByLink).not.toHaveBeenCalled();
  });

  it('shows the answer to check, with it in the form that sends it', async () => {
    // Act
    const result = await submit(undefined, { none: 'no', measures: 'Payroll moves to the 25th.' });

    // Assess
    const html = bodyOf(result);
    expect(result.statusCode).toBe(200);
    expect(textOf(html)).toContain('Check your answer before sending it');
    expect(html).toContain('name="measures" value="Payroll moves to the 25th."');
    expect(duty.answerMeasuresByLink).not.toHaveBeenCalled();
  });

  it('records `none=yes` sent to confirm and goes to the confirmation', async () => {
    // Act
    const result = await submit('confirm', { none: 'yes' });

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe(`/forms/measures/${token}/confirmation`);
    expect(duty.answerMeasuresByLink).toHaveBeenCalledWith(token, { none: 'yes' });
  });

  it('shows the recorded answer on the confirmation page', async () => {
    // Prepare
    duty.openMeasuresLink.mockResolvedValue({ ...openForm, latest: answered });
    const confirmed = await submit('confirm', { measures: 'Payroll moves to the 25th.' });
    const cookie = (confirmed.cookies ?? []).map((value) => value.split(';')[0] ?? '');

    // Act
    const result = await send({ method: 'GET', step: 'confirmation', cookies: cookie });

    // Assess
    expectLinkFormPage(result, 'Answer sent', ['Measures envisaged', 'If your plans change']);
  });

  it('says the form is closed once the transfer is over, and records nothing', async () => {
    // Prepare
    duty.openMeasuresLink.mockResolvedValue({ ...openForm, open: false });

    // Act
    const result = await send({ method: 'GET' });

    // Assess
    expect(result.statusCode).toBe(410);
    expect(textOf(bodyOf(result))).toContain('This form is closed');
  });
});
