import { availableParallelism, loadavg } from 'node:os';

// How every bench compares: these machines are noisy (other jobs, CPU boost, the page cache),
// so one run of each side proves little. The compared variants run in alternation, A B A B
// A B, so a burst of load falls on both; each run prints one BENCH_JSON line for comparing runs
// over time, and the table gives min and median per variant.

/** The figures of one run, by name (msg/s, p99 ms, ...). */
export type Figures = Record<string, number>;

export interface Variant {
  /** Short, stable id for the JSON lines (e.g. `todo`, `raw-amqplib`). */
  id: string;
  /** What the table calls it. */
  label: string;
  run(round: number): Promise<Figures>;
}

export interface RunRecord {
  bench: string;
  variant: string;
  round: number;
  at: string;
  /** 1-minute load average when the run ended: read figures beside it. */
  load1: number;
  cores: number;
  figures: Figures;
}

export const BENCH_JSON_PREFIX = 'BENCH_JSON ';

/** Runs the variants `rounds` times in alternation, printing one JSON line per run. */
export async function alternate(
  bench: string,
  rounds: number,
  variants: Variant[],
  log: (line: string) => void = (line) => console.log(`[bench] ${line}`),
): Promise<Map<string, RunRecord[]>> {
  const records = new Map<string, RunRecord[]>(variants.map((v) => [v.id, []]));
  for (let round = 1; round <= rounds; round++)
    for (const variant of variants) {
      log(`round ${round}/${rounds}: ${variant.label}`);
      const figures = await variant.run(round);
      const record: RunRecord = {
        bench,
        variant: variant.id,
        round,
        at: new Date().toISOString(),
        load1: Number(loadavg()[0]?.toFixed(2)),
        cores: availableParallelism(),
        figures,
      };
      console.log(`${BENCH_JSON_PREFIX}${JSON.stringify(record)}`);
      records.get(variant.id)?.push(record);
    }
  return records;
}

/** Smallest and median of samples (median of an even count: the mean of the middle two). */
export function minMedian(samples: number[]): { min: number; median: number } {
  if (samples.length === 0) return { min: Number.NaN, median: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: sorted[0] as number, median };
}

/** The samples of one figure across a variant's runs. */
export function samplesOf(records: RunRecord[] | undefined, figure: string): number[] {
  return (records ?? []).map((r) => r.figures[figure]).filter((n): n is number => n !== undefined);
}

export const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** `min / median` of one figure of one variant, for a table cell. */
export function cell(records: RunRecord[] | undefined, figure: string): string {
  const { min, median } = minMedian(samplesOf(records, figure));
  return `${fmt(min)} / ${fmt(median)}`;
}

/** Ratio of the medians of one figure, a over b. */
export function ratioOfMedians(
  a: RunRecord[] | undefined,
  b: RunRecord[] | undefined,
  figure: string,
): number {
  return minMedian(samplesOf(a, figure)).median / minMedian(samplesOf(b, figure)).median;
}

/** The load averages seen during the runs, to print beside the figures. */
export function loadLine(records: Map<string, RunRecord[]>): string {
  const loads = [...records.values()].flat().map((r) => r.load1);
  const { min, median } = minMedian(loads);
  return `1-min load average at the end of each run: min ${min}, median ${fmt(median)}, max ${Math.max(...loads)} on ${availableParallelism()} cores (figures from a loaded machine compare only within the run)`;
}
