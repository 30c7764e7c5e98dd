import type { KubernetesControlPlane } from '@podlab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installIstioCrds,
  LEARNER_NAMESPACES,
  startControlPlane,
} from './support/control-plane.js';
import { copyManifests, labsOf, writeSetup } from './support/learner-setups.js';
import { getItems, volumesFor, type Pod } from './support/workloads.js';

// Test 2: the real controllers converge on what the manifests declare. kwok stands in for the
// kubelets (two nodes: one like the minikube profile, one like a k3d node): it reports pods
// Running and Ready, so what is checked is the controllers' work, not the containers'.

const OVERLAY = 'kustomize/overlays/minikube';
let plane: KubernetesControlPlane;
let manifests: ReturnType<typeof copyManifests>;

beforeAll(async () => {
  manifests = copyManifests();
  plane = await startControlPlane('converge');
  await installIstioCrds(plane);
  // Every lab on: the most objects at once (canary's second Deployment, HPAs, PDBs, policies).
  const dir = writeSetup(manifests.dir, { overlay: OVERLAY, labs: labsOf(OVERLAY) });
  await plane.kubectl(['apply', '-k', dir]);
  const volumes = volumesFor(await getItems(plane, 'statefulsets'));
  await plane.kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: volumes }),
  });
});

afterAll(async () => {
  await plane?.dispose();
  manifests?.remove();
});

const names = async (kind: string, namespace = 'podlab') =>
  (await plane.kubectl(['get', kind, '-n', namespace, '-o', 'name'])).stdout
    .split('\n')
    .filter(Boolean);

describe('when every lab of the minikube overlay is applied', () => {
  it('then every Deployment finishes its rollout, the observability stack included', async () => {
    expect((await names('deployments')).length).toBeGreaterThan(5);
    expect(await names('deployments', 'observability')).toContain('deployment.apps/otel-collector');
    for (const namespace of LEARNER_NAMESPACES)
      for (const deployment of await names('deployments', namespace))
        await plane.kubectl(['rollout', 'status', '-n', namespace, deployment, '--timeout=180s']);
  });

  it('then each StatefulSet creates its pods and claims, bound to the volumes made for them', async () => {
    const sets = await names('statefulsets');
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets)
      await plane.kubectl(['rollout', 'status', '-n', 'podlab', set, '--timeout=180s']);
    await plane.kubectl([
      'wait',
      '-n',
      'podlab',
      '--for=jsonpath={.status.phase}=Bound',
      'pvc',
      '--all',
      '--timeout=120s',
    ]);
    const claims = await getItems<{ metadata: { name: string } }>(plane, 'pvc');
    expect(claims.map((c) => c.metadata.name).sort()).toEqual(['data-mysql-0', 'data-rabbitmq-0']);
  });

  it('then every HorizontalPodAutoscaler finds the workload it scales', async () => {
    interface Hpa {
      metadata: { name: string };
      spec: { scaleTargetRef: { kind: string; name: string } };
    }
    const hpas = await getItems<Hpa>(plane, 'hpa');
    expect(hpas.length).toBeGreaterThan(0);
    for (const hpa of hpas) {
      const target = `${hpa.spec.scaleTargetRef.kind.toLowerCase()}/${hpa.spec.scaleTargetRef.name}`;
      expect(
        (await plane.kubectl(['get', '-n', 'podlab', target, '-o', 'name'], { allowFailure: true }))
          .code,
        `${hpa.metadata.name} → ${target}`,
      ).toBe(0);
      // AbleToScale=True: the controller read the target's scale subresource. (ScalingActive stays
      // False: no metrics-server here, as on a cluster without the addon.)
      await plane.kubectl([
        'wait',
        '-n',
        'podlab',
        '--for=condition=AbleToScale',
        `hpa/${hpa.metadata.name}`,
        '--timeout=120s',
      ]);
    }
  });

  it('then draining a node evicts its pods through the PodDisruptionBudgets and they come back on the other node', async () => {
    const pods = await getItems<Pod>(plane, 'pods');
    const byNode = new Map<string, number>();
    for (const pod of pods)
      if (pod.spec.nodeName)
        byNode.set(pod.spec.nodeName, (byNode.get(pod.spec.nodeName) ?? 0) + 1);
    const [busiest] = [...byNode].sort((a, b) => b[1] - a[1]);
    expect(busiest, 'no pod is on any node').toBeDefined();
    const node = busiest?.[0] as string;
    // Eviction (not deletion) is what makes drain respect the PodDisruptionBudgets: a PDB at its
    // limit answers 429 and drain retries until the replacement pod is Ready elsewhere.
    const drain = await plane.kubectl(
      ['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=240s'],
      { timeoutMs: 260_000 },
    );
    expect(drain.stdout).toContain(`node/${node} drained`);
    for (const deployment of await names('deployments'))
      await plane.kubectl(['rollout', 'status', '-n', 'podlab', deployment, '--timeout=180s']);
    const after = await getItems<Pod>(plane, 'pods');
    expect(after.filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name)).toEqual([]);
    interface Pdb {
      metadata: { name: string };
      status: { currentHealthy: number; desiredHealthy: number };
    }
    for (const pdb of await getItems<Pdb>(plane, 'pdb'))
      expect(pdb.status.currentHealthy, `PDB ${pdb.metadata.name}`).toBeGreaterThanOrEqual(
        pdb.status.desiredHealthy,
      );
    await plane.kubectl(['uncordon', node]);
  });
});
