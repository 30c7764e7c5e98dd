import { describe, expect, it } from 'vitest';
import { formatProblem } from '../model.js';
import { add, validSystem } from '../testing/system.js';
import { brokerMemoryRule, rabbitBytes } from './broker-memory.js';

const run = (ctx: ReturnType<typeof validSystem>) => brokerMemoryRule.check(ctx).map(formatProblem);
const broker = (
  conf: string | undefined,
  mount = '/etc/rabbitmq/conf.d/20-podlab.conf',
  subPath: string | undefined = '20-podlab.conf',
) =>
  add(
    validSystem(),
    `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: mq, namespace: lab}
spec:
  serviceName: mq
  selector: {matchLabels: {app.kubernetes.io/name: mq}}
  template:
    metadata: {labels: {app.kubernetes.io/name: mq}}
    spec:
      containers:
        - name: rabbitmq
          image: rabbitmq:4.1.0-management
          resources: {limits: {memory: 1Gi}}
          volumeMounts: [{name: config, mountPath: ${mount}${subPath ? `, subPath: ${subPath}` : ''}}]
      volumes: [{name: config, configMap: {name: mq-config}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: mq-config, namespace: lab}
data: {20-podlab.conf: ${JSON.stringify(conf ?? '# nothing')}}
`,
  );

describe('broker-memory', () => {
  it('when a drop-in sets an absolute watermark inside the limit, then there is no problem', () => {
    expect(run(broker('vm_memory_high_watermark.absolute = 700MiB\n'))).toEqual([]);
  });

  it('when no drop-in sets it, then the container is named with why', () => {
    expect(run(broker(undefined))).toEqual([
      expect.stringMatching(
        /StatefulSet\/mq: spec.template.spec.containers\[rabbitmq\].volumeMounts: no vm_memory_high_watermark.absolute/,
      ),
    ]);
  });

  it('when the watermark is too close to the limit, then it is reported', () => {
    expect(run(broker('vm_memory_high_watermark.absolute = 1GB\n'))).toEqual([
      expect.stringMatching(/= 1GB is above 75 % of the 1Gi limit/),
    ]);
  });

  it('when the ConfigMap is mounted over all of conf.d, then it says what that hides', () => {
    const found = run(
      broker('vm_memory_high_watermark.absolute = 700MiB\n', '/etc/rabbitmq/conf.d', undefined),
    );
    expect(found.join('\n')).toMatch(/hides the image's \/etc\/rabbitmq\/conf.d\/10-defaults.conf/);
  });

  it('when units are read, then as RabbitMQ reads them', () => {
    expect([
      rabbitBytes('700MiB'),
      rabbitBytes('1GB'),
      rabbitBytes('1048576'),
      rabbitBytes('2XB'),
    ]).toEqual([700, 1e9 / 1024 ** 2, 1, NaN]);
  });
});
