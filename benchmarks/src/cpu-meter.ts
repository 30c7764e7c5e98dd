import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) the given processes use from now until the returned function is
 * called. Unlike throughput and latency it hardly depends on what else the machine runs, so it
 * is the figure to compare on a busy machine. NaN when not on Linux or a process is gone.
 */
export function cpuMeter(pids: (number | undefined)[]): () => number {
  const ticks = () =>
    pids.reduce<number>((sum, pid) => {
      try {
        // /proc/<pid>/stat: fields 14 and 15 are utime and stime, in clock ticks (100 per second).
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return sum + Number(fields[11]) + Number(fields[12]);
      } catch {
        return Number.NaN;
      }
    }, 0);
  const start = ticks();
  return () => (ticks() - start) * 10;
}

/** The OS pid a server wrote to its pid file (the broker's Erlang VM, mariadbd), to meter it. */
export const pidInFile = (file: string): number => Number(readFileSync(file, 'utf8').trim());
