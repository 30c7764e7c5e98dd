import {
  ROOMS_PAGE_DEFAULT,
  ROOMS_PAGE_MAX,
  type ErrorResponse,
  type ListRoomsResponse,
  type Room,
  type ServiceInfo,
} from '@podlab/contracts';
import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { startChat } from './support/chat-instance.js';

const { api, issuer, instances } = await startChat();

describe('POST /api/chat/rooms', () => {
  it('when a signed-in user creates a room, then it answers 201 with the room, joined by its creator', async () => {
    const alice = await issuer.newUser('alice');
    const response = await api.call<Room>('POST', '/rooms', alice.auth, { name: '  General  ' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[1-9][0-9]*$/),
      name: 'General',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      joined: true,
    });
  });

  it('when the name holds markup or SQL, then it is stored and returned literally', async () => {
    const alice = await issuer.newUser();
    const name = `<img src=x onerror=alert(1)>'; DROP TABLE rooms; --`;
    const created = await api.call<Room>('POST', '/rooms', alice.auth, { name });
    expect(created.body.name).toBe(name);
    const listed = await api.call<ListRoomsResponse>('GET', '/rooms', alice.auth);
    expect(listed.body.rooms.find((r) => r.id === created.body.id)?.name).toBe(name);
  });

  const badBodies: [string, unknown, string][] = [
    ['an empty name', { name: '   ' }, 'body.name'],
    ['a name over 80 characters', { name: 'x'.repeat(81) }, 'body.name'],
    ['a name that is a number', { name: 42 }, 'body.name'],
    ['no name', {}, 'body.name'],
    ['an unknown field', { name: 'a', admin: true }, 'admin'],
  ];
  for (const [what, body, names] of badBodies) {
    it(`when given ${what}, then it answers 400 VALIDATION_FAILED naming ${names}`, async () => {
      const alice = await issuer.newUser();
      const response = await api.call<ErrorResponse>('POST', '/rooms', alice.auth, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.message).toContain(names);
    });
  }

  it('when the body is not JSON, then it answers 400 INVALID_JSON', async () => {
    const alice = await issuer.newUser();
    const response = await api.call<ErrorResponse>('POST', '/rooms', alice.auth, '{"name":');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_JSON');
  });
});

describe('GET /api/chat/rooms', () => {
  it('when rooms exist, then every user sees all of them, each marked joined only where they are a member', async () => {
    const alice = await issuer.newUser('alice');
    const bob = await issuer.newUser('bob');
    const room = await api.createRoom(alice);
    const forAlice = await api.call<ListRoomsResponse>('GET', '/rooms', alice.auth);
    const forBob = await api.call<ListRoomsResponse>('GET', '/rooms', bob.auth);
    expect(forAlice.status).toBe(200);
    expect(forAlice.body.rooms.find((r) => r.id === room.id)?.joined).toBe(true);
    expect(forBob.body.rooms.find((r) => r.id === room.id)?.joined).toBe(false);
  });
});

describe('GET /api/chat/rooms, paged', () => {
  type Page = ListRoomsResponse & { nextCursor: string | null };
  async function pageOf(
    user: { auth: Record<string, string> },
    limit: number,
    before: string | null,
  ): Promise<Page> {
    const query = `?limit=${limit}${before ? `&before=${before}` : ''}`;
    const response = await api.call<Page>('GET', `/rooms${query}`, user.auth);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** Every page from the newest, following nextCursor, `limit` rooms at a time. */
  async function allPages(user: { auth: Record<string, string> }, limit: number) {
    const pages = [await pageOf(user, limit, null)];
    while (pages.at(-1)?.nextCursor != null && pages.length < 1000)
      pages.push(await pageOf(user, limit, pages.at(-1)?.nextCursor ?? null));
    return pages;
  }

  it('when there are more rooms than a page, then pages go from the newest room back, each room once, until nextCursor is null', async () => {
    const alice = await issuer.newUser('alice');
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await api.createRoom(alice)).id);
    const pages = await allPages(alice, 2);
    const ids = pages.flatMap((p) => p.rooms.map((r) => r.id));
    expect(pages.slice(0, -1).every((p) => p.rooms.length === 2)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 5)).toEqual([...created].reverse());
    expect(ids.map(BigInt)).toEqual([...ids.map(BigInt)].sort((x, y) => (x > y ? -1 : 1)));
  });

  it('when a room is created between two pages, then the next page neither repeats nor skips a room (the cursor is a position, not an offset)', async () => {
    const alice = await issuer.newUser('alice');
    for (let i = 0; i < 4; i++) await api.createRoom(alice);
    const first = await api.call<Page>('GET', '/rooms?limit=2', alice.auth);
    await api.createRoom(alice);
    const second = await api.call<Page>(
      'GET',
      `/rooms?limit=2&before=${first.body.nextCursor}`,
      alice.auth,
    );
    const everything = await api.call<Page>('GET', '/rooms?limit=100', alice.auth);
    const all = everything.body.rooms.map((r) => r.id);
    const start = all.indexOf(first.body.rooms[0]!.id);
    expect([...first.body.rooms, ...second.body.rooms].map((r) => r.id)).toEqual(
      all.slice(start, start + 4),
    );
  });

  it('when no limit is given, then a page holds at most the default', async () => {
    const alice = await issuer.newUser('alice');
    const response = await api.call<Page>('GET', '/rooms', alice.auth);
    expect(response.status).toBe(200);
    expect(response.body.rooms.length).toBeLessThanOrEqual(ROOMS_PAGE_DEFAULT);
    expect(response.body).toHaveProperty('nextCursor');
  });

  const badQueries: [string, string][] = [
    ['limit=0', 'query.limit'],
    [`limit=${ROOMS_PAGE_MAX + 1}`, 'query.limit'],
    ['limit=abc', 'query.limit'],
    ['limit=2.5', 'query.limit'],
    ['before=abc', 'query.before'],
    ['before=0', 'query.before'],
    ['before=1%27%20OR%201%3D1', 'query.before'],
    ['before=99999999999999999999999', 'query.before'],
    ['before=1&before=2', 'query.before'],
  ];
  for (const [query, names] of badQueries) {
    it(`when the query is ${decodeURIComponent(query)}, then it answers 400 VALIDATION_FAILED naming ${names}`, async () => {
      const alice = await issuer.newUser();
      const response = await api.call<ErrorResponse>('GET', `/rooms?${query}`, alice.auth);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.message).toContain(names);
    });
  }
});

