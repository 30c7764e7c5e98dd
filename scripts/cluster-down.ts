// `npm run cluster:down [-- k3d|minikube]`: deletes the podlab cluster(s) this machine has,
// volumes included. With no argument, every kind whose tool is installed.
import { spawnSync } from 'node:child_process';
import { CLUSTER_NAME, main, onPath, requireTools, run, stepper, succeeds } from './cluster-lib.ts';

const kinds: Record<string, { exists: () => boolean; remove: () => void }> = {
  k3d: {
    exists: () => succeeds('k3d', ['cluster', 'get', CLUSTER_NAME]),
    remove: () => run('k3d', ['cluster', 'delete', CLUSTER_NAME]),
  },
  minikube: {
    exists: () => minikubeProfiles().includes(CLUSTER_NAME),
    remove: () => run('minikube', ['delete', '--profile', CLUSTER_NAME]),
  },
};

/** Profile names, running or stopped (`minikube status` fails for stopped ones too). */
function minikubeProfiles() {
  const out = spawnSync('minikube', ['profile', 'list', '--output', 'json'], {
    encoding: 'utf8',
  }).stdout;
  try {
    const { valid = [], invalid = [] } = JSON.parse(out);
    return [...valid, ...invalid].map((p: { Name: string }) => p.Name);
  } catch {
    return [];
  }
}

await main(async () => {
  const asked = process.argv.slice(2);
  for (const kind of asked)
    if (!(kind in kinds)) throw new Error(`unknown cluster kind "${kind}": use k3d or minikube`);
  const chosen = asked.length > 0 ? asked : Object.keys(kinds).filter((kind) => onPath(kind));
  if (asked.length > 0) requireTools('npm run cluster:down', asked);
  if (chosen.length === 0)
    throw new Error(
      'npm run cluster:down: neither k3d nor minikube is installed, so there is no podlab cluster to delete',
    );
  const step = stepper(chosen.length);
  for (const kind of chosen) {
    step(`${kind}: cluster ${CLUSTER_NAME}`);
    if (kinds[kind].exists()) kinds[kind].remove();
    else console.log(`      no ${kind} cluster named ${CLUSTER_NAME}: nothing to delete`);
  }
});
