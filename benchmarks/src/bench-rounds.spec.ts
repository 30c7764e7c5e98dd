import { describe, expect, it, vi } from 'vitest';
import { alternate, BENCH_JSON_PREFIX, minMedian, ratioOfMedians } from './bench-rounds.js';

describe('minMedian', () => {
  it('when given an odd count, then the median is the middle sample', () => {
    expect(minMedian([30, 10, 20])).toEqual({ min: 10, median: 20 });
  });

  it('when given an even count, then the median is the mean of the middle two', () => {
    expect(minMedian([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5 });
  });

  it('when given nothing, then both are NaN', () => {
    expect(minMedian([])).toEqual({ min: Number.NaN, median: Number.NaN });
  });
});

describe('alternate', () => {
  it('when given two variants and three rounds, then it runs A B A B A B and prints one JSON line per run', async () => {
    const order: string[] = [];
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));
    try {
      const records = await alternate(
        'demo',
        3,
        ['a', 'b'].map((id) => ({
          id,
          label: id,
          run: async (round: number) => {
            order.push(`${id}${round}`);
            return { rate: id === 'a' ? round * 10 : round * 20 };
          },
        })),
        () => undefined,
      );
      expect(order).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
      const lines = printed.filter((line) => line.startsWith(BENCH_JSON_PREFIX));
      expect(lines).toHaveLength(6);
      expect(JSON.parse((lines[1] ?? '').slice(BENCH_JSON_PREFIX.length))).toMatchObject({
        bench: 'demo',
        variant: 'b',
        round: 1,
        figures: { rate: 20 },
        load1: expect.any(Number),
      });
      expect(ratioOfMedians(records.get('a'), records.get('b'), 'rate')).toBe(0.5);
    } finally {
      spy.mockRestore();
    }
  });
});
