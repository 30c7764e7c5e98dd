/**
 * A short order in which to switch labs on and off, applying after each step, that still meets
 * every pair of labs in each of its four on/off combinations (a covering array of strength 2:
 * most faults between labs need two of them to show) and switches every lab on and off.
 *
 * The walk: none, then all, then m set-ups in which each lab is on in exactly ⌊m/2⌋ of the m
 * (a different choice of set-ups per lab, m the fewest with enough choices). None gives
 * (off, off) to each pair and all gives (on, on); two labs on in different equal-sized choices
 * each have a set-up without the other, giving (on, off) and (off, on). Every lab goes on after
 * none and off again at its first set-up without it after all.
 *
 * Written here rather than taken from a pairwise library: those give the pairs, not the walk's
 * other promises (the two ends, every lab switched both ways), and this construction is short
 * enough to prove. For 5 labs it is 6 set-ups instead of 32, and it grows as log(labs).
 */
export function coveringWalk<Lab>(labs: readonly Lab[]): Lab[][] {
  if (labs.length === 0) return [[]];
  let steps = 1;
  while (binomial(steps, Math.floor(steps / 2)) < labs.length) steps++;
  const choices = subsetsOfSize(steps, Math.floor(steps / 2)).slice(0, labs.length);
  const middle = Array.from({ length: steps }, (_, step) =>
    labs.filter((_, lab) => choices[lab].includes(step)),
  );
  return [[], [...labs], ...middle];
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** Every subset of {0 … n-1} with k members, in lexicographic order. */
function subsetsOfSize(n: number, k: number, from = 0): number[][] {
  if (k === 0) return [[]];
  const subsets: number[][] = [];
  for (let first = from; first <= n - k; first++)
    for (const rest of subsetsOfSize(n, k - 1, first + 1)) subsets.push([first, ...rest]);
  return subsets;
}
