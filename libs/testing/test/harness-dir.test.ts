import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerDir, sweepStaleServers } from '../src/harness-dir.js';
import { signalGroup, spawnGroup, type GroupLeader } from '../src/process-group.js';

/** The pid of a process that has exited and been reaped: an owner that crashed. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

/** A stand-in server: a process group whose environment names `dir`, as a real server's does. */
function fakeServer(dir: string, mentionDir: boolean): GroupLeader {
  return spawnGroup('sleep', ['300'], {
    cwd: dir,
    env: { ...process.env, FAKE_SERVER_DIR: mentionDir ? dir : '' },
    logFile: join(dir, 'out.log'),
  });
}

function recordOwner(dir: string, ownerPid: number, serverPgid: number): void {
  writeFileSync(join(dir, 'owner.json'), JSON.stringify({ ownerPid, serverPgid }));
}

describe('sweepStaleServers', () => {
  const leaders: GroupLeader[] = [];
  const dirs: string[] = [];
  const serverDir = (name: string) => {
    const dir = createServerDir('sweep', name);
    dirs.push(dir);
    return dir;
  };

  afterEach(() => {
    for (const leader of leaders.splice(0))
      if (!leader.hasExited()) signalGroup(leader.pid, 'SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('when the test process that owned a server died, then the server is killed and its folder removed', async () => {
    const dir = serverDir('orphan');
    const server = fakeServer(dir, true);
    leaders.push(server);
    recordOwner(dir, await deadPid(), server.pid);

    sweepStaleServers();

    await expect(server.waitForExit()).resolves.toBeNull();
    expect(existsSync(dir)).toBe(false);
  });

  it('when the owner is still running, then its server and folder are left alone', async () => {
    const dir = serverDir('owned');
    const server = fakeServer(dir, true);
    leaders.push(server);
    recordOwner(dir, process.pid, server.pid);

    sweepStaleServers();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(server.hasExited()).toBe(false);
    expect(existsSync(dir)).toBe(true);
  });

  it('when the recorded process group no longer belongs to that server, then it is not killed', async () => {
    const dir = serverDir('reused');
    const unrelated = fakeServer(dir, false);
    leaders.push(unrelated);
    recordOwner(dir, await deadPid(), unrelated.pid);

    sweepStaleServers();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(unrelated.hasExited()).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
