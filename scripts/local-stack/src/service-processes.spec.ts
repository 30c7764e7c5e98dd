import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePorts, waitFor } from '@podlab/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceInstance } from './service-processes.js';

// A real process that behaves as a service does towards its supervisor: listens on PORT,
// answers /readyz, drains on SIGTERM. READY_AFTER_MS lets a test catch it alive but not ready.
const SERVICE = `
import { createServer } from 'node:http';
const readyAt = Date.now() + Number(process.env.READY_AFTER_MS ?? 0);
if (process.env.EXIT_AT_ONCE) process.exit(3);
const server = createServer((req, res) => {
  if (req.url === '/readyz') res.writeHead(Date.now() >= readyAt ? 200 : 503).end();
  else res.end(process.env.POD_NAME);
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function instance(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-instance-'));
  const script = join(dir, 'service.mjs');
  writeFileSync(script, SERVICE);
  const [port] = (await findFreePorts(1)) as [number];
  const logs: string[] = [];
  const spawned: number[] = [];
  const running = new ServiceInstance(
    { service: 'demo', pod: 'demo-1', port, script, env },
    (line) => logs.push(line),
    (_pod, pid) => pid !== undefined && spawned.push(pid),
  );
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => running.stop(2_000));
  running.start();
  return { running, logs, spawned };
}

describe('ServiceInstance', () => {
  it('when its process is killed, then it is not ready at once, restarted with doubling back-off, and ready again', async () => {
    const { running, logs, spawned } = await instance();
    await running.waitReady();
    expect(running.ready()).toBe(true);

    process.kill(spawned[0] as number, 'SIGKILL');
    await waitFor('not ready', () => !running.ready());
    await waitFor('restarted and ready', () => spawned.length === 2 && running.ready(), {
      timeoutMs: 20_000,
    });
    process.kill(spawned[1] as number, 'SIGKILL');
    await waitFor('restarted and ready again', () => spawned.length === 3 && running.ready(), {
      timeoutMs: 20_000,
    });
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^demo-1 exited \(killed by SIGKILL\); restarting it in 1 s \(restart 1\)/,
        ),
        expect.stringMatching(
          /^demo-1 exited \(killed by SIGKILL\); restarting it in 2 s \(restart 2\)/,
        ),
        'demo-1 is ready again',
      ]),
    );
    expect(running.restarts).toBe(2);
  }, 60_000);

  it('when it is alive but /readyz says 503, then it is not ready until /readyz says 200', async () => {
    const { running } = await instance({ READY_AFTER_MS: '1500' });
    await waitFor('listening', async () => (await fetch(`http://127.0.0.1:${running.port}/`)).ok);
    expect(running.ready()).toBe(false);
    await running.waitReady();
    expect(running.ready()).toBe(true);
  });

  it('when it exits before it was ever ready, then waitReady fails naming it, and it is not restarted', async () => {
    const { running, spawned } = await instance({ EXIT_AT_ONCE: '1' });
    await expect(running.waitReady()).rejects.toThrow('demo-1 exited (code 3) before it was ready');
    expect(spawned).toHaveLength(1);
  });

  it('when stopped, then it drains (SIGTERM, exit 0) and is not restarted', async () => {
    const { running, spawned } = await instance();
    await running.waitReady();
    expect(await running.stop()).toBe(0);
    expect(running.ready()).toBe(false);
    expect(spawned).toHaveLength(1);
  });
});
