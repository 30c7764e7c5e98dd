import { spawn } from 'node:child_process';

/**
 * Runs a built runner (scripts/local-stack/dist/<name>.js) in a child node until it exits, then
 * exits with its code. `ipc` opens a channel the runner may watch as its lifeline: if we are
 * killed, it sees the channel close.
 *
 * A SIGINT or SIGTERM sent to npm alone (what IDEs and process managers do) reaches us because
 * npm forwards both to its child, which is this process: package.json's `exec` replaces the
 * `sh -c` npm starts, which would otherwise swallow them. Both are passed on as SIGTERM, the
 * orderly stop: a Ctrl-C in a terminal reaches the runner straight too (same process group), and
 * a SIGINT from us as well would count as a second Ctrl-C, which stops without draining. Either
 * way we wait until the runner has stopped, so the prompt comes back only once everything is down.
 */
export function runUntilStopped(runner: string, { ipc = false } = {}): void {
  const child = spawn(process.execPath, ['--enable-source-maps', runner], {
    stdio: ['inherit', 'inherit', 'inherit', ...(ipc ? ['ipc' as const] : [])],
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => child.kill('SIGTERM'));
  process.on('SIGHUP', () => child.kill('SIGHUP'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
