import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tidyText } from '../../src/vn/text.js';

/** tidyText as it reads without its shortcut for text already tidy. */
function tidyTheLongWay(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\u00d0/g, '\u0110')
    .replace(/\u00f0/g, '\u0111')
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g, ' ')
    .trim();
}

// Letters of both forms, look-alikes, every kind of space, combining marks and symbols near the shortcut's bounds.
const PIECES = ['a', 'Z', '1', '/', '~', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', 'ễ', 'Ễ', 'ư', 'Ư', 'đ', 'Đ', 'Ð', 'ð', '×', '÷', 'ÿ', 'ƀ', 'Ʊ', 'ạ', 'ỹ', 'Ỳ', '\u0300', '\u0301', '\u0323', 'e\u0302\u0303', '\u007f', '\u00bf'];

describe('tidyText', () => {
  it('gives what NFC, the Đ look-alikes and collapsed, trimmed spaces give, for any mix', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(tidyText(text)).toBe(tidyTheLongWay(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives tidy text back as it is', () => {
    const name = 'Nguyễn Thị Ánh Tuyết';
    expect(tidyText(name)).toBe(name);
    expect(tidyText(' Nguyễn  Văn An ')).toBe('Nguyễn Văn An');
  });
});
