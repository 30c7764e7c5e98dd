import { join } from 'node:path';
import { waitFor } from '@podlab/testing';
import {
  recordedServerGroup,
  stillRunsFor,
  stopGroups,
  type ProcessGroup,
} from './process-groups.js';
import { isSameProcess, readStackRecord, removeStackRecord } from './stack-record.js';

interface Group extends ProcessGroup {
  /** Services drain first, while the broker and database they drain into still run. */
  order: 'service' | 'server';
}

/** The process groups recorded for this data folder that still run one of ours (stillRunsFor). */
export function runningLeftovers(dataDir: string): Group[] {
  const record = readStackRecord(dataDir);
  const groups: Group[] = Object.entries(record?.services ?? {}).map(([pod, pgid]) => ({
    label: pod,
    pgid,
    order: 'service',
  }));
  for (const [label, dir] of [
    ['RabbitMQ', 'rabbitmq'],
    ['MariaDB', 'mariadb'],
  ] as const) {
    const pgid = recordedServerGroup(join(dataDir, dir));
    if (pgid !== undefined) groups.push({ label, pgid, order: 'server' });
  }
  return groups.filter((group) => stillRunsFor(group, dataDir));
}

/**
 * Stops what a stack that ended uncleanly (SIGKILL, a crash) left running with this data
 * folder, saying so: its services first, then its broker and database. Run by the next
 * `npm start` before it starts anything, and by the watchdog as soon as its stack is gone.
 */
export async function stopLeftovers(
  dataDir: string,
  log: (line: string) => void,
  options: { self?: number } = {},
): Promise<void> {
  const record = readStackRecord(dataDir);
  if (!record) return;
  const watchdog = record.watchdog;
  if (
    watchdog &&
    watchdog.pid !== options.self &&
    isSameProcess(watchdog.pid, watchdog.startTime)
  ) {
    log(
      `the watchdog of an earlier npm start (pid ${watchdog.pid}) is stopping what it left; waiting`,
    );
    await waitFor(
      'the earlier watchdog to finish',
      () => !isSameProcess(watchdog.pid, watchdog.startTime),
      {
        timeoutMs: 120_000,
        intervalMs: 200,
      },
    ).catch(() => undefined);
  }
  const groups = runningLeftovers(dataDir);
  if (groups.length > 0) {
    log(
      `an earlier npm start (pid ${record.pid}) ended without stopping; stopping what it left running: ${groups
        .map((group) => `${group.label} (pid ${group.pgid})`)
        .join(', ')}`,
    );
    await stopGroups(
      groups.filter((group) => group.order === 'service'),
      30_000,
    );
    await stopGroups(
      groups.filter((group) => group.order === 'server'),
      60_000,
    );
    log('stopped what the earlier npm start left');
  }
  removeStackRecord(dataDir);
}
