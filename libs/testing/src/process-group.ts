import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface GroupLeader {
  readonly pid: number;
  /** Resolves when the leader has exited, with its exit code (null when killed by a signal). */
  waitForExit(): Promise<number | null>;
  hasExited(): boolean;
}

/**
 * Spawns `command` as the leader of a new process group (setsid), output appended to `logFile`.
 * A server script forks the real server (rabbitmq-server forks the Erlang VM), so signalling
 * the group is the only way to be sure the server itself receives the signal. Its own group
 * also keeps a Ctrl-C in the terminal from reaching it before the harness shuts it down.
 */
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; logFile: string },
): GroupLeader {
  // A file, not a pipe: the server must never block on, or die with, a full or closed pipe.
  const log = openSync(options.logFile, 'a');
  let child;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  // A forgotten server must not keep the test process alive (the exit cleanup kills it).
  child.unref();
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    });
    child.once('error', () => {
      done = true;
      resolve(null);
    });
  });
  const waitForExit = () => {
    // Unreferenced, the child would let a process with nothing else to do exit mid-await.
    if (!done) child.ref();
    return exited;
  };
  if (child.pid === undefined) {
    // spawn failed synchronously (ENOENT etc.); 'error' follows on the next tick.
    return { pid: -1, waitForExit, hasExited: () => true };
  }
  return { pid: child.pid, waitForExit, hasExited: () => done };
}

/** Sends `signal` to the whole group led by `pid`; a group that is already gone is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  // kill(-1) would signal every process we may signal, kill(-0) our own group: never.
  if (!Number.isInteger(pid) || pid <= 1)
    throw new Error(`refusing to signal process group ${pid}`);
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Sends `signal` to the leader alone, e.g. SIGTERM to a script that forwards it and waits for its server. */
export function signalLeader(leader: GroupLeader, signal: NodeJS.Signals): void {
  if (leader.pid <= 1 || leader.hasExited()) return;
  try {
    process.kill(leader.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
