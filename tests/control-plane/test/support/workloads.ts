import type { KubernetesControlPlane } from '@podlab/testing';

export interface Named {
  kind: string;
  name: string;
}

interface ObjectList<T> {
  items: T[];
}

/** `kubectl get <kinds> -n podlab -o json`'s items. */
export async function getItems<T = Record<string, unknown>>(
  plane: KubernetesControlPlane,
  kinds: string,
  namespace = 'podlab',
): Promise<T[]> {
  const { stdout } = await plane.kubectl(['get', kinds, '-n', namespace, '-o', 'json']);
  return (JSON.parse(stdout) as ObjectList<T>).items;
}

interface VolumeClaimTemplate {
  metadata: { name: string };
  spec: {
    accessModes: string[];
    resources: { requests: { storage: string } };
    storageClassName?: string;
  };
}
interface StatefulSet {
  metadata: { name: string };
  spec: { replicas?: number; volumeClaimTemplates?: VolumeClaimTemplate[] };
}

/**
 * One hostPath PersistentVolume per claim the StatefulSets will make (<template>-<set>-<ordinal>),
 * pre-bound to that claim by claimRef: the cluster has no provisioner, as a learner's
 * minikube or k3d has one (their storage-provisioner / local-path), and this stands in for it.
 */
export function volumesFor(
  statefulSets: StatefulSet[],
  namespace = 'podlab',
): Record<string, unknown>[] {
  return statefulSets.flatMap((set) =>
    (set.spec.volumeClaimTemplates ?? []).flatMap((template) =>
      Array.from({ length: set.spec.replicas ?? 1 }, (_, ordinal) => {
        const claim = `${template.metadata.name}-${set.metadata.name}-${ordinal}`;
        return {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name: `pv-${namespace}-${claim}` },
          spec: {
            capacity: { storage: template.spec.resources.requests.storage },
            accessModes: template.spec.accessModes,
            persistentVolumeReclaimPolicy: 'Delete',
            ...(template.spec.storageClassName
              ? { storageClassName: template.spec.storageClassName }
              : {}),
            claimRef: { namespace, name: claim },
            hostPath: { path: `/var/lib/podlab-test/${claim}`, type: 'DirectoryOrCreate' },
          },
        };
      }),
    ),
  );
}

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
export interface Pod {
  metadata: { name: string; namespace: string };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: PodCondition[] };
}

/** Pods not bound to a node, each with the scheduler's reason ("0/1 nodes are available: 1 Insufficient cpu"). */
export async function unscheduledPods(
  plane: KubernetesControlPlane,
  namespace: string,
): Promise<string[]> {
  const pods = await getItems<Pod>(plane, 'pods', namespace);
  return pods
    .filter((pod) => !pod.spec.nodeName)
    .map((pod) => {
      const scheduled = pod.status.conditions?.find((c) => c.type === 'PodScheduled');
      return `${pod.metadata.namespace}/${pod.metadata.name}: ${scheduled?.message ?? 'not scheduled yet'}`;
    });
}
