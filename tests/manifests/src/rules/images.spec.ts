import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { imagesRule, parseImage, registryOf } from './images.js';

const run = (ctx: ReturnType<typeof validSystem>) => imagesRule.check(ctx).map(formatProblem);

describe('images', () => {
  it('when a podlab image is not one npm run images builds, then it lists what it builds', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.spec.template.spec.containers[0].image = 'localhost/podlab/ap:dev'),
    );
    expect(run(ctx)).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.containers[app].image: localhost/podlab/ap:dev is not built by `npm run images` (it builds localhost/podlab/app:dev)',
    ]);
  });

  it('when a podlab image has no registry part, then it says what a cluster makes of it', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.spec.template.spec.containers[0].image = 'podlab/app:dev'),
    );
    expect(run(ctx)).toEqual([
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.containers[app].image: podlab/app:dev is not built by `npm run images` (it builds localhost/podlab/app:dev); without a registry part a cluster reads it as docker.io/podlab/app:dev, never the imported image',
    ]);
  });

  it('when a podlab image would be pulled Always, then it is reported', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.spec.template.spec.containers[0].imagePullPolicy = 'Always'),
    );
    expect(run(ctx).join('\n')).toMatch(
      /containers\[app\].imagePullPolicy: Always: localhost\/podlab\/app:dev exists only where it was built/,
    );
  });

  it('when a third-party image is latest or untagged, then it asks for a pinned tag', () => {
    const ctx = edit(
      validSystem(),
      'Deployment',
      'app',
      (d) => (d.spec.template.spec.initContainers[0].image = 'busybox'),
    );
    edit(
      ctx,
      'StatefulSet',
      'db',
      (s) => (s.spec.template.spec.containers[0].image = 'mysql:latest'),
    );
    expect(run(ctx)).toHaveLength(2);
    expect(run(ctx)[0]).toMatch(/initContainers\[wait-for-deps\].image: busybox is not pinned/);
  });

  it('when parsing references, then registry ports and digests are not tags', () => {
    expect(parseImage('localhost:5000/podlab/app')).toEqual({
      repository: 'localhost:5000/podlab/app',
      digest: undefined,
    });
    expect(parseImage('mysql@sha256:abc').digest).toBe('sha256:abc');
    expect(parseImage('rabbitmq:4.1.0-management').tag).toBe('4.1.0-management');
    expect([
      registryOf('localhost/podlab/app:dev'),
      registryOf('docker.io/x/y'),
      registryOf('podlab/app:dev'),
      registryOf('mysql:8.4'),
    ]).toEqual(['localhost', 'docker.io', undefined, undefined]);
  });
});
