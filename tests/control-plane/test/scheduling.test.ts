import { MINIKUBE_NODE, waitFor, type KubernetesControlPlane } from '@podlab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installIstioCrds,
  LEARNER_NAMESPACES,
  startControlPlane,
} from './support/control-plane.js';
import { copyManifests, labsOf, writeSetup } from './support/learner-setups.js';
import { systemReservationPod } from './support/minikube-system-pods.js';
import { getItems, unscheduledPods, volumesFor } from './support/workloads.js';

// Test 3: on one node sized like the minikube profile the cluster script creates, with the
// requests of minikube's own system pods reserved, every podlab pod schedules: a Pending pod
// fails the test, named with the scheduler's reason.

const OVERLAY = 'kustomize/overlays/minikube';
let plane: KubernetesControlPlane;
let manifests: ReturnType<typeof copyManifests>;

beforeAll(async () => {
  manifests = copyManifests();
  plane = await startControlPlane('scheduling', { nodes: [MINIKUBE_NODE] });
  await installIstioCrds(plane);
  await plane.kubectl(['apply', '-f', '-'], {
    input: JSON.stringify(systemReservationPod(MINIKUBE_NODE.name)),
  });
});

/** Pods of these namespaces not bound to a node, with the scheduler's reasons. */
const unscheduledIn = async (namespaces: string[]): Promise<string[]> =>
  (await Promise.all(namespaces.map((ns) => unscheduledPods(plane, ns)))).flat();

afterAll(async () => {
  await plane?.dispose();
  manifests?.remove();
});

describe(`when podlab is applied to a minikube node of ${MINIKUBE_NODE.cpu} CPUs and ${MINIKUBE_NODE.memory}`, () => {
  // Labs only add pods (canary a Deployment, autoscaling up to its HPAs' minimum), so the
  // fullest set-up is the one to check; the default replicas are what a learner starts with.
  it('then every pod of every lab schedules next to the system pods', async () => {
    await plane.kubectl([
      'apply',
      '-k',
      writeSetup(manifests.dir, { overlay: OVERLAY, labs: labsOf(OVERLAY) }),
    ]);
    const volumes = volumesFor(await getItems(plane, 'statefulsets'));
    await plane.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: volumes }),
    });
    // Wait until the controllers have made every pod they will make, then until none is Pending.
    interface Workload {
      spec: { replicas?: number };
      status: { replicas?: number };
    }
    await waitFor(
      'the controllers to create every pod',
      async () => {
        const workloads = (
          await Promise.all(
            LEARNER_NAMESPACES.map((ns) =>
              getItems<Workload>(plane, 'deployments,statefulsets', ns),
            ),
          )
        ).flat();
        return workloads.every((w) => (w.status.replicas ?? 0) >= (w.spec.replicas ?? 1));
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
    const pending = await waitFor(
      'every pod to be scheduled',
      async () => {
        const left = await unscheduledIn(LEARNER_NAMESPACES);
        return left.length === 0 ? [] : false;
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    ).catch(async () => unscheduledIn(LEARNER_NAMESPACES));
    expect(pending, `pods left Pending on the minikube node:\n${pending.join('\n')}`).toEqual([]);
    expect(await unscheduledPods(plane, 'kube-system')).toEqual([]);
  });
});
