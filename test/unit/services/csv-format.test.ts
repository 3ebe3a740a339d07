import { describe, expect, it } from 'vitest';
import { csvWithHeader, safeCell } from '../../../functions/services/csv-format.ts';

describe('Function: safeCell', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tTab', '\rReturn'])('keeps %j as text', (value) => {
    // Act
    const cell = safeCell(value);

    // Assess
    expect(cell).toBe(`'${value}`);
  });

  it('leaves a cell that cannot run as it is', () => {
    // Act
    const cell = safeCell('Cara Lee-Smith');

    // Assess
    expect(cell).toBe('Cara Lee-Smith');
  });
});

describe('Function: csvWithHeader', () => {
  it('writes the header row first, with a byte order mark only when asked', () => {
    // Act
    const withMark = csvWithHeader(['name', 'note'], [['Zoë', 'one, two']], { bom: true });
    const without = csvWithHeader(['name', 'note'], [['Zoë', 'one, two']], { bom: false });

    // Assess
    expect(withMark).toBe('\uFEFFname,note\nZoë,"one, two"\n');
    expect(without).toBe('name,note\nZoë,"one, two"\n');
  });
});