describe('POST /api/chat/rooms/:id/join', () => {
  it('when a user joins, then the room says joined, for that user only, and joining again is fine', async () => {
    const alice = await issuer.newUser('alice');
    const bob = await issuer.newUser('bob');
    const carol = await issuer.newUser('carol');
    const room = await api.createRoom(alice);
    const first = await api.call<Room>('POST', `/rooms/${room.id}/join`, bob.auth);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: room.id, name: room.name, joined: true });
    const again = await api.call<Room>('POST', `/rooms/${room.id}/join`, bob.auth);
    expect(again.status).toBe(200);
    expect(again.body.joined).toBe(true);
    const forCarol = await api.call<ListRoomsResponse>('GET', '/rooms', carol.auth);
    expect(forCarol.body.rooms.find((r) => r.id === room.id)?.joined).toBe(false);
  });

  for (const id of ['999999999', 'abc', '0', '1%27%20OR%201%3D1', '99999999999999999999999']) {
    it(`when the room ${decodeURIComponent(id)} does not exist, then it answers 404 ROOM_NOT_FOUND`, async () => {
      const alice = await issuer.newUser();
      const response = await api.call<ErrorResponse>('POST', `/rooms/${id}/join`, alice.auth);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('ROOM_NOT_FOUND');
    });
  }
});

describe('access tokens', () => {
  const routes: [string, string][] = [
    ['GET', '/rooms'],
    ['POST', '/rooms'],
    ['POST', '/rooms/1/join'],
    ['GET', '/rooms/1/messages'],
    ['POST', '/rooms/1/messages'],
    ['GET', '/rooms/1/events'],
  ];
  for (const [method, path] of routes) {
    it(`when ${method} ${path} comes without a token, then it answers 401 UNAUTHENTICATED`, async () => {
      const response = await api.call<ErrorResponse>(method, path);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    });
  }

  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const badTokens: [string, () => Promise<string>][] = [
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await issuer.newUser()).token.split('.');
        const forged = base64url({
          sub: 'admin',
          username: 'admin',
          iss: 'podlab-auth',
          aud: 'podlab',
          exp: 9e9,
        });
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      'an expired token',
      async () => issuer.sign({ expiresAt: Math.floor(Date.now() / 1000) - 60 }),
    ],
    [
      'a token signed with another key',
      async () =>
        issuer.sign({ key: (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey }),
    ],
    [
      'an alg none token',
      async () =>
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'u1', username: 'u', iss: 'podlab-auth', aud: 'podlab', exp: 9e9 })}.`,
    ],
    ['another issuer', async () => issuer.sign({ issuer: 'evil' })],
    ['another audience', async () => issuer.sign({ audience: 'elsewhere' })],
    ['garbage', async () => 'not.a.jwt'],
  ];
  for (const [what, token] of badTokens) {
    it(`when the token is ${what}, then it answers 401 UNAUTHENTICATED`, async () => {
      const response = await api.call<ErrorResponse>('GET', '/rooms', {
        authorization: `Bearer ${await token()}`,
      });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    });
  }

  it('when a token comes as ?access_token= on a route other than events, then it is not accepted', async () => {
    const alice = await issuer.newUser();
    const response = await api.call<ErrorResponse>('GET', `/rooms?access_token=${alice.token}`);
    expect(response.status).toBe(401);
  });
});

describe('GET /api/chat/info and health', () => {
  it('when asked without a token, then info names the service and pod', async () => {
    const response = await api.call<ServiceInfo>('GET', '/info');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ service: 'chat', pod: 'chat-0' });
  });

  it('when the database answers, then /readyz says ready', async () => {
    const response = await fetch(`${instances[0]!.url}/readyz`);
    expect(response.status).toBe(200);
  });

  it('when bad input was sent, then the process still serves', async () => {
    expect((await fetch(`${instances[0]!.url}/healthz`)).status).toBe(200);
  });
});
