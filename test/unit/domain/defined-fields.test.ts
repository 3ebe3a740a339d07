import { describe, expect, it } from 'vitest';
import { definedFields } from '../../../functions/domain/defined-fields.ts';

describe('Function: definedFields', () => {
  it('copies the named fields that have a value and leaves out the rest', () => {
    // Prepare
    const source: { a?: string; b?: number; c: string } = { a: 'kept', c: 'not named' };

    // Act
    const copied = definedFields(source, ['a', 'b']);

    // Assess
    expect(copied).toStrictEqual({ a: 'kept' });
    expect('b' in copied).toBe(false);
  });
});
