import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as versions from '@podlab/scripts/cluster-versions';
import { imageSpecs } from '@podlab/scripts/image-list';
import { afterAll, describe, expect, it } from 'vitest';

// What the cluster scripts ask k3d, minikube, kubectl, podman and npm to do, recorded by
// stand-ins on PATH (no cluster here): the pinned release and profile size, the images saved
// under the names the manifests use, the StatefulSets waited for first and long enough, and on a
// timeout a message naming what is still missing.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = mkdtempSync(join(tmpdir(), 'podlab-cluster-tools-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** A stand-in: records `name args...` in $LOG, then runs `body` (sh). */
function tool(name: string, body: string) {
  writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "$LOG"\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}
tool('npm', 'exit 0');
tool('podman', 'exit 0');
// A docker client whose engine does not answer: the scripts must pick podman, as on CI.
tool('docker', 'exit 1');
tool('k3d', 'case "$1 $2" in "cluster get") [ -n "$EXISTS" ] && exit 0; exit 1;; esac; exit 0');
tool(
  'minikube',
  'case "$1" in status) [ -n "$EXISTS" ] && exit 0; exit 1;; ip) echo 192.168.49.2;; esac; exit 0',
);
tool(
  'kubectl',
  `case "$*" in
  *"version --output=json"*) echo "{\\"serverVersion\\":{\\"gitVersion\\":\\"\${SERVER_VERSION:-v1.36.3+k3s1}\\"}}";;
  *"get statefulsets -o name"*) printf 'statefulset.apps/mysql\\nstatefulset.apps/rabbitmq\\n';;
  *"get deployments -o name"*) printf 'deployment.apps/consumer\\ndeployment.apps/producer\\n';;
  *"get pods -o json"*) cat "$PODS";;
  *"rollout status"*"$FAIL_ROLLOUT"*) [ -n "$FAIL_ROLLOUT" ] && exit 1;;
esac
exit 0`,
);

function runScript(script: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-cluster-run-'));
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'run.mjs'), script], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, LOG: log, ...env },
  });
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  rmSync(dir, { recursive: true, force: true });
  return { ...result, calls };
}

const refs = imageSpecs().map((s) => s.ref);

describe('npm run cluster:k3d, with stand-in tools', () => {
  const { status, calls, stderr } = runScript('cluster-k3d');

  it('when it creates the cluster, then k3s of the pinned release', () => {
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(calls).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^k3d cluster create podlab --image rancher/k3s:${versions.KUBERNETES_VERSION}-k3s1 `,
        ),
      ),
    );
  });

  it('when it hands the images over, then all of them, under the names the manifests use', () => {
    const save = calls.find((c) => c.startsWith('podman save'));
    expect(save?.split(' ').slice(-refs.length)).toEqual(refs);
    expect(refs.every((ref) => ref.startsWith('localhost/podlab/'))).toBe(true);
    expect(calls).toContainEqual(
      expect.stringMatching(/^k3d image import \S+images\.tar --cluster podlab$/),
    );
  });

  it('when it waits, then for the StatefulSets first, each for a first boot of several minutes', () => {
    const waits = calls.filter((c) => c.includes('rollout status'));
    expect(waits.map((c) => c.split(' ').at(-2))).toEqual([
      'statefulset.apps/mysql',
      'statefulset.apps/rabbitmq',
      'deployment.apps/consumer',
      'deployment.apps/producer',
    ]);
    for (const wait of waits)
      expect(Number(/--timeout=(\d+)s/.exec(wait)?.[1])).toBeGreaterThanOrEqual(300);
  });
});

describe('npm run cluster:minikube, with stand-in tools', () => {
  const { status, calls } = runScript('cluster-minikube');

  it('when it creates the profile, then with the pinned release and enough CPUs and memory', () => {
    expect(status).toBe(0);
    const start = calls.find((c) => c.startsWith('minikube start'));
    expect(start).toContain(`--kubernetes-version=${versions.KUBERNETES_VERSION}`);
    expect(start).toContain(`--cpus=${versions.MINIKUBE_PROFILE.cpus}`);
    expect(start).toContain(`--memory=${versions.MINIKUBE_PROFILE.memory}`);
  });

  it('when it deploys, then it loads the images, applies its overlay in its context, then waits, StatefulSets first', () => {
    const deploy = calls.filter((c) => /^minikube image load |apply -k|rollout status/.test(c));
    expect(deploy[0]).toMatch(/^minikube image load \S+images\.tar --profile podlab$/);
    expect(deploy[1]).toBe('kubectl --context podlab apply -k kustomize/overlays/minikube');
    expect(deploy.slice(2).map((c) => c.split(' ').at(-2))).toEqual([
      'statefulset.apps/mysql',
      'statefulset.apps/rabbitmq',
      'deployment.apps/consumer',
      'deployment.apps/producer',
    ]);
  });
});

describe('when the cluster is not what podlab needs', () => {
  it('when an existing cluster runs a release older than the minimum, then it stops before applying, naming both', () => {
    const { status, stderr, calls } = runScript('cluster-k3d', {
      EXISTS: '1',
      SERVER_VERSION: 'v1.29.4+k3s1',
    });
    expect(status).toBe(1);
    expect(stderr).toContain(
      `the cluster runs Kubernetes v1.29.4+k3s1; podlab needs ${versions.MIN_KUBERNETES} or newer`,
    );
    expect(calls.some((c) => c.includes('apply -k'))).toBe(false);
  });

  it('when a rollout times out, then the message names the pods still missing and why', () => {
    const pods = join(bin, 'pods.json');
    writeFileSync(
      pods,
      JSON.stringify({
        items: [
          {
            metadata: { name: 'mysql-0' },
            status: {
              phase: 'Pending',
              conditions: [{ type: 'Ready', status: 'False' }],
              containerStatuses: [
                {
                  name: 'mysql',
                  ready: false,
                  state: { waiting: { reason: 'ContainerCreating' } },
                },
              ],
            },
          },
          {
            metadata: { name: 'consumer-7d9' },
            status: {
              phase: 'Pending',
              initContainerStatuses: [
                {
                  name: 'wait-for-deps',
                  ready: false,
                  state: { waiting: { reason: 'CrashLoopBackOff' } },
                },
              ],
            },
          },
          {
            metadata: { name: 'rabbitmq-0' },
            status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
          },
        ],
      }),
    );
    const { status, stderr } = runScript('cluster-k3d', { FAIL_ROLLOUT: 'mysql', PODS: pods });
    expect(status).toBe(1);
    expect(stderr).toContain('statefulset.apps/mysql is not ready after 600 s.');
    expect(stderr).toContain('  mysql-0 ContainerCreating (mysql)');
    expect(stderr).toContain('  consumer-7d9 Init:CrashLoopBackOff (wait-for-deps)');
    expect(stderr).not.toContain('rabbitmq-0');
  });
});

describe("the overlays' by-hand steps", () => {
  it('when a README creates the cluster by hand, then with the release and size the scripts use', () => {
    const read = (overlay: string) =>
      readFileSync(join(repoRoot, 'kustomize', 'overlays', overlay, 'README.md'), 'utf8');
    expect(read('k3d')).toContain(`k3d cluster create podlab --image ${versions.K3S_IMAGE} `);
    expect(read('minikube')).toContain(
      `minikube start -p podlab --kubernetes-version=${versions.KUBERNETES_VERSION} --cpus=${versions.MINIKUBE_PROFILE.cpus} --memory=${versions.MINIKUBE_PROFILE.memory} `,
    );
  });
});
