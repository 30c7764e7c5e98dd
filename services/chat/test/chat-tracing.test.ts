import { startOtlpReceiver, waitFor, type ReceivedSpan } from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { describe, expect, it, onTestFinished } from 'vitest';
import { chatBackends, chatClient, newRoomWithMembers } from './support/chat-instance.js';
import { openSse } from './support/sse-client.js';

// Tracing needs the built bundle (the kit patches the modules it bundled), so two replicas of
// it run as processes of their own, as the cluster runs them, on one database and exchange.
const { issuer, env } = await chatBackends();
// Left open to the end of the file: the replicas export their last spans as they stop.
const receiver = await startOtlpReceiver();
// Only the standard variables, as a collector's docs would set them.
const otel = {
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_BSP_SCHEDULE_DELAY: '100',
};
const replica = (pod: string) => spawnBuiltService('chat', { ...env, ...otel, POD_NAME: pod });
const [replicaA, replicaB] = await Promise.all([replica('chat-a'), replica('chat-b')]);
const a = chatClient(replicaA.url);

describe('when two chat replicas are given an OTLP endpoint', () => {
  it('then a post to replica A is one trace: the POST, its publish from the outbox, and the delivery on replica B as a child of that publish', async () => {
    const { alice, bob, room } = await newRoomWithMembers(a, issuer);
    const onB = await openSse(
      `${replicaB.url}/api/chat/rooms/${room.id}/events?access_token=${bob.token}`,
    );
    onTestFinished(() => onB.close());
    const posted = await a.post(alice, room.id, 'traced');
    // Replica B delivered it to its stream: it came through the broker.
    const [event] = await onB.waitFor(1);
    expect(event?.id).toBe(posted.id);

    // Found by pod and message id, not by trace: a broken propagation fails the asserts below.
    const span = (pod: string, kind: number, is: (s: ReceivedSpan) => boolean) =>
      receiver.spans.find((s) => s.resource['k8s.pod.name'] === pod && s.kind === kind && is(s));
    const ofPost = (s: ReceivedSpan) => s.attributes['messaging.message_id'] === posted.id;
    const { request, publish, delivery } = await waitFor(
      'spans of the post to its delivery on B',
      () => {
        const found = {
          request: span('chat-a', 2, (s) => s.name === 'POST /api/chat/rooms/:id/messages'),
          publish: span('chat-a', 4, ofPost),
          delivery: span('chat-b', 5, ofPost),
        };
        return (
          Object.values(found).every(Boolean) && (found as Record<keyof typeof found, ReceivedSpan>)
        );
      },
    );

    expect(publish.traceId).toBe(request.traceId);
    expect(delivery.traceId).toBe(request.traceId);
    expect(delivery.parentSpanId).toBe(publish.spanId);
    expect(delivery.attributes['messaging.destination']).toBe(env.AMQP_EXCHANGE);
  });
});
