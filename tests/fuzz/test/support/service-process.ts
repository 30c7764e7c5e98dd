import { readFileSync } from 'node:fs';
import { spawnBuiltService } from '@podlab/testing/built-service';

export const SERVICES = ['auth', 'todo', 'chat', 'producer', 'consumer'] as const;
export type ServiceName = (typeof SERVICES)[number];

const LINES_KEPT = 60;

export interface ServiceProcess {
  name: ServiceName;
  url: string;
  pid: number;
  /** Set once the process exited, with its code or signal. */
  exit: string | undefined;
  /** The last lines it printed, for failure messages. */
  recentLogs(): string;
  /** Resident memory now, in bytes (Linux /proc). */
  rssBytes(): number;
}

/**
 * A service's built bundle in a process of its own (see spawnBuiltService), as the fuzz run
 * watches it: a crash is seen as an exit, and its memory is its own to measure.
 */
export async function startServiceProcess(
  name: ServiceName,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const service = await spawnBuiltService(
    name,
    {
      POD_NAME: `${name}-fuzz`,
      ...(process.env.FUZZ_NODE_OPTIONS ? { NODE_OPTIONS: process.env.FUZZ_NODE_OPTIONS } : {}),
      ...env,
    },
    // As the image runs it; FUZZ_NO_SOURCE_MAPS=1 measures what the source map costs in memory.
    { nodeArgs: process.env.FUZZ_NO_SOURCE_MAPS ? [] : undefined, keepLines: LINES_KEPT },
  );
  const pid = service.child.pid!;
  return {
    name,
    url: service.url,
    pid,
    get exit() {
      return service.exit;
    },
    recentLogs: () => service.logs.join('\n'),
    rssBytes: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
  };
}
