import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { stopLeftovers } from './leftovers.js';

// `node stack-watchdog.js <dataDir>`, started by start.js with an IPC channel and in a session
// of its own (no terminal signal reaches it). When that channel closes, start.js is gone: if
// it stopped cleanly it removed stack.json and there is nothing to do; otherwise (SIGKILL, a
// crash, a closed terminal mid-stop) this stops what it left, as the next npm start would.

const dataDir = process.argv[2];
if (!dataDir || !process.channel) {
  console.error(
    'usage: started by start.js as node stack-watchdog.js <dataDir>, with an IPC channel',
  );
  process.exit(2);
}
// The terminal may be gone: a failed write must not end the watchdog before its work is done.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const log = (line: string) => {
  const text = `[start] watchdog: ${line}\n`;
  try {
    appendFileSync(join(dataDir, 'watchdog.log'), `${new Date().toISOString()} ${text}`);
  } catch {
    // the folder may be gone too; stderr below is the other place it shows
  }
  process.stderr.write(text);
};

process.on('disconnect', () => {
  if (!existsSync(join(dataDir, 'stack.json'))) process.exit(0);
  log('npm start ended without stopping its processes; stopping them');
  stopLeftovers(dataDir, log, { self: process.pid }).then(
    () => process.exit(0),
    (error: unknown) => {
      log(`could not stop everything: ${(error as Error).message}`);
      process.exit(1);
    },
  );
});
