import { describe, expect, it } from 'vitest';
import { MalformedRequestError } from '../../../functions/domain/errors.ts';
import { rosterRowsFromCsv } from '../../../functions/domain/roster-csv.ts';
import {
  assertNoReplacedBytes,
  assertPercentEncodedUtf8,
  utf8TextOf,
} from '../../../functions/domain/utf8-text.ts';

describe('Function: utf8TextOf', () => {
  it('reads UTF-8 and refuses bytes that are not UTF-8 rather than replacing them', () => {
    expect(utf8TextOf(Buffer.from('Café', 'utf8'))).toBe('Café');
    expect(() => utf8TextOf(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toThrow(MalformedRequestError);
    expect(() => utf8TextOf(Buffer.from([0xc0, 0xaf]))).toThrow('not valid UTF-8');
  });
});

describe('Function: assertPercentEncodedUtf8', () => {
  it('accepts a form whose encoded bytes are UTF-8, and refuses one whose bytes are not', () => {
    expect(() => assertPercentEncodedUtf8('response=Caf%C3%A9+%E2%82%AC5&_csrf=abc')).not.toThrow();
    expect(() => assertPercentEncodedUtf8('response=Caf%E9&_csrf=abc')).toThrow(MalformedRequestError);
    expect(() => assertPercentEncodedUtf8('response=%FF%FE')).toThrow(MalformedRequestError);
  });

  it('refuses a replacement character a gateway left in place of bytes', () => {
    expect(() => assertNoReplacedBytes('{"name":"Caf\uFFFD"}')).toThrow(MalformedRequestError);
  });
});

describe('Function: rosterRowsFromCsv (bytes)', () => {
  it('refuses a roster file that is not UTF-8 (for example saved as Windows-1252)', () => {
    // Prepare
    const latin1 = Buffer.from('employeeNumber,name\r\nE1,Ren\xe9e\r\n', 'latin1');

    // Act
    const act = () => rosterRowsFromCsv(latin1);

    // Assess
    expect(act).toThrow('The file is not valid UTF-8 text');
  });
});
