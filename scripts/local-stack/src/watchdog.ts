import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processStartTime } from '@podlab/testing';

/** A watchdog as its starter records it: pid and start time tell it apart from a reused pid. */
export interface WatchdogRecord {
  pid: number;
  startTime?: string;
}

/**
 * Starts `node <script> <folder>` (a bundle beside this one) in a session of its own, so no
 * terminal signal reaches it, holding an IPC channel to us. The channel closes when this process
 * ends, however it ends (SIGKILL and crashes included): that is the watchdog's cue.
 */
export function startWatchdog(script: string, folder: string): WatchdogRecord {
  const path = join(fileURLToPath(new URL('.', import.meta.url)), script);
  const child = spawn(process.execPath, [path, folder], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // It must never keep this process alive, nor be waited for.
  child.unref();
  child.channel?.unref();
  if (child.pid === undefined) throw new Error(`could not start ${path}`);
  return { pid: child.pid, startTime: processStartTime(child.pid) };
}

/**
 * The watchdog's side, for `node <script> <folder>` started by startWatchdog(): once the channel
 * to its starter closes, runs `cleanup` on the folder, then exits (1 if the cleanup failed). What
 * it says goes to stderr and to <folder>/watchdog.log, as the terminal may be gone by then.
 */
export function watchStarter(
  prefix: string,
  cleanup: (folder: string, log: (line: string) => void) => Promise<void>,
): void {
  const folder = process.argv[2];
  if (!folder || !process.channel) {
    console.error(`${prefix}: usage: started by startWatchdog() with a folder and an IPC channel`);
    process.exit(2);
  }
  // The terminal may be gone: a failed write must not end the watchdog before its work is done.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  const log = (line: string) => {
    const text = `${prefix}: ${line}\n`;
    try {
      appendFileSync(join(folder, 'watchdog.log'), `${new Date().toISOString()} ${text}`);
    } catch {
      // the folder may be gone too; stderr below is the other place it shows
    }
    process.stderr.write(text);
  };
  process.on('disconnect', () => {
    cleanup(folder, log).then(
      () => process.exit(0),
      (error: unknown) => {
        log(`could not stop everything: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  });
}
