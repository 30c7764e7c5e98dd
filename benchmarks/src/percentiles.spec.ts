import { describe, expect, it } from 'vitest';
import { percentile } from './percentiles.js';

describe('percentile', () => {
  it('when given 1..100, then p50 is 50 and p99 is 99', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
  });

  it('when given nothing, then it is NaN', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
