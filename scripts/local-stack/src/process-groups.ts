import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processGroupMembers, processMentions, signalGroup, waitFor } from '@podlab/testing';

/** A process group a run started, and what to call it in messages. */
export interface ProcessGroup {
  label: string;
  pgid: number;
}

/** The harness's record for a persistent server folder (owner.json): the process group running it, if any. */
export function recordedServerGroup(dir: string): number | undefined {
  try {
    const { serverPgid } = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as {
      serverPgid: number | null;
    };
    return serverPgid ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The group still runs one of ours: one of its processes mentions `folder` (in its command line
 * or environment), so a pid reused by an unrelated process is never taken for ours.
 */
export const stillRunsFor = (group: ProcessGroup, folder: string): boolean =>
  group.pgid > 1 && processGroupMembers(group.pgid).some((pid) => processMentions(pid, folder));

/** SIGTERM to each group (a clean shutdown for every server podlab runs), SIGKILL past the grace period. */
export async function stopGroups(groups: ProcessGroup[], graceMs: number): Promise<void> {
  for (const group of groups) signalGroup(group.pgid, 'SIGTERM');
  const gone = () => groups.every((group) => processGroupMembers(group.pgid).length === 0);
  try {
    await waitFor('leftover processes to stop', gone, { timeoutMs: graceMs, intervalMs: 100 });
  } catch {
    for (const group of groups) signalGroup(group.pgid, 'SIGKILL');
    await waitFor('leftover processes to die', gone, { timeoutMs: 10_000, intervalMs: 50 });
  }
}
