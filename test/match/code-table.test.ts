import { describe, expect, it } from 'vitest';
import { CodeTable } from '../../src/match/code-table.js';

describe('CodeTable', () => {
  it('finds each code as a Map of its text would, through growth, leading zeros and codes that are not digits', () => {
    const table = new CodeTable();
    const expected = new Map<string, number>();
    const codes = ['0123456789', '123456789', '00123456789', '', 'HS4010123456789', '12345678901234567890', '79-01234567', ...Array.from({ length: 5000 }, (_, i) => String(7900000000 + i * 7919))];
    codes.forEach((code, person) => {
      table.set(code, person);
      expected.set(code, person);
    });
    table.set('0123456789', 99); // replaced, as in a Map
    expected.set('0123456789', 99);
    for (const [code, person] of expected) expect(table.get(code)).toBe(person);
    for (const unknown of ['0000000000', '1', 'HS4010123456780', '7900000001']) expect(table.get(unknown)).toBeUndefined();
  });
});
