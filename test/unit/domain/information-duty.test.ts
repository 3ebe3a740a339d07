import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/domain/errors.ts';
import {
  composeInformationLetter,
  daysBeforeTransfer,
  informationRecipientsOf,
  informationWarnings,
  letterText,
  measuresAnswerOf,
  replyInputSchema,
  replyWarnings,
  representationsReminderOn,
  unanswered,
  validateInformationInput,
} from '../../../functions/domain/information-duty.ts';
import type { Representative } from '../../../functions/domain/representatives.ts';

const input = {
  reasons: 'Integration of adult social care.\n\nAgreed by both boards.',
  implications: { legal: 'Terms preserved.', economic: 'Pay unchanged.', social: 'Teams stay together.' },
  transferorMeasures: { none: true },
  agencyWorkers: { count: 2 },
};

const transfer = {
  name: 'ASC to the trust',
  transferor: 'Staffordshire County Council',
  transferee: 'Midlands Partnership NHS Foundation Trust',
  transferDate: '2027-04-01',
  legalBasis: 'TUPE' as const,
};

const representative = (id: string): Representative => ({
  id,
  kind: 'union',
  name: `Rep ${id}`,
  email: `${id}@example.org`,
  union: 'UNISON',
  addedAt: '2027-01-01T10:00:00.000Z',
  addedBy: 'hr@example.org',
});

const staff = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    employeeNumber: `E${index}`,
    name: `Person ${index}`,
    email: `p${index}@example.org`,
  }));

