import { describe, expect, it } from 'vitest';
import { ReusedList } from '../../src/match/reused-list.js';

describe('ReusedList', () => {
  it('is emptied and refilled, and its copies are arrays of their own', () => {
    const list = new ReusedList<number>();
    list.push(1);
    list.pushOnce(2);
    list.pushOnce(1);
    const first = list.copy();
    list.clear();
    list.push(7);
    expect(first).toEqual([1, 2]);
    expect(list.copy()).toEqual([7]);
    expect(list.size).toBe(1);
    expect(list.at(0)).toBe(7);
  });

  it('does not count items left from before it was emptied', () => {
    const list = new ReusedList<string>();
    list.push('a');
    list.clear();
    list.pushOnce('a');
    expect(list.copy()).toEqual(['a']);
  });
});
