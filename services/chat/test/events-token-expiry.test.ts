import {
  CHAT_MESSAGE_EVENT,
  CHAT_TOKEN_EXPIRED_EVENT,
  tokenExpiredEventSchema,
  type ErrorResponse,
} from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import { startChat } from './support/chat-instance.js';
import { openSse } from './support/sse-client.js';

const { api, issuer, roomWithMembers } = await startChat();

const eventsUrl = (roomId: string, query: Record<string, string>) =>
  `${api.base}/api/chat/rooms/${roomId}/events?${new URLSearchParams(query)}`;

const liveStreams = async () =>
  Number(
    /^chat_live_streams(?:\{[^}]*\})? (\S+)$/m.exec(
      await (await fetch(`${api.base}/metrics`)).text(),
    )?.[1],
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GET /api/chat/rooms/:id/events when the access token expires', () => {
  it('then the stream sends token-expired at exp and ends, a later message does not reach it, and a reconnect with a fresh token and Last-Event-ID gets that message', async () => {
    const { alice, bob, room } = await roomWithMembers();
    // exp is whole seconds: this token has 1–2 s left.
    const exp = Math.floor(Date.now() / 1000) + 2;
    const shortLived = await issuer.sign({ sub: bob.id, username: bob.username, expiresAt: exp });
    const stream = await openSse(eventsUrl(room.id, { access_token: shortLived }));
    let resumed: Awaited<ReturnType<typeof openSse>> | undefined;
    try {
      expect(stream.response.status).toBe(200);
      const before = await api.post(alice, room.id, 'before expiry');
      await stream.waitFor(1);

      await expect.poll(() => stream.ended, { timeout: 4_000, interval: 20 }).toBe(true);
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
      expect(Date.now()).toBeLessThan(exp * 1000 + 1_000);
      expect(stream.events).toHaveLength(2);
      const [message, last] = stream.events;
      expect(message).toMatchObject({ event: CHAT_MESSAGE_EVENT, id: before.id });
      // No id on the last event: the client's Last-Event-ID stays the last message.
      expect(last).toEqual({ event: CHAT_TOKEN_EXPIRED_EVENT, data: expect.any(String) });
      expect(tokenExpiredEventSchema.parse(JSON.parse(last!.data))).toMatchObject({
        code: 'TOKEN_EXPIRED',
        expiredAt: new Date(exp * 1000).toISOString(),
      });

      const missed = await api.post(alice, room.id, 'after expiry');
      await sleep(150);
      expect(stream.events).toHaveLength(2);
      await expect.poll(liveStreams).toBe(0);

      resumed = await openSse(eventsUrl(room.id, { access_token: bob.token }), {
        'last-event-id': before.id,
      });
      expect(resumed.response.status).toBe(200);
      const [replayed] = await resumed.waitFor(1);
      expect(replayed).toMatchObject({ event: CHAT_MESSAGE_EVENT, id: missed.id });
      expect(JSON.parse(replayed!.data)).toEqual(missed);
    } finally {
      stream.close();
      resumed?.close();
    }
  });

  it('when the token is past exp but inside the verifier’s clock tolerance, then it answers 401, not a stream that ends at once', async () => {
    const { bob, room } = await roomWithMembers();
    const expired = await issuer.sign({
      sub: bob.id,
      username: bob.username,
      expiresAt: Math.floor(Date.now() / 1000) - 2,
    });
    const stream = await openSse(eventsUrl(room.id, { access_token: expired }));
    expect(stream.response.status).toBe(401);
    expect(((await stream.response.json()) as ErrorResponse).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /api/chat/rooms/:id/events?lastEventId= (a new EventSource cannot send the header)', () => {
  it('when the query names the last message, then the stream first sends what came after it', async () => {
    const { alice, bob, room } = await roomWithMembers();
    const first = await api.post(alice, room.id, 'first');
    const second = await api.post(alice, room.id, 'second');
    const stream = await openSse(
      eventsUrl(room.id, { access_token: bob.token, lastEventId: first.id }),
    );
    try {
      const [replayed] = await stream.waitFor(1);
      expect(replayed!.id).toBe(second.id);
      await sleep(100);
      expect(stream.events).toHaveLength(1);
    } finally {
      stream.close();
    }
  });

  it('when the browser reconnects with the header on the original URL, then the header wins', async () => {
    const { alice, bob, room } = await roomWithMembers();
    const first = await api.post(alice, room.id, 'first');
    const second = await api.post(alice, room.id, 'second');
    const third = await api.post(alice, room.id, 'third');
    const stream = await openSse(
      eventsUrl(room.id, { access_token: bob.token, lastEventId: first.id }),
      { 'last-event-id': second.id },
    );
    try {
      await stream.waitFor(1);
      await sleep(100);
      expect(stream.events.map((e) => e.id)).toEqual([third.id]);
    } finally {
      stream.close();
    }
  });

  it('when the query is not a message id, then it answers 400 VALIDATION_FAILED naming it', async () => {
    const { bob, room } = await roomWithMembers();
    const stream = await openSse(
      eventsUrl(room.id, { access_token: bob.token, lastEventId: '1 OR 1=1' }),
    );
    expect(stream.response.status).toBe(400);
    const body = (await stream.response.json()) as ErrorResponse;
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toContain('lastEventId');
  });
});
