import { join } from 'node:path';
import { ServiceInstance } from '@podlab/local-stack/service-processes';

/** One instance of a built service for a benchmark: started at once, not restarted. */
export function spawnInstance(
  root: string,
  service: string,
  pod: string,
  port: number,
  env: Record<string, string>,
): ServiceInstance {
  const script = join(root, 'services', service, 'dist', 'main.js');
  const instance = new ServiceInstance(
    { service, pod, port, script, env, restart: false, nodeArgs: benchNodeArgs() },
    (line) => console.log(`[bench] ${line}`),
  );
  instance.start();
  return instance;
}

/**
 * BENCH_CPU_PROF_DIR=<dir> profiles each benchmarked service: a .cpuprofile per process in
 * <dir>, written when it stops (open it in Chrome DevTools or speedscope).
 */
export function benchNodeArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export const waitReady = (instance: ServiceInstance) => instance.waitReady();
export const stopInstance = (instance: ServiceInstance) => instance.stop();
