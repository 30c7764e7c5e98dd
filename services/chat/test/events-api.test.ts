import { CHAT_MESSAGE_EVENT, type ChatMessage, type ErrorResponse } from '@podlab/contracts';
import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { chatClient, startChat } from './support/chat-instance.js';
import { openSse } from './support/sse-client.js';

// Two replicas on one database and one fan-out exchange, as the cluster runs them.
const { instances, issuer, roomWithMembers } = await startChat({ replicas: 2 });
const { privateKey: forgedKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const a = chatClient(instances[0]!.url);
const b = chatClient(instances[1]!.url);

const eventsUrl = (base: string, roomId: string, token?: string) =>
  `${base}/api/chat/rooms/${roomId}/events${token ? `?access_token=${token}` : ''}`;

const texts = (events: { data: string }[]) =>
  events.map((e) => (JSON.parse(e.data) as ChatMessage).text);

describe('GET /api/chat/rooms/:id/events', () => {
  it('when a member follows a room, then a message posted there arrives as a `message` event whose id is the message id', async () => {
    const { alice, bob, room } = await roomWithMembers();
    const stream = await openSse(eventsUrl(a.base, room.id, bob.token));
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      const posted = await a.post(alice, room.id, 'hello live');
      const [event] = await stream.waitFor(1);
      expect(event).toMatchObject({ event: CHAT_MESSAGE_EVENT, id: posted.id });
      expect(JSON.parse(event!.data)).toEqual(posted);
    } finally {
      stream.close();
    }
  });

  it('when a message is posted to replica A, then a stream opened on replica B receives it, once', async () => {
    const { alice, bob, room } = await roomWithMembers();
    const onB = await openSse(eventsUrl(b.base, room.id, bob.token));
    const onA = await openSse(eventsUrl(a.base, room.id), alice.auth);
    try {
      const first = await a.post(alice, room.id, 'from A');
      // Posts on two replicas at once may reach a stream in either order (a replica's own post
      // goes straight to its streams, the other's comes through the broker; the page orders by
      // id). Order is asserted for posts made one after the other's delivery.
      await onB.waitFor(1);
      const second = await b.post(bob, room.id, 'from B');
      await onB.waitFor(2);
      await onA.waitFor(2);
      expect(onB.events.map((e) => e.id)).toEqual([first.id, second.id]);
      expect(texts(onA.events)).toEqual(['from A', 'from B']);
      // The posting replica delivers to its own streams directly and hears its broadcast back: no duplicate.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(onA.events).toHaveLength(2);
      expect(onB.events).toHaveLength(2);
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('when a client reconnects with Last-Event-ID, then it first gets exactly the messages it missed, in order, then live ones', async () => {
    const { alice, bob, room } = await roomWithMembers();
    const posted = [];
    for (let i = 1; i <= 6; i++) posted.push(await a.post(alice, room.id, `m${i}`));
    const stream = await openSse(eventsUrl(b.base, room.id, bob.token), {
      'last-event-id': posted[2]!.id,
    });
    try {
      const replayed = await stream.waitFor(3);
      expect(replayed.map((e) => e.id)).toEqual(posted.slice(3).map((m) => m.id));
      expect(texts(replayed)).toEqual(['m4', 'm5', 'm6']);
      const live = await a.post(alice, room.id, 'm7');
      await stream.waitFor(4);
      expect(stream.events[3]!.id).toBe(live.id);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(stream.events).toHaveLength(4);
    } finally {
      stream.close();
    }
  });

  it('when a client connects without Last-Event-ID, then it gets no history, only what is posted from then on', async () => {
    const { alice, bob, room } = await roomWithMembers();
    await a.post(alice, room.id, 'before');
    const stream = await openSse(eventsUrl(b.base, room.id, bob.token));
    try {
      await a.post(alice, room.id, 'after');
      await stream.waitFor(1);
      expect(texts(stream.events)).toEqual(['after']);
    } finally {
      stream.close();
    }
  });

  it('when messages are posted in another room, then this room’s stream does not carry them', async () => {
    const { alice, bob, room } = await roomWithMembers();
    const other = await a.createRoom(alice);
    const stream = await openSse(eventsUrl(b.base, room.id, bob.token));
    try {
      await a.post(alice, other.id, 'elsewhere');
      await a.post(alice, room.id, 'here');
      await stream.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(texts(stream.events)).toEqual(['here']);
    } finally {
      stream.close();
    }
  });

  it('when a signed-in user who is not a member subscribes, then it answers 403 NOT_A_MEMBER as JSON, not a stream', async () => {
    const { room } = await roomWithMembers();
    const mallory = await issuer.newUser('mallory');
    const stream = await openSse(eventsUrl(b.base, room.id, mallory.token));
    expect(stream.response.status).toBe(403);
    expect(((await stream.response.json()) as ErrorResponse).error.code).toBe('NOT_A_MEMBER');
  });

  it('when the room does not exist, then it answers 404 ROOM_NOT_FOUND', async () => {
    const mallory = await issuer.newUser('mallory');
    const stream = await openSse(eventsUrl(b.base, '424242424', mallory.token));
    expect(stream.response.status).toBe(404);
    expect(((await stream.response.json()) as ErrorResponse).error.code).toBe('ROOM_NOT_FOUND');
  });

  for (const [what, token] of [
    ['an expired token', () => issuer.sign({ expiresAt: 1 })],
    ['a token of another key', () => issuer.sign({ key: forgedKey })],
    ['an empty token', async () => ''],
  ] as const) {
    it(`when the query carries ${what}, then it answers 401 UNAUTHENTICATED`, async () => {
      const { room } = await roomWithMembers();
      const stream = await openSse(`${eventsUrl(b.base, room.id)}?access_token=${await token()}`);
      expect(stream.response.status).toBe(401);
      expect(((await stream.response.json()) as ErrorResponse).error.code).toBe('UNAUTHENTICATED');
    });
  }

  for (const lastEventId of ['abc', '-1', '1 OR 1=1', '1'.repeat(25)]) {
    it(`when Last-Event-ID is ${JSON.stringify(lastEventId)}, then it answers 400 VALIDATION_FAILED naming the header`, async () => {
      const { bob, room } = await roomWithMembers();
      const stream = await openSse(eventsUrl(b.base, room.id, bob.token), {
        'last-event-id': lastEventId,
      });
      expect(stream.response.status).toBe(400);
      const body = (await stream.response.json()) as ErrorResponse;
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.message).toContain('last-event-id');
    });
  }

  it('when a replica shuts down, then its streams end so clients reconnect to another one', async () => {
    // A third replica of its own, so stopping it leaves the others serving.
    const doomed = await startChat();
    const carol = await doomed.issuer.newUser('carol');
    const room = await doomed.api.createRoom(carol);
    const stream = await openSse(eventsUrl(doomed.api.base, room.id, carol.token));
    expect(stream.response.status).toBe(200);
    expect(await doomed.instances[0]!.stop()).toBe(true);
    await expect.poll(() => stream.ended, { timeout: 5_000 }).toBe(true);
  });
});
