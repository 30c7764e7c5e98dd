import { describe, expect, it } from 'vitest';
import { subsets } from './setups.js';

describe('learner set-ups', () => {
  it('when subsets are listed, then there are 2^n, each in the original order', () => {
    expect(subsets(['a', 'b', 'c'])).toEqual([
      [],
      ['a'],
      ['b'],
      ['a', 'b'],
      ['c'],
      ['a', 'c'],
      ['b', 'c'],
      ['a', 'b', 'c'],
    ]);
  });
});
