import { describe, expect, it } from 'vitest';
import { loadRendered } from './load.js';

const rendered = `apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../../../k8s/producer/service.yaml
  name: producer
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      configuredIn: ../../../k8s/producer/kustomization.yaml
      configuredBy:
        apiVersion: builtin
        kind: ConfigMapGenerator
    keep: me
  name: producer-config-abc
`;

describe('loadRendered', () => {
  it('when objects carry origin annotations, then each gets its repository-relative file and loses the annotation', () => {
    const manifests = loadRendered(rendered, '/repo/kustomize/tests/k3d', '/repo');
    expect(manifests.map((m) => m.file)).toEqual([
      'k8s/producer/service.yaml',
      'k8s/producer/kustomization.yaml',
    ]);
    expect(manifests[0].object.metadata.annotations).toBeUndefined();
    expect(manifests[1].object.metadata.annotations).toEqual({ keep: 'me' });
  });

  it('when an object has no origin, then the combination is named', () => {
    expect(
      loadRendered(
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n',
        '/repo/kustomize/tests/k3d',
        '/repo',
      )[0].file,
    ).toBe('kustomize/tests/k3d (generated)');
  });
});
