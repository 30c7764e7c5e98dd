import type { ErrorResponse, Room } from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import { chatClient, startChat } from './support/chat-instance.js';
import { openSse } from './support/sse-client.js';

// Two replicas on one database, with small limits: a quota holds only if both count together.
const { instances, issuer, roomWithMembers } = await startChat({
  replicas: 2,
  env: {
    ROOM_CREATE_MAX_PER_USER: '3',
    MESSAGE_POST_MAX_PER_USER: '4',
    STREAMS_MAX_PER_USER: '2',
  },
});
const a = chatClient(instances[0]!.url);
const b = chatClient(instances[1]!.url);

const eventsUrl = (base: string, roomId: string, token: string) =>
  `${base}/api/chat/rooms/${roomId}/events?access_token=${token}`;

/** A 429 in the JSON error format, with a Retry-After in whole seconds, naming what was limited. */
function expectLimited(
  response: { status: number; headers: Headers; body: unknown },
  code: string,
  names: RegExp,
): void {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  const { error } = response.body as ErrorResponse;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(names);
}

describe('rooms created per user (ROOM_CREATE_MAX_PER_USER)', () => {
  it('when a user creates more rooms than the limit across both replicas, then the next answers 429 naming the limit, and nothing is created', async () => {
    const alice = await issuer.newUser('alice');
    await a.createRoom(alice);
    await b.createRoom(alice);
    await a.createRoom(alice);
    const refused = await b.call('POST', '/rooms', alice.auth, { name: 'one too many' });
    expectLimited(refused, 'RATE_LIMITED', /rooms.*at most 3/);
    const listed = await a.call<{ rooms: Room[] }>('GET', '/rooms?limit=100', alice.auth);
    expect(listed.body.rooms.map((r) => r.name)).not.toContain('one too many');
  });

  it('when one user is limited, then another user still creates rooms', async () => {
    const alice = await issuer.newUser('alice');
    const bob = await issuer.newUser('bob');
    for (let i = 0; i < 3; i++) await (i % 2 ? a : b).createRoom(alice);
    expect((await a.call('POST', '/rooms', alice.auth, { name: 'x' })).status).toBe(429);
    expect((await a.call('POST', '/rooms', bob.auth, { name: 'x' })).status).toBe(201);
  });
});

describe('messages posted per user (MESSAGE_POST_MAX_PER_USER)', () => {
  it('when a member posts more than the limit across both replicas, then the next answers 429 naming the limit, and nothing is stored', async () => {
    const { alice, bob, room } = await roomWithMembers();
    for (let i = 1; i <= 4; i++) await (i % 2 ? a : b).post(alice, room.id, `m${i}`);
    const refused = await a.call('POST', `/rooms/${room.id}/messages`, alice.auth, {
      text: 'one too many',
    });
    expectLimited(refused, 'RATE_LIMITED', /messages.*at most 4/);
    const page = await b.call<{ messages: { text: string }[] }>(
      'GET',
      `/rooms/${room.id}/messages`,
      bob.auth,
    );
    expect(page.body.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4']);
    // Bob's own count is untouched.
    expect(
      (await b.call('POST', `/rooms/${room.id}/messages`, bob.auth, { text: 'hi' })).status,
    ).toBe(201);
  });
});

describe('open streams per user (STREAMS_MAX_PER_USER)', () => {
  it('when a user holds the limit in streams across both replicas, then one more answers 429 naming the limit; closing one lets the next open', async () => {
    const { alice, bob, room } = await roomWithMembers();
    const onA = await openSse(eventsUrl(a.base, room.id, bob.token));
    const onB = await openSse(eventsUrl(b.base, room.id, bob.token));
    let third: Awaited<ReturnType<typeof openSse>> | undefined;
    let fourth: Awaited<ReturnType<typeof openSse>> | undefined;
    try {
      expect([onA.response.status, onB.response.status]).toEqual([200, 200]);
      third = await openSse(eventsUrl(a.base, room.id, bob.token));
      expectLimited(
        {
          status: third.response.status,
          headers: third.response.headers,
          body: await third.response.json(),
        },
        'TOO_MANY_STREAMS',
        /streams.*at most 2/,
      );
      // Another user is not affected.
      const alices = await openSse(eventsUrl(a.base, room.id, alice.token));
      expect(alices.response.status).toBe(200);
      alices.close();

      onB.close();
      // The slot is freed when replica B sees the connection close: poll, not sleep. Polled for
      // up to 10 s, not vitest's default 1 s: on a busy machine B's close and its release can
      // take longer than that, and each attempt is itself a request.
      await expect
        .poll(
          async () => {
            fourth?.close();
            fourth = await openSse(eventsUrl(a.base, room.id, bob.token));
            return fourth.response.status;
          },
          { timeout: 10_000, interval: 100 },
        )
        .toBe(200);
    } finally {
      onA.close();
      onB.close();
      third?.close();
      fourth?.close();
    }
  });
});
