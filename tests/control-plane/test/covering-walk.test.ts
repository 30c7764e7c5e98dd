import { describe, expect, it } from 'vitest';
import { coveringWalk } from './support/covering-walk.js';
import { labsOf, OVERLAYS } from './support/learner-setups.js';

// The walk learner-setups-apply.test.ts applies to the real API server instead of every subset:
// what it promises is checked here for every number of labs up to a dozen, and for the labs the
// overlays list today.

const labLists = [
  ...Array.from({ length: 13 }, (_, n) => Array.from({ length: n }, (_, i) => `lab${i}`)),
  ...OVERLAYS.map((overlay) => labsOf(overlay)),
];

/** Each pair of labs in each on/off combination that no set-up of the walk has. */
function missingPairs(labs: string[], walk: string[][]): string[] {
  const missing: string[] = [];
  labs.forEach((a, i) =>
    labs.slice(i + 1).forEach((b) => {
      for (const [aOn, bOn] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ])
        if (!walk.some((setup) => setup.includes(a) === aOn && setup.includes(b) === bOn))
          missing.push(`${a} ${aOn ? 'on' : 'off'} with ${b} ${bOn ? 'on' : 'off'}`);
    }),
  );
  return missing;
}

/** The labs that no step of the walk switches `to` on (true) or off (false). */
function neverSwitched(labs: string[], walk: string[][], to: boolean): string[] {
  return labs.filter(
    (lab) =>
      !walk.some(
        (setup, i) => i > 0 && walk[i - 1].includes(lab) !== to && setup.includes(lab) === to,
      ),
  );
}

describe('coveringWalk', () => {
  for (const labs of labLists) {
    const walk = coveringWalk(labs);
    describe(`when given ${labs.length} labs (${labs.join(', ') || 'none'})`, () => {
      it('then it starts with none and then has all', () => {
        expect(walk[0]).toEqual([]);
        expect(walk[Math.min(1, walk.length - 1)]).toEqual(labs);
      });

      it('then every pair of labs is met in each of its four on/off combinations', () => {
        expect(missingPairs(labs, walk)).toEqual([]);
      });

      it('then every lab is switched on and switched off by some step', () => {
        expect(neverSwitched(labs, walk, true)).toEqual([]);
        expect(neverSwitched(labs, walk, false)).toEqual([]);
      });

      it('then every step changes something and keeps the labs in their listed order', () => {
        walk.slice(1).forEach((setup, i) => expect(setup).not.toEqual(walk[i]));
        for (const setup of walk) expect(setup).toEqual(labs.filter((l) => setup.includes(l)));
      });
    });
  }

  it('when given more labs, then the walk grows far slower than the subsets (5 labs: 6, not 32)', () => {
    const lengths = Array.from({ length: 13 }, (_, n) => coveringWalk([...Array(n).keys()]).length);
    expect(lengths).toEqual([1, 3, 4, 5, 6, 6, 6, 7, 7, 7, 7, 8, 8]);
  });
});
