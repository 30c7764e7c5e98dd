import { findFreePorts } from '@podlab/testing';
import { spawnBuiltService, type BuiltService } from '@podlab/testing/spawn-built-service';

/**
 * One instance of a built service for a benchmark, as the tests run one (spawnBuiltService),
 * resolved once /readyz answers. It listens on a port of its own choosing so it can run at
 * LOG_LEVEL=warn: a line per request would be part of what is measured. What it prints shows
 * live, after its pod name; the caller stops it (`instance.stop()`).
 */
export async function startBenchService(
  service: string,
  pod: string,
  env: Record<string, string>,
): Promise<BuiltService> {
  const [port] = (await findFreePorts(1)) as [number];
  return spawnBuiltService(
    service,
    { LOG_LEVEL: 'warn', ...env, POD_NAME: pod },
    {
      port,
      nodeArgs: ['--enable-source-maps', ...benchNodeArgs()],
      keepLines: 100,
      onLine: (line) => console.log(`[${pod}] ${line}`),
    },
  );
}

/**
 * BENCH_CPU_PROF_DIR=<dir> profiles each benchmarked process: a .cpuprofile per process in
 * <dir>, written when it stops (`node scripts/run.mjs cpuprofile-summary <file>` sums it up).
 */
export function benchNodeArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
