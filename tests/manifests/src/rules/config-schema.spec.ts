import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { edit, validSystem } from '../testing/system.js';
import { configSchemaRule } from './config-schema.js';

const run = (ctx: ReturnType<typeof validSystem>) => configSchemaRule.check(ctx).map(formatProblem);
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('config-schema', () => {
  it('when a required key is provided nowhere, then it names the key and the schema', () => {
    const ctx = edit(
      validSystem(),
      'Secret',
      'app-secrets-h4sh',
      (s) => (s.data = { AMQP_ULR: b64('amqp://x') }),
    );
    expect(run(ctx)).toContain(
      'fixture/deployment.yaml: Deployment/app: spec.template.spec.containers[app]: AMQP_URL is required by services/app/src/config.ts but no ConfigMap, Secret or env entry of this container provides it',
    );
  });

  it('when a ConfigMap has a key the schema does not know, then the ConfigMap and key are named', () => {
    const ctx = edit(
      validSystem(),
      'ConfigMap',
      'app-config-h4sh',
      (c) => (c.data.LOG_LVL = 'debug'),
    );
    expect(run(ctx)).toEqual([
      'fixture/configmap.yaml: ConfigMap/app-config-h4sh: data.LOG_LVL: LOG_LVL is not a key of services/app/src/config.ts (read by Deployment/app): a typo, or a setting the service ignores',
    ]);
  });

  it('when an env entry is stray, then the Deployment field is named', () => {
    const ctx = edit(validSystem(), 'Deployment', 'app', (d) =>
      d.spec.template.spec.containers[0].env.push({ name: 'LEASE_NAME', value: 'x' }),
    );
    expect(run(ctx).join('\n')).toMatch(
      /Deployment\/app: spec.template.spec.containers\[app\].env\[LEASE_NAME\]: LEASE_NAME is not a key/,
    );
  });

  it('when the key comes from env instead, then it counts as provided', () => {
    const ctx = edit(validSystem(), 'Secret', 'app-secrets-h4sh', (s) => (s.data = {}));
    edit(ctx, 'Deployment', 'app', (d) =>
      d.spec.template.spec.containers[0].env.push({ name: 'AMQP_URL', value: 'amqp://x' }),
    );
    expect(run(ctx)).toEqual([]);
  });

  it("when a pod is given the OpenTelemetry SDK's standard variables, then they are known; a misspelt one is stray", () => {
    const ctx = edit(validSystem(), 'Deployment', 'app', (d) =>
      d.spec.template.spec.containers[0].env.push(
        { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability:4318' },
        { name: 'OTEL_SERVICE_NAME', value: 'app' },
        { name: 'OTEL_EXPORTER_OTLP_PROTOCOLL', value: 'http/protobuf' },
      ),
    );
    expect(run(ctx)).toEqual([
      expect.stringMatching(
        /env\[OTEL_EXPORTER_OTLP_PROTOCOLL\]: OTEL_EXPORTER_OTLP_PROTOCOLL is not a key/,
      ),
    ]);
  });
});
