import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  recordedServerGroup,
  stillRunsFor,
  stopGroups,
  type ProcessGroup,
} from './process-groups.js';
import { watchStarter } from './watchdog.js';

// `node control-plane-watchdog.js <kubernetes folder>`, started by control-plane.js before it
// starts anything (startWatchdog). The components run detached, in process groups of their own,
// so nothing takes them down with the runner. When the runner is gone: after a clean stop none
// of them runs and there is nothing to do; otherwise (SIGKILL, a crash, a signal mid-start) this
// stops what it left, in the runner's order: kwok and the controllers, then kube-apiserver, then
// etcd, so no component is left talking to one already gone.

/** Stopped after every other component, in this order. */
const LAST = ['kube-apiserver', 'etcd'];
/** What the harness gives each component to stop before it kills it. */
const GRACE_MS = 30_000;

/** Each component that still runs: a subfolder whose owner.json names a live process group of it. */
function runningComponents(dir: string): ProcessGroup[] {
  let folders: string[];
  try {
    folders = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  return folders.flatMap((label) => {
    const pgid = recordedServerGroup(join(dir, label));
    if (pgid === undefined) return [];
    const group = { label, pgid };
    return stillRunsFor(group, join(dir, label)) ? [group] : [];
  });
}

watchStarter('[k8s] watchdog', async (dir, log) => {
  const running = runningComponents(dir);
  if (running.length === 0) return;
  log(
    `the control plane's runner ended without stopping it; stopping ${running.map((c) => `${c.label} (pid ${c.pgid})`).join(', ')}`,
  );
  const first = running.filter((c) => !LAST.includes(c.label));
  for (const tier of [first, ...LAST.map((name) => running.filter((c) => c.label === name))])
    if (tier.length > 0) await stopGroups(tier, GRACE_MS);
  log('stopped what the runner left');
});
