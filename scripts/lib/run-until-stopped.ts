import { spawn } from 'node:child_process';

/** How often we look whether npm is still our parent: a stop a second late is fine. */
const ORPHAN_CHECK_MS = 1_000;

/**
 * Runs a built runner (scripts/local-stack/dist/<name>.js) in a child node until it exits, then
 * exits with its code. An IPC channel is the runner's lifeline: if we are killed, even with
 * SIGKILL, it sees the channel close and stops what it started.
 *
 * A SIGINT or SIGTERM sent to npm alone (what IDEs and process managers do) reaches us because
 * npm forwards both to its child, which is this process: package.json's `exec` replaces the
 * `sh -c` npm starts, which would otherwise swallow them. Both are passed on as SIGTERM, the
 * orderly stop: a Ctrl-C in a terminal reaches the runner straight too (same process group), and
 * a SIGINT from us as well would count as a second Ctrl-C, which stops without draining. Either
 * way we wait until the runner has stopped, so the prompt comes back only once everything is down.
 * npm killed outright tells us nothing but that we get another parent: that is a stop as well.
 */
export function runUntilStopped(runner: string): void {
  const child = spawn(process.execPath, ['--enable-source-maps', runner], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => child.kill('SIGTERM'));
  process.on('SIGHUP', () => child.kill('SIGHUP'));
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(orphaned);
    child.kill('SIGTERM');
  }, ORPHAN_CHECK_MS);
  orphaned.unref();
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
