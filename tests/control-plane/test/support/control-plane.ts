import {
  CONTROL_PLANE_ERROR_ENV,
  startKubernetes,
  type KubernetesControlPlane,
  type StartKubernetesOptions,
} from '@podlab/testing';

/**
 * A private control plane for one test file (the manifests all use namespace podlab, so two
 * files never share one). When the global setup could not build the binaries, every file
 * fails here with its reason (for example: no Go toolchain).
 */
export async function startControlPlane(
  name: string,
  options: Omit<StartKubernetesOptions, 'name'> = {},
): Promise<KubernetesControlPlane> {
  const buildError = process.env[CONTROL_PLANE_ERROR_ENV];
  if (buildError) throw new Error(`the Kubernetes control plane could not be built: ${buildError}`);
  return startKubernetes({ name, ...options });
}

/** Lines of kubectl's stderr that are API server warnings (`Warning: ...`). */
export const warningLines = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => line.startsWith('Warning:'));

/**
 * Istio is not installed: its three networking kinds are registered so the API server accepts
 * the service-mesh lab's objects (their fields are validated offline by `npm run k8s:check`
 * against Istio's schemas; here only that they apply next to everything else).
 */
export const ISTIO_CRDS = ['Gateway', 'VirtualService', 'DestinationRule'].map((kind) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${kind.toLowerCase()}s.networking.istio.io` },
  spec: {
    group: 'networking.istio.io',
    names: {
      kind,
      listKind: `${kind}List`,
      plural: `${kind.toLowerCase()}s`,
      singular: kind.toLowerCase(),
    },
    scope: 'Namespaced',
    versions: ['v1', 'v1beta1', 'v1alpha3'].map((name) => ({
      name,
      served: true,
      storage: name === 'v1',
      schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    })),
  },
}));

/**
 * k3s (k3d) ships its own HelmChartConfig kind: the k3d overlay configures k3s' Traefik with
 * one. Registered so it applies as on k3d (the chart itself is k3s' business, not podlab's).
 */
export const K3S_CRDS = [
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'helmchartconfigs.helm.cattle.io' },
    spec: {
      group: 'helm.cattle.io',
      names: {
        kind: 'HelmChartConfig',
        listKind: 'HelmChartConfigList',
        plural: 'helmchartconfigs',
        singular: 'helmchartconfig',
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      ],
    },
  },
];

/** The kinds the learners' clusters add: Istio's (the mesh lab installs it) and k3s' HelmChartConfig. */
export async function installIstioCrds(plane: KubernetesControlPlane): Promise<void> {
  await plane.kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...ISTIO_CRDS, ...K3S_CRDS] }),
  });
  await plane.kubectl([
    'wait',
    '--for=condition=Established',
    'crd',
    ...[...ISTIO_CRDS, ...K3S_CRDS].map((c) => c.metadata.name),
  ]);
}

/**
 * The namespaces the learner set-ups create: podlab, and observability (components/observability
 * keeps its stack beside podlab).
 */
export const LEARNER_NAMESPACES = ['podlab', 'observability'];

/**
 * Deletes the learner namespaces (those there) and waits until they are gone, for a fresh start.
 * The StatefulSets and their volume claims go first: a claim keeps its pvc-protection finalizer
 * while a pod uses it, and the namespace controller, finding one left, looks again only ~9 s
 * later (half its 15 s guess for finalizers, plus one): 12 s per deletion here rather than 18.
 */
export async function deleteLearnerNamespaces(plane: KubernetesControlPlane): Promise<void> {
  await plane.kubectl([
    'delete',
    'statefulsets,persistentvolumeclaims',
    '--all',
    '--namespace=podlab',
    '--wait=true',
    '--timeout=180s',
  ]);
  await plane.kubectl([
    'delete',
    'namespace',
    ...LEARNER_NAMESPACES,
    '--ignore-not-found',
    '--wait=true',
    '--timeout=180s',
  ]);
}
