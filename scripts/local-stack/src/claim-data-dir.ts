import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processStartTime } from '@podlab/testing';
import { stopLeftovers } from './leftovers.js';
import { isSameProcess, readStackRecord, type StackRecord } from './stack-record.js';

/**
 * Makes the data folder this run's: refuses if another npm start still runs with it, and stops
 * whatever an earlier run that ended uncleanly left running with it (saying so), so the broker's
 * node name and the database's files are free again.
 */
export async function claimDataDir(dataDir: string, log: (line: string) => void): Promise<void> {
  const record = readStackRecord(dataDir);
  if (record && record.pid !== process.pid && isSameProcess(record.pid, record.startTime))
    throw new Error(
      `another npm start (pid ${record.pid}) is running with ${dataDir}: stop it first (Ctrl-C in its terminal, or kill ${record.pid}), or give this one its own PODLAB_DATA_DIR and PORT`,
    );
  await stopLeftovers(dataDir, log);
}

/**
 * Starts the watchdog (dist/stack-watchdog.js, beside this bundle) in a session of its own,
 * holding an IPC channel to us: it acts only when that channel closes with stack.json still
 * there, i.e. when this process ended without stopping what it started.
 */
export function startWatchdog(dataDir: string): StackRecord['watchdog'] {
  const script = join(fileURLToPath(new URL('.', import.meta.url)), 'stack-watchdog.js');
  const child = spawn(process.execPath, [script, dataDir], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // It must never keep this process alive, nor be waited for.
  child.unref();
  child.channel?.unref();
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  return { pid: child.pid, startTime: processStartTime(child.pid) };
}
