import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/domain/errors.ts';
import {
  businessDateField,
  characters,
  hasNoControlCharacters,
  hasVisibleText,
  requiredText,
} from '../../../functions/domain/input-fields.ts';
import { validateNewTransfer } from '../../../functions/domain/transfer-rules.ts';
import { newTransferInput } from '../../fixtures/domain/transfers.ts';

const messagesOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('Function: characters', () => {
  it('writes a limit as en-GB number formatting does, without loading it at import', () => {
    // Prepare
    const limits = fc.nat({ max: 10_000_000 });

    // Act / Assess
    fc.assert(
      fc.property(limits, (limit) => {
        expect(characters(limit)).toBe(new Intl.NumberFormat('en-GB').format(limit));
      }),
    );
  });
});

describe('Function: requiredText', () => {
  const name = requiredText('transfer name', 200);
  const summary = requiredText('summary', 5000, { multiline: true });

  it.each([
    ['CR and LF', 'Adult social care\r\nBcc: everyone@example.org'],
    ['NUL', 'Adult social care\u0000'],
    ['ESC', '\u001b[31mAdult social care'],
    ['a tab', 'Adult\tsocial care'],
    ['DEL and a C1 control', 'Adult\u007f social\u0085 care'],
    ['a Unicode line separator', 'Adult social\u2028care'],
  ])('refuses %s in a single-line field', (_, value) => {
    // Act
    const result = name.safeParse(value);

    // Assess
    expect(messagesOf(result)).toEqual([
      'The transfer name must be one line, without line breaks or control characters',
    ]);
  });

  it('keeps line breaks and tabs in a multi-line field, and refuses other control characters there', () => {
    // Act
    const paragraphs = summary.safeParse('We proceed.\r\n\r\n\tWith changes.');
    const escaped = summary.safeParse('We proceed.\u001b]0;title\u0007');

    // Assess
    expect(paragraphs.success).toBe(true);
    expect(messagesOf(escaped)).toEqual(['The summary must not contain control characters']);
  });

  it.each([
    ['nothing', ''],
    ['spaces', '   '],
    ['a no-break space and a zero-width space', '\u00A0\u200B'],
    ['zero-width joiners, a word joiner and a byte order mark', '\u200C\u200D\u2060\uFEFF'],
  ])('counts text made of %s as empty, with one message', (_, value) => {
    // Act
    const result = name.safeParse(value);

    // Assess
    expect(messagesOf(result)).toEqual(['Enter the transfer name']);
  });

  it('never accepts a control character inside a single-line value (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 0, max: 0x1f }),
        fc.string(),
        // Between visible characters, so trimming cannot take it away.
        (before, code, after) => !name.safeParse(`x${before}${String.fromCharCode(code)}${after}y`).success,
      ),
    );
  });
});

describe('Function: hasVisibleText and hasNoControlCharacters', () => {
  it('tells visible text from whitespace and invisible characters', () => {
    expect(hasVisibleText('\u2003\u200B a')).toBe(true);
    expect(hasVisibleText('\u2003\u200B\u202F')).toBe(false);
    expect(hasNoControlCharacters('Line one\nLine two', { multiline: true })).toBe(true);
    expect(hasNoControlCharacters('Line one\nLine two')).toBe(false);
  });
});

describe('Function: businessDateField', () => {
  const date = businessDateField('received date');

  it.each([
    ['0001-01-01', ['The received date must be in 1900 or later']],
    ['1899-12-31', ['The received date must be in 1900 or later']],
    ['2026-02-30', ['The received date must be a real date written as YYYY-MM-DD']],
    ['1900-01-01', []],
  ])('answers %s with %j', (value, messages) => {
    expect(messagesOf(date.safeParse(value))).toEqual(messages);
  });
});

describe('Function: validateNewTransfer (control characters)', () => {
  it('refuses CR/LF, NUL and ESC in the transfer name with a 422 on name', () => {
    // Act
    const act = () =>
      validateNewTransfer(newTransferInput({ name: 'ASC\r\nSubject: spoofed\u0000\u001b' }), '2026-06-01');

    // Assess
    expect(act).toThrow(ValidationError);
    try {
      act();
    } catch (error) {
      expect((error as ValidationError).errors?.map((problem) => problem.path)).toEqual(['name']);
    }
  });
});
