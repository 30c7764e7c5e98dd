import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dataDirForFile,
  exitWithin,
  expectNothingLeft,
  runControlPlane,
  runControlPlaneLauncher,
  runNpm,
  type StackProcess,
} from './support/run-stack.js';

// The control plane's state (etcd data, PKI, kubeconfig) goes under PODLAB_DATA_DIR/kubernetes,
// so every process it starts names this folder: that is how "nothing is left" is checked.
const { dataDir, started } = dataDirForFile('podlab-k8s-');

const UP = /\[k8s\] Ctrl-C stops it/;

/**
 * Starts the control plane one of the ways a learner does, and resolves once it printed `line`.
 * A cold machine builds the binaries from source first (minutes); warm, it starts in seconds.
 */
async function startUntil(run: () => StackProcess, line = UP): Promise<StackProcess> {
  const plane = run();
  started.push(plane);
  await plane.lineBeforeExit(line, 1_200_000);
  return plane;
}

describe('npm run k8s:control-plane', () => {
  it('when SIGINT is sent to the npm process alone, as IDEs and process managers do, then it stops the control plane cleanly and exits 0', async () => {
    const npm = await startUntil(() =>
      runNpm(['run', 'k8s:control-plane'], { ...process.env, PODLAB_DATA_DIR: dataDir }),
    );
    process.kill(npm.child.pid as number, 'SIGINT');
    expect(await exitWithin(npm, 60_000)).toEqual({ code: 0, signal: null });
    expect(npm.lines.join('\n')).toMatch(/\[k8s\] stopped cleanly/);
    await expectNothingLeft(dataDir, 10_000);
  }, 1_300_000);

  it('when the terminal closes (SIGHUP), then it stops the control plane cleanly rather than leave it running', async () => {
    const plane = await startUntil(() => runControlPlane(dataDir));
    plane.child.kill('SIGHUP');
    expect(await exitWithin(plane, 60_000)).toEqual({ code: 0, signal: null });
    expect(plane.lines.join('\n')).toMatch(/\[k8s\] stopped cleanly/);
    await expectNothingLeft(dataDir, 10_000);
  }, 1_300_000);

  it('when the launcher npm runs is killed with SIGKILL, then the runner sees its lifeline close and stops the control plane cleanly', async () => {
    const launcher = await startUntil(() => runControlPlaneLauncher(dataDir));
    launcher.child.kill('SIGKILL');
    // The runner keeps the launcher's output pipe: its last words still arrive.
    await launcher.line(/\[k8s\] stopped cleanly/, 60_000);
    await expectNothingLeft(dataDir, 10_000);
  }, 1_300_000);

  it('when npm itself is killed with SIGKILL, then the launcher, orphaned, stops the control plane cleanly', async () => {
    const npm = await startUntil(() =>
      runNpm(['run', 'k8s:control-plane'], { ...process.env, PODLAB_DATA_DIR: dataDir }),
    );
    npm.child.kill('SIGKILL');
    // npm's children write to the output npm was given: their last words still arrive.
    await npm.line(/\[k8s\] stopped cleanly/, 60_000);
    await expectNothingLeft(dataDir, 10_000);
  }, 1_300_000);

  it('when the runner itself is killed with SIGKILL, then its watchdog stops every component', async () => {
    const plane = await startUntil(() => runControlPlane(dataDir));
    plane.child.kill('SIGKILL');
    await expectNothingLeft(dataDir, 60_000);
    const said = readFileSync(join(dataDir, 'kubernetes', 'watchdog.log'), 'utf8');
    expect(said).toMatch(/ended without stopping it; stopping .*etcd/);
    expect(said).toMatch(/stopped what the runner left/);
  }, 1_300_000);

  it('when it is told to stop while it is still starting, then it leaves nothing running', async () => {
    const plane = await startUntil(() => runControlPlane(dataDir), /\[k8s\] etcd ready/);
    plane.child.kill('SIGTERM');
    expect(await exitWithin(plane, 30_000)).toEqual({ code: 1, signal: null });
    expect(plane.lines.join('\n')).toMatch(/\[k8s\] stopping before it was up/);
    await expectNothingLeft(dataDir, 30_000);
  }, 1_300_000);
});
