import { describe, expect, it } from 'vitest';
import {
  dataDirForFile,
  exitWithin,
  expectNothingLeft,
  runControlPlane,
  runNpm,
} from './support/run-stack.js';

// The control plane's state (etcd data, PKI, kubeconfig) goes under PODLAB_DATA_DIR/kubernetes,
// so every process it starts names this folder: that is how "nothing is left" is checked.
const { dataDir, started } = dataDirForFile('podlab-k8s-');

describe('npm run k8s:control-plane', () => {
  // A cold machine builds the binaries from source first (minutes); warm, it starts in seconds.
  it('when SIGINT is sent to the npm process alone, as IDEs and process managers do, then it stops the control plane cleanly and exits 0', async () => {
    const npm = runNpm(['run', 'k8s:control-plane'], { ...process.env, PODLAB_DATA_DIR: dataDir });
    started.push(npm);
    await npm.lineBeforeExit(/\[k8s\] Ctrl-C stops it/, 1_200_000);
    process.kill(npm.child.pid as number, 'SIGINT');
    expect(await exitWithin(npm, 60_000)).toEqual({ code: 0, signal: null });
    expect(npm.lines.join('\n')).toMatch(/\[k8s\] stopped cleanly/);
    await expectNothingLeft(dataDir, 10_000);
  }, 1_300_000);

  it('when the terminal closes (SIGHUP), then it stops the control plane cleanly rather than leave it running', async () => {
    const plane = runControlPlane(dataDir);
    started.push(plane);
    await plane.lineBeforeExit(/\[k8s\] Ctrl-C stops it/, 1_200_000);
    plane.child.kill('SIGHUP');
    expect(await exitWithin(plane, 60_000)).toEqual({ code: 0, signal: null });
    expect(plane.lines.join('\n')).toMatch(/\[k8s\] stopped cleanly/);
    await expectNothingLeft(dataDir, 10_000);
  }, 1_300_000);
});
