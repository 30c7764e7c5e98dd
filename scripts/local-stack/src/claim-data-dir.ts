import { stopLeftovers } from './leftovers.js';
import { isSameProcess, readStackRecord } from './stack-record.js';

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
