import { describe, expect, it } from 'vitest';
import { serviceContainers, serviceWorkloads } from './env.js';
import { edit, validSystem } from './testing/system.js';

const summary = (s: { service: string; field: string; env: Map<string, { value?: string }> }) => ({
  service: s.service,
  field: s.field,
  env: Object.fromEntries([...s.env].map(([name, source]) => [name, source.value])),
});

describe('serviceContainers', () => {
  it('when workloads name their service, then each comes with its app container and env, config schema or not', () => {
    expect(serviceContainers(validSystem().manifests).map(summary)).toEqual([
      {
        service: 'app',
        field: 'spec.template.spec.containers[app]',
        env: {
          PORT: '3000',
          SHUTDOWN_DELAY_MS: '5000',
          SHUTDOWN_TIMEOUT_MS: '20000',
          AMQP_URL: 'amqp://u:p@broker:5672',
          POD_NAME: undefined,
        },
      },
      { service: 'db', field: 'spec.template.spec.containers[db]', env: {} },
    ]);
  });

  it('when a pod template has no app.kubernetes.io/name, then its workload is no service', () => {
    const ctx = edit(validSystem(), 'StatefulSet', 'db', (s) => {
      s.spec.template.metadata.labels = {};
    });
    expect(serviceContainers(ctx.manifests).map((s) => s.service)).toEqual(['app']);
  });
});

describe('serviceWorkloads', () => {
  it('when only some services have a config schema, then only those come, each with its schema', () => {
    const ctx = validSystem();
    expect(
      serviceWorkloads(ctx.manifests, ctx.configs).map((s) => [s.service, s.config.source]),
    ).toEqual([['app', 'services/app/src/config.ts']]);
  });
});
