import { describe, expect, it } from 'vitest';
import { isValidPathParameter } from '../../../functions/domain/path-parameters.ts';

describe('Function: isValidPathParameter', () => {
  it.each([
    ['id', '0b9c8f5e-8d1f-4a47-9f59-0d6b4e1f2a3c', true],
    ['id', 'x'.repeat(2048), false],
    ['id', 'a/b', false],
    ['id', '', false],
    ['employeeNumber', 'SCC100001', true],
    ['employeeNumber', 'E-10/2', true],
    ['employeeNumber', 'E'.repeat(21), false],
    ['employeeNumber', 'E 1', false],
    ['token', 'eyJwIjoicmVuZXdhbCJ9.c2lnbmF0dXJl', true],
    ['token', 'a'.repeat(1025), false],
    ['kind', 'election-reminder', true],
    ['kind', `k${'x'.repeat(300)}`, false],
    ['name', 'scheme-LGPS.csv\r\n', false],
  ])('answers %s %j: %s', (name, value, valid) => {
    expect(isValidPathParameter(name, value)).toBe(valid);
  });
});
