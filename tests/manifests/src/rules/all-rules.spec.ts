import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { validSystem } from '../testing/system.js';
import { rules } from './index.js';

describe('the valid fixture system', () => {
  it.each(rules.map((r) => [r.id, r] as const))(
    'when checked by %s, then it has no problem',
    (_id, rule) => {
      expect(rule.check(validSystem()).map(formatProblem)).toEqual([]);
    },
  );
});