function errorsOf(act: () => unknown) {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('Function: informationWarnings', () => {
  it('warns when the information goes out fewer than the lead days before the transfer', () => {
    // Act
    const warnings = informationWarnings({
      sentOn: '2027-03-12',
      transferDate: '2027-04-01',
      leadDays: 30,
      measuresReceived: true,
    });

    // Assess
    expect(warnings.map((warning) => warning.code)).toEqual(['INFORMATION_LESS_THAN_30_DAYS']);
    expect(warnings[0]?.message).toContain('20 days before');
  });

  it('says nothing at exactly the lead days, and warns when the transferee has not answered', () => {
    // Act
    const onTime = informationWarnings({
      sentOn: '2027-03-02',
      transferDate: '2027-04-01',
      leadDays: 30,
      measuresReceived: true,
    });
    const noMeasures = informationWarnings({
      sentOn: '2027-01-01',
      transferDate: '2027-04-01',
      leadDays: 30,
      measuresReceived: false,
    });

    // Assess
    expect(daysBeforeTransfer('2027-03-02', '2027-04-01')).toBe(30);
    expect(onTime).toEqual([]);
    expect(noMeasures.map((warning) => warning.code)).toEqual(['TRANSFEREE_MEASURES_MISSING']);
  });

  it('uses the lead days the transfer sets', () => {
    // Act
    const warnings = informationWarnings({
      sentOn: '2027-02-01',
      transferDate: '2027-04-01',
      leadDays: 90,
      measuresReceived: true,
    });

    // Assess
    expect(warnings.map((warning) => warning.code)).toEqual(['INFORMATION_LESS_THAN_30_DAYS']);
  });
});

describe('Function: informationRecipientsOf', () => {
  it('sends to every representative when there are any, whatever the number of staff', () => {
    // Act
    const recipients = informationRecipientsOf([representative('a'), representative('b')], staff(3));

    // Assess
    expect(recipients.map((recipient) => [recipient.kind, recipient.ref])).toEqual([
      ['representative', 'a'],
      ['representative', 'b'],
    ]);
  });

  it('sends to the staff directly when there are no representatives and fewer than 10 (reg 13A)', () => {
    // Act
    const nine = informationRecipientsOf([], staff(9));
    const ten = informationRecipientsOf([], staff(10));
    const none = informationRecipientsOf([], []);

    // Assess
    expect(nine).toHaveLength(9);
    expect(nine[0]).toEqual({ kind: 'staff', name: 'Person 0', email: 'p0@example.org', ref: 'E0' });
    expect(ten).toEqual([]);
    expect(none).toEqual([]);
  });
});

describe('Function: representationsReminderOn', () => {
  it('is three days before the transfer, on the working day on or before', () => {
    // Assess: 1 April 2027 − 3 = Monday 29 March, Easter Monday; Good Friday 26 March too: Thursday 25 March.
    expect(representationsReminderOn('2027-04-01')).toBe('2027-03-25');
    // 8 October 2026 − 3 = Monday 5 October, a working day.
    expect(representationsReminderOn('2026-10-08')).toBe('2026-10-05');
    // 5 October 2026 − 3 = Friday 2 October.
    expect(representationsReminderOn('2026-10-05')).toBe('2026-10-02');
    // 6 October 2026 − 3 = Saturday 3 October: Friday 2 October.
    expect(representationsReminderOn('2026-10-06')).toBe('2026-10-02');
  });
});

describe('Function: validateInformationInput', () => {
  it('reads the transferor’s measures as text or none', () => {
    // Act
    const none = validateInformationInput(input);
    const text = validateInformationInput({ ...input, transferorMeasures: { text: 'New rota.' } });

    // Assess
    expect(none.transferorMeasures).toEqual({ none: true });
    expect(text.transferorMeasures).toEqual({ text: 'New rota.' });
  });

  it('names each bad field: missing implications, negative agency count, both none and text, unknown fields', () => {
    // Act
    const errors = errorsOf(() =>
      validateInformationInput({
        ...input,
        implications: { legal: 'x', economic: '', social: 'y' },
        transferorMeasures: { none: true, text: 'Also this.' },
        agencyWorkers: { count: -1 },
        extra: 1,
      }),
    );

    // Assess
    expect(errors?.map((error) => error.path).sort()).toEqual([
      'agencyWorkers.count',
      'extra',
      'implications.economic',
      'transferorMeasures.text',
    ]);
  });

  it('asks for the measures when neither text nor none is given', () => {
    // Act
    const errors = errorsOf(() => validateInformationInput({ ...input, transferorMeasures: {} }));

    // Assess
    expect(errors).toEqual([
      {
        path: 'transferorMeasures.text',
        message: 'Describe the measures the transferor envisages, or say that none are envisaged',
      },
    ]);
  });
});

describe('Function: measuresAnswerOf', () => {
  it('reads measures text or none=yes, and asks for one of them', () => {
    // Act
    const none = measuresAnswerOf({ none: 'yes' });
    const measures = measuresAnswerOf({ measures: '  New payroll date.  ' });
    const neither = errorsOf(() => measuresAnswerOf({}));

    // Assess
    expect(none).toEqual({ none: true });
    expect(measures).toEqual({ none: false, measures: 'New payroll date.' });
    expect(neither).toEqual([
      {
        path: 'measures',
        message: 'Describe the measures envisaged, or choose that no measures are envisaged',
      },
    ]);
  });
});

describe('Function: replyInputSchema', () => {
  it('requires reasons only when the representation is not accepted (reg 13(7))', () => {
    // Act
    const accepted = replyInputSchema.safeParse({ text: 'Agreed.', accepted: true });
    const rejected = replyInputSchema.safeParse({ text: 'No.', accepted: false });
    const withReasons = replyInputSchema.safeParse({ text: 'No.', accepted: false, reasons: 'Cost.' });

    // Assess
    expect(accepted.success).toBe(true);
    expect(rejected.success).toBe(false);
    expect(rejected.error?.issues[0]).toMatchObject({
      path: ['reasons'],
      message: 'Give the reasons for not accepting the representation',
    });
    expect(withReasons.success).toBe(true);
  });

  it('flags a reply on or after the transfer date', () => {
    // Assess
    expect(replyWarnings('2027-03-31', '2027-04-01')).toEqual([]);
    expect(replyWarnings('2027-04-01', '2027-04-01').map((warning) => warning.code)).toEqual([
      'REPLY_AFTER_TRANSFER_DATE',
    ]);
  });
});

describe('Function: composeInformationLetter', () => {
  const inWords = (date: string) => `«${date}»`;

  it('states the transfer, its date and basis, each implication, both employers’ measures and agency workers', () => {
    // Act
    const letter = composeInformationLetter(
      transfer,
      validateInformationInput(input),
      { number: 1, none: false, measures: 'Payroll moves.\n\nNew rota.', receivedAt: 'x', answeredBy: 'y' },
      inWords,
    );
    const text = letterText(letter);

    // Assess
    expect(letter.title).toBe('Information about the transfer: ASC to the trust');
    expect(letter.sections.map((section) => section.heading)).toEqual([
      'The transfer',
      'Why the transfer is to take place',
      'Legal implications for the affected employees',
      'Economic implications for the affected employees',
      'Social implications for the affected employees',
      'Measures Staffordshire County Council envisages',
      'Measures Midlands Partnership NHS Foundation Trust envisages',
      'Agency workers',
      'Consultation',
    ]);
    expect(text).toContain('on «2027-04-01»');
    expect(text).toContain('Transfer of Undertakings (Protection of Employment) Regulations 2006 (TUPE)');
    expect(text).toContain('Agreed by both boards.');
    expect(text).toContain('Staffordshire County Council does not envisage taking any measures');
    expect(text).toContain('Payroll moves.\n\nNew rota.');
    expect(text).toContain('employs 2 agency workers');
  });

  it('says when the transferee has not yet said what it envisages, or envisages none', () => {
    // Act
    const missing = letterText(
      composeInformationLetter(transfer, validateInformationInput(input), undefined, inWords),
    );
    const none = letterText(
      composeInformationLetter(
        transfer,
        validateInformationInput(input),
        { number: 1, none: true, receivedAt: 'x', answeredBy: 'y' },
        inWords,
      ),
    );

    // Assess
    expect(missing).toContain('has not yet told us what measures it envisages');
    expect(none).toContain(
      'does not envisage taking any measures in connection with the transfer in relation',
    );
  });
});

describe('Function: unanswered', () => {
  it('keeps only the representations without a reply', () => {
    // Prepare
    const base = { receivedOn: '2027-03-01', from: 'UNISON', text: 't', recordedAt: 'x', recordedBy: 'y' };
    const reply = {
      text: 'ok',
      accepted: true,
      repliedOn: '2027-03-02',
      repliedAt: 'x',
      repliedBy: 'y',
    };

    // Act
    const waiting = unanswered([
      { ...base, id: 'a', reply },
      { ...base, id: 'b' },
    ]);

    // Assess
    expect(waiting.map((item) => item.id)).toEqual(['b']);
  });
});
