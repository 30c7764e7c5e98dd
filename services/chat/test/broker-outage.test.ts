import type { ChatMessage } from '@podlab/contracts';
import { startRabbitMq } from '@podlab/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { chatClient, startChat } from './support/chat-instance.js';
import { metric } from './support/metrics.js';
import { openSse } from './support/sse-client.js';

// A broker of this file's own, so stopping it disturbs no other test.
const broker = await startRabbitMq({ name: 'chat-outage' });
afterAll(() => broker.dispose());
const { instances, issuer } = await startChat({ replicas: 2, amqpUrl: broker.url });
const a = chatClient(instances[0]!.url);
const b = chatClient(instances[1]!.url);

describe('when the broker goes away and comes back', () => {
  it('then posts are still stored (201), replicas stay ready, and streams on other replicas get what they missed once it is back', async () => {
    const alice = await issuer.newUser('alice');
    const bob = await issuer.newUser('bob');
    const room = await a.createRoom(alice);
    await a.call('POST', `/rooms/${room.id}/join`, bob.auth);
    await expect.poll(() => metric(b.base, 'chat_fanout_subscribed'), { timeout: 10_000 }).toBe(1);
    const onB = await openSse(
      `${b.base}/api/chat/rooms/${room.id}/events?access_token=${bob.token}`,
    );
    try {
      await broker.stop();
      await expect
        .poll(() => metric(b.base, 'chat_fanout_subscribed'), { timeout: 10_000 })
        .toBe(0);

      const duringOnA = await a.post(alice, room.id, 'posted on A while the broker is down');
      const duringOnB = await b.post(bob, room.id, 'posted on B while the broker is down');
      expect((await fetch(`${a.base}/readyz`)).status).toBe(200);
      // B's own post reaches B's streams without the broker; A's cannot yet.
      await onB.waitFor(1);
      expect(onB.events.map((e) => e.id)).toEqual([duringOnB.id]);
      expect(await metric(a.base, 'chat_broadcast_pending')).toBeGreaterThanOrEqual(1);

      await broker.start();
      // A's message arrives once B re-subscribes (catch-up from the database) or A's outbox flushes.
      await onB.waitFor(2, 20_000);
      expect(onB.events[1]!.id).toBe(duringOnA.id);

      const after = await a.post(alice, room.id, 'after the broker is back');
      await onB.waitFor(3, 10_000);
      expect((JSON.parse(onB.events[2]!.data) as ChatMessage).id).toBe(after.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(onB.events).toHaveLength(3);
      await expect.poll(() => metric(a.base, 'chat_broadcast_pending')).toBe(0);
    } finally {
      onB.close();
    }
  });
});
