import { sharedServers, startOtlpReceiver, waitFor, type ReceivedSpan } from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/built-service';
import amqplib from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { consumerStats, isReady, sendBatch } from './support/http.js';
import { pipelineEnv } from './support/pipeline-env.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);
// Left open to the end of the file: the services export their last spans as they stop.
const receiver = await startOtlpReceiver();
// Only the standard variables, as a collector's docs would set them.
const otel = {
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_BSP_SCHEDULE_DELAY: '100',
  OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
};
const producer = await spawnBuiltService('producer', {
  ...env.producerEnv,
  ...otel,
  POD_NAME: 'producer-pod-1',
});
const consumer = await spawnBuiltService('consumer', {
  ...env.consumerEnv,
  ...otel,
  POD_NAME: 'consumer-pod-1',
});
const connection = await amqplib.connect(amqpUrl);
afterAll(() => connection.close());

const inTrace = (traceId: string) => receiver.spans.filter((s) => s.traceId === traceId);
describe('when the services are given an OTLP endpoint', () => {
  it('then one POST is one trace: the request, its publish, the consumer span per message, the batch and the INSERT', async () => {
    await waitFor(
      'both ready',
      async () => (await isReady(producer.url)) && (await isReady(consumer.url)),
    );
    const { status } = await sendBatch(producer.url, 1);
    expect(status).toBe(202);
    await waitFor(
      'message processed',
      async () => (await consumerStats(consumer.url)).processed === 1,
    );

    // Spans arrive in the order they end: the message's own span ends last, at its ack.
    const { request, publish, processed, batch, insert } = await waitFor(
      'spans of the POST down to the INSERT',
      () => {
        const server = receiver.spans.find(
          (s) => s.service === 'producer' && s.kind === 2 && s.name.startsWith('POST'),
        );
        const trace = server ? inTrace(server.traceId) : [];
        const publish = trace.find((s) => s.service === 'producer' && s.kind === 4);
        const found = {
          request: server,
          publish,
          // The consumer's span for the message: a child of its publish span.
          processed: trace.find(
            (s) => s.service === 'consumer' && s.kind === 5 && s.parentSpanId === publish?.spanId,
          ),
          batch: trace.find((s) => s.service === 'consumer' && s.name.endsWith('batch')),
          insert: trace.find((s) => s.service === 'consumer' && /^INSERT/i.test(s.name)),
        };
        return (
          Object.values(found).every(Boolean) && (found as Record<keyof typeof found, ReceivedSpan>)
        );
      },
    );

    expect(processed.parentSpanId).toBe(publish.spanId);
    // Routers have spans; the dozen middleware layers of each request do not.
    const layers = inTrace(request.traceId).map((s) => s.attributes['express.type']);
    expect(layers).toContain('router');
    expect(layers).not.toContain('middleware');
    expect(batch.parentSpanId).toBe(processed.spanId);
    expect(batch.links).toContainEqual(
      expect.objectContaining({ traceId: processed.traceId, spanId: processed.spanId }),
    );
    expect(insert.parentSpanId).toBe(batch.spanId);
    expect(processed.status.code ?? 0).not.toBe(2);
    expect(request.resource).toMatchObject({
      'service.name': 'producer',
      'k8s.pod.name': 'producer-pod-1',
      'deployment.environment.name': 'test',
    });
    expect(insert.resource).toMatchObject({
      'service.name': 'consumer',
      'k8s.pod.name': 'consumer-pod-1',
      'service.version': expect.any(String),
    });

    const logged = producer.logs.filter((line) => line.includes(`"trace_id":"${request.traceId}"`));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).toContain(`"span_id":"`);
  });

  it('then a poison message ends in an error span naming the dead-letter reason', async () => {
    const channel = await connection.createConfirmChannel();
    channel.publish(env.exchange, env.queue, Buffer.from('this is not JSON'), {
      persistent: true,
      messageId: 'poison-1',
    });
    await channel.waitForConfirms();
    await channel.close();

    const poisoned = await waitFor('the poison message span', () =>
      receiver.spans.find(
        (s) =>
          s.service === 'consumer' &&
          s.kind === 5 &&
          s.attributes['messaging.message_id'] === 'poison-1',
      ),
    );
    expect(poisoned.status).toEqual({
      code: 2,
      message: expect.stringMatching(/^dead-lettered: body is not JSON: /),
    });
    expect(poisoned.attributes['podlab.dead_letter.reason']).toMatch(/^body is not JSON: /);
  });
});
