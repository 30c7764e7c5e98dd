import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stopLeftovers } from './leftovers.js';
import { watchStarter } from './watchdog.js';

// `node stack-watchdog.js <dataDir>`, started by start.js (startWatchdog). When start.js is
// gone: if it stopped cleanly it removed stack.json and there is nothing to do; otherwise
// (SIGKILL, a crash, a closed terminal mid-stop) this stops what it left, as the next npm start
// would.
watchStarter('[start] watchdog', async (dataDir, log) => {
  if (!existsSync(join(dataDir, 'stack.json'))) return;
  log('npm start ended without stopping its processes; stopping them');
  await stopLeftovers(dataDir, log, { self: process.pid });
});
