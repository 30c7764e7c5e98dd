import { statSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePorts, rawGet, waitFor } from '@podlab/testing';
import { describe, expect, it } from 'vitest';
import { readStackRecord } from '../src/stack-record.js';
import { listeningAddresses } from './support/listening-sockets.js';
import {
  dataDirForFile,
  exitWithin,
  expectNothingLeft,
  podPid,
  root,
  runNpmStart,
  runStack,
  stackProcesses,
  type StackProcess,
} from './support/run-stack.js';

// One data folder for the whole file, as a developer's .data/ is reused from run to run: each
// stack below starts where the one before it ended, cleanly or not.
const { dataDir, started } = dataDirForFile('podlab-stack-');

async function startStack(): Promise<{ stack: StackProcess; url: string }> {
  const [port] = (await findFreePorts(1)) as [number];
  const stack = runStack(dataDir, port);
  started.push(stack);
  return { stack, url: await stack.running() };
}

/** `npm start` itself, in a process group of its own, once it says it is running. */
async function startNpm(): Promise<StackProcess> {
  const [port] = (await findFreePorts(1)) as [number];
  const npm = runNpmStart(dataDir, port);
  started.push(npm);
  await npm.running();
  return npm;
}

/** npm exits 0 within a minute, the stack having said it stopped cleanly, and nothing is left. */
async function expectCleanStop(npm: StackProcess): Promise<string> {
  expect(await exitWithin(npm, 60_000)).toEqual({ code: 0, signal: null });
  const output = npm.lines.join('\n');
  expect(output).toMatch(/stopped cleanly/);
  await expectNothingLeft(dataDir, 10_000);
  return output;
}

describe('npm start (start.js with its own RabbitMQ, MariaDB and every service)', () => {
  it('when running, then a broken %-escape is a 400, the SPA has the image’s security headers, services listen on loopback only, a killed consumer is restarted while the router skips it, and SIGHUP stops everything', async () => {
    const { stack, url } = await startStack();

    const broken = await rawGet(url, '/%');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.code).toBe('BAD_REQUEST');
    const page = await rawGet(url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");

    const services = readStackRecord(dataDir)?.services ?? {};
    expect(Object.keys(services)).toHaveLength(7);
    for (const [pod, pid] of Object.entries(services)) {
      const addresses = listeningAddresses(pid);
      expect(addresses.length, pod).toBeGreaterThan(0);
      for (const address of addresses) expect(address, pod).toMatch(/^127\.0\.0\.1:/);
    }

    const killed = podPid(dataDir, 'consumer-1');
    process.kill(killed, 'SIGKILL');
    await stack.line(/consumer-1 exited \(killed by SIGKILL\); restarting it in 1 s/);
    // While consumer-1 is down or not yet ready, every request is served, by consumer-2; one
    // served by consumer-1 (on a very slow machine these may outlast its restart) must come
    // after the stack saw it ready again.
    const whileDown = await Promise.all(
      Array.from({ length: 6 }, () => rawGet(url, '/api/consumer/stats')),
    );
    for (const answer of whileDown) expect(answer.status).toBe(200);
    const byRestarted = whileDown.filter((a) => a.headers['x-served-by-pod'] === 'consumer-1');
    if (byRestarted.length > 0) await stack.line(/consumer-1 is ready again/, 5_000);
    await stack.line(/consumer-1 is ready again/, 60_000);
    expect(podPid(dataDir, 'consumer-1')).not.toBe(killed);
    await waitFor('consumer-1 to serve again', async () => {
      const answer = await rawGet(url, '/api/consumer/stats');
      return answer.headers['x-served-by-pod'] === 'consumer-1';
    });

    // A closed terminal: the same orderly stop as Ctrl-C.
    stack.child.kill('SIGHUP');
    expect(await stack.exited).toEqual({ code: 0, signal: null });
    expect(stack.lines.join('\n')).toMatch(/stopped cleanly/);
    await expectNothingLeft(dataDir, 10_000);
  }, 300_000);

  it('when npm start and its watchdog were both killed, then the next start stops what they left, says so, and runs; when that one is killed, its watchdog stops everything', async () => {
    const { stack } = await startStack();
    const record = readStackRecord(dataDir);
    stack.child.kill('SIGKILL');
    process.kill(record?.watchdog?.pid as number, 'SIGKILL');
    await stack.exited;
    expect(stackProcesses(dataDir).length).toBeGreaterThan(7);

    const next = await startStack();
    expect(next.stack.lines.join('\n')).toMatch(
      new RegExp(`an earlier npm start \\(pid ${record?.pid}\\) ended without stopping`),
    );
    expect((await rawGet(next.url, '/api/consumer/stats')).status).toBe(200);

    next.stack.child.kill('SIGKILL');
    await expectNothingLeft(dataDir);
    expect(readStackRecord(dataDir)).toBeUndefined();
  }, 300_000);

  it('when SIGINT is sent to the npm process alone, as IDEs and process managers do, then npm start stops everything cleanly and exits 0', async () => {
    const npm = await startNpm();
    process.kill(npm.child.pid as number, 'SIGINT');
    await expectCleanStop(npm);
  }, 300_000);

  // Regression: each npm start under test ran `nx run-many -t build`, and Nx without its daemon
  // (CI) restores every cached output even when it matches, so a service another test was
  // starting found a chunk of its bundle missing. What npm test built is used as it is.
  it('when npm start runs under the tests, then it leaves the services it did not build as they are', async () => {
    const bundle = join(root, 'services', 'todo', 'dist', 'main.js');
    const before = statSync(bundle).mtimeMs;
    const npm = await startNpm();
    process.kill(npm.child.pid as number, 'SIGINT');
    await expectCleanStop(npm);
    expect(statSync(bundle).mtimeMs).toBe(before);
  }, 300_000);

  it('when Ctrl-C is pressed in a terminal (SIGINT to the whole process group), then the stack drains once: npm start’s own SIGINT is not a second Ctrl-C', async () => {
    const npm = await startNpm();
    process.kill(-(npm.child.pid as number), 'SIGINT');
    expect(await expectCleanStop(npm)).not.toMatch(/second Ctrl-C/);
  }, 300_000);

  it('when SIGTERM arrives while the stack is still starting, then it stops what it started and exits', async () => {
    const [port] = (await findFreePorts(1)) as [number];
    const stack = runStack(dataDir, port);
    started.push(stack);
    // The line that names the first pods (in catalog order): services are being spawned now.
    await stack.line(/\[start\] starting [a-z][a-z0-9-]*-1\b/);
    stack.child.kill('SIGTERM');
    const { code } = await stack.exited;
    expect(code).toBe(0);
    expect(stack.lines.join('\n')).not.toMatch(/podlab is running/);
    await expectNothingLeft(dataDir, 10_000);
  }, 300_000);
});
