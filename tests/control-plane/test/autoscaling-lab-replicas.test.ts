import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesControlPlane } from '@podlab/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from './support/control-plane.js';
import { copyManifests, REPO_ROOT, writeSetup } from './support/learner-setups.js';

// Issue 11 item 9: the autoscaling component removes `replicas:` from producer and consumer (the
// HPA owns the count). A client-side `kubectl apply` deletes a field that its last applied
// configuration had and the files no longer have, so switching the lab on dropped both to one pod
// until the HPA reacted. Lab 16 now removes that annotation first. A server-side dry run of each
// apply shows the replicas it would store, before any HPA could change them.

const OVERLAY = 'kustomize/overlays/minikube';
const AUTOSCALING = 'autoscaling';
const HAND_OVER =
  'annotate deployment/producer deployment/consumer kubectl.kubernetes.io/last-applied-configuration-';

let plane: KubernetesControlPlane;
let manifests: ReturnType<typeof copyManifests>;

beforeAll(async () => {
  manifests = copyManifests();
  plane = await startControlPlane('autoscaling-lab');
  await plane.kubectl(['apply', '-k', writeSetup(manifests.dir, { overlay: OVERLAY, labs: [] })]);
});

afterAll(async () => {
  await plane?.dispose();
  manifests?.remove();
});

/** producer's and consumer's spec.replicas as `kubectl apply -k <setup>` would store them. */
async function replicasTheApplyWouldStore(): Promise<Record<string, number | undefined>> {
  const dir = writeSetup(manifests.dir, { overlay: OVERLAY, labs: [AUTOSCALING] });
  const { stdout } = await plane.kubectl(['apply', '-k', dir, '--dry-run=server', '-o', 'json']);
  const { items } = JSON.parse(stdout) as {
    items: { kind: string; metadata: { name: string }; spec?: { replicas?: number } }[];
  };
  return Object.fromEntries(
    items
      .filter((o) => o.kind === 'Deployment' && ['producer', 'consumer'].includes(o.metadata.name))
      .map((o) => [o.metadata.name, o.spec?.replicas]),
  );
}

describe('when the autoscaling lab is switched on over a running overlay', () => {
  it('then, without the hand-over, the apply would drop producer and consumer to one pod', async () => {
    expect(await replicasTheApplyWouldStore()).toEqual({ producer: 1, consumer: 1 });
  });

  it('then, with the hand-over lab 16 starts with (both tutorials), they keep their two', async () => {
    for (const doc of ['docs/tutorial.md', 'docs/tutorial.zh-TW.md'])
      expect(readFileSync(join(REPO_ROOT, doc), 'utf8'), doc).toContain(
        `kubectl -n podlab ${HAND_OVER}`,
      );
    await plane.kubectl(['-n', 'podlab', ...HAND_OVER.split(' ')]);
    expect(await replicasTheApplyWouldStore()).toEqual({ producer: 2, consumer: 2 });
  });
});
