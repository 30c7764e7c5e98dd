import { startOtlpReceiver, waitFor, type ReceivedSpan } from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startBrokerLink } from './support/broker-link.js';
import { chatBackends, chatClient, newRoomWithMembers } from './support/chat-instance.js';
import { metric } from './support/metrics.js';
import { openSse } from './support/sse-client.js';

// Tracing needs the built bundle (the kit patches the modules it bundled), so two replicas of
// it run as processes of their own, as the cluster runs them, on one database and exchange.
const { issuer, env } = await chatBackends();
// Left open to the end of the file: the replicas export their last spans as they stop.
const receiver = await startOtlpReceiver();
// Replica A reaches the broker through a link a test can cut; B always reaches it directly.
const link = await startBrokerLink(env.AMQP_URL);
afterAll(() => link.close());
// Only the standard variables, as a collector's docs would set them.
const otel = {
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_BSP_SCHEDULE_DELAY: '100',
};
const replica = (pod: string, amqpUrl: string) =>
  spawnBuiltService('chat', { ...env, ...otel, AMQP_URL: amqpUrl, POD_NAME: pod });
const [replicaA, replicaB] = await Promise.all([
  replica('chat-a', link.url),
  replica('chat-b', env.AMQP_URL),
]);
const a = chatClient(replicaA.url);

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/** The first received span of that pod and kind that `is` picks. */
const spanOn = (pod: string, kind: number, is: (s: ReceivedSpan) => boolean) =>
  receiver.spans.find((s) => s.resource['k8s.pod.name'] === pod && s.kind === kind && is(s));

/** The span's parent, its parent's parent, and so on, as far as they were received. */
function ancestorsOf(span: ReceivedSpan): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let at = span; at.parentSpanId;) {
    const parent = receiver.spans.find((s) => s.spanId === at.parentSpanId);
    if (!parent) break;
    chain.push(parent);
    at = parent;
  }
  return chain;
}

/**
 * Asserts that the post is one trace: B's delivery is the child of a publish on A whose parents
 * reach the POST's server span on A. The POST is found by its path and the delivery by the
 * message id, never by trace id, so with the trace broken both are still found and the asserts
 * say what differs.
 */
async function expectOneTraceOfPost(posted: { id: string; roomId: string }) {
  const { request, delivery } = await waitFor('the POST on A and the delivery on B', () => {
    const found = {
      request: spanOn(
        'chat-a',
        SERVER,
        (s) =>
          s.name === 'POST /api/chat/rooms/:id/messages' &&
          s.attributes['url.path'] === `/api/chat/rooms/${posted.roomId}/messages`,
      ),
      delivery: spanOn(
        'chat-b',
        CONSUMER,
        (s) => s.attributes['messaging.message_id'] === posted.id,
      ),
    };
    return found.request && found.delivery && { request: found.request, delivery: found.delivery };
  });
  expect(delivery.attributes['messaging.destination']).toBe(env.AMQP_EXCHANGE);
  const publish = await waitFor("the delivery's parent", () =>
    receiver.spans.find((s) => s.spanId === delivery.parentSpanId),
  );
  expect(publish).toMatchObject({
    kind: PRODUCER,
    resource: expect.objectContaining({ 'k8s.pod.name': 'chat-a' }),
    attributes: expect.objectContaining({ 'messaging.message_id': posted.id }),
  });
  expect(publish.traceId).toBe(request.traceId);
  // Its parents arrive in their own export batches: poll until the chain is complete.
  await expect
    .poll(() => ancestorsOf(publish).map((s) => s.spanId), { timeout: 5_000 })
    .toContain(request.spanId);
}

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

    await expectOneTraceOfPost(posted);
  });

  it('then a post that waited in the outbox while A had no broker is still in its POST trace once the outbox flushed', async () => {
    const { alice, bob, room } = await newRoomWithMembers(a, issuer);
    const onB = await openSse(
      `${replicaB.url}/api/chat/rooms/${room.id}/events?access_token=${bob.token}`,
    );
    onTestFinished(() => onB.close());
    onTestFinished(() => link.restore());

    link.cut();
    await expect.poll(() => metric(replicaA.url, 'chat_fanout_subscribed')).toBe(0);
    const posted = await a.post(alice, room.id, 'waited for the broker');
    expect(await metric(replicaA.url, 'chat_broadcast_pending')).toBe(1);
    expect(onB.events).toEqual([]);

    link.restore();
    // B never lost the broker, so only A's flushed outbox can bring it.
    const [event] = await onB.waitFor(1, 20_000);
    expect(event?.id).toBe(posted.id);
    expect(await metric(replicaA.url, 'chat_broadcast_pending')).toBe(0);

    await expectOneTraceOfPost(posted);
  });
});
