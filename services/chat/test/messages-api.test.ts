import {
  MESSAGE_TEXT_MAX,
  type ChatMessage,
  type ErrorResponse,
  type ListMessagesResponse,
} from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import { startChat } from './support/chat-instance.js';

const { api, issuer, instances, roomWithMembers } = await startChat();

describe('POST /api/chat/rooms/:id/messages', () => {
  it('when a member posts, then it answers 201 with the stored message, author from the token', async () => {
    const { bob, room } = await roomWithMembers();
    const response = await api.call<ChatMessage>('POST', `/rooms/${room.id}/messages`, bob.auth, {
      text: '  hello  ',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[1-9][0-9]*$/),
      roomId: room.id,
      userId: bob.id,
      username: bob.username,
      text: 'hello',
      createdAt: expect.stringMatching(/Z$/),
    });
  });

  it('when messages follow each other, then their ids increase', async () => {
    const { alice, room } = await roomWithMembers();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(BigInt((await api.post(alice, room.id, `m${i}`)).id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(5);
  });

  it('when the text holds HTML, script or SQL, then it is stored and returned literally', async () => {
    const { alice, room } = await roomWithMembers();
    const texts = [
      '<script>alert("x")</script>',
      `Robert'); DROP TABLE messages; --`,
      '" OR 1=1 -- \\ %_ \u0000?',
      '中文 emoji 😀 ✓',
    ];
    for (const text of texts) await api.post(alice, room.id, text);
    const page = await api.call<ListMessagesResponse>(
      'GET',
      `/rooms/${room.id}/messages`,
      alice.auth,
    );
    expect(page.body.messages.map((m) => m.text)).toEqual(texts);
  });

  it('when the text is exactly the maximum, then it is accepted', async () => {
    const { alice, room } = await roomWithMembers();
    const text = '😀'.repeat(MESSAGE_TEXT_MAX / 2);
    expect((await api.post(alice, room.id, text)).text).toBe(text);
  });

  it('when a signed-in user who is not a member posts, then it answers 403 NOT_A_MEMBER and nothing is stored', async () => {
    const { alice, room } = await roomWithMembers();
    const mallory = await issuer.newUser('mallory');
    const response = await api.call<ErrorResponse>(
      'POST',
      `/rooms/${room.id}/messages`,
      mallory.auth,
      {
        text: 'let me in',
      },
    );
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('NOT_A_MEMBER');
    const page = await api.call<ListMessagesResponse>(
      'GET',
      `/rooms/${room.id}/messages`,
      alice.auth,
    );
    expect(page.body.messages).toEqual([]);
  });

  it('when the room does not exist, then it answers 404 ROOM_NOT_FOUND', async () => {
    const alice = await issuer.newUser();
    const response = await api.call<ErrorResponse>(
      'POST',
      '/rooms/987654321/messages',
      alice.auth,
      {
        text: 'hi',
      },
    );
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('ROOM_NOT_FOUND');
  });

  const bad: {
    what: string;
    body: unknown;
    status: number;
    code: string;
    names?: string;
    type?: string;
  }[] = [
    {
      what: 'an empty text',
      body: { text: '' },
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.text',
    },
    {
      what: 'only spaces',
      body: { text: '   ' },
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.text',
    },
    {
      what: 'a text one over the maximum',
      body: { text: 'x'.repeat(MESSAGE_TEXT_MAX + 1) },
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.text',
    },
    {
      what: 'a text that is an object',
      body: { text: { $gt: '' } },
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.text',
    },
    {
      what: 'a text that is null',
      body: { text: null },
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.text',
    },
    {
      what: 'an unknown field',
      body: { text: 'hi', userId: 'someone-else' },
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'userId',
    },
    { what: 'a JSON array', body: '[]', status: 400, code: 'VALIDATION_FAILED' },
    { what: 'invalid JSON', body: '{"text":', status: 400, code: 'INVALID_JSON' },
    { what: 'no body', body: undefined, status: 400, code: 'BODY_REQUIRED' },
    {
      what: 'a body over 32 KiB',
      body: { text: 'x'.repeat(40_000) },
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      what: 'a form body',
      body: 'text=hi',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      type: 'application/x-www-form-urlencoded',
    },
  ];
  for (const c of bad) {
    it(`when given ${c.what}, then it answers ${c.status} ${c.code}`, async () => {
      const { alice, room } = await roomWithMembers();
      const headers = c.type ? { ...alice.auth, 'content-type': c.type } : alice.auth;
      const response = await api.call<ErrorResponse>(
        'POST',
        `/rooms/${room.id}/messages`,
        headers,
        c.body,
      );
      expect(response.status).toBe(c.status);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(response.body.error.code).toBe(c.code);
      if (c.names) expect(response.body.error.message).toContain(c.names);
    });
  }
});

describe('GET /api/chat/rooms/:id/messages', () => {
  it('when a room has more than a page, then pages go back in time, each oldest first, until nextCursor is null', async () => {
    const { alice, bob, room } = await roomWithMembers();
    const posted: string[] = [];
    for (let i = 1; i <= 7; i++)
      posted.push((await api.post(i % 2 ? alice : bob, room.id, `m${i}`)).text);

    const first = await api.call<ListMessagesResponse>(
      'GET',
      `/rooms/${room.id}/messages?limit=3`,
      bob.auth,
    );
    expect(first.status).toBe(200);
    expect(first.body.messages.map((m) => m.text)).toEqual(['m5', 'm6', 'm7']);
    expect(first.body.nextCursor).toBe(first.body.messages[0]!.id);

    const second = await api.call<ListMessagesResponse>(
      'GET',
      `/rooms/${room.id}/messages?limit=3&before=${first.body.nextCursor}`,
      bob.auth,
    );
    expect(second.body.messages.map((m) => m.text)).toEqual(['m2', 'm3', 'm4']);

    const last = await api.call<ListMessagesResponse>(
      'GET',
      `/rooms/${room.id}/messages?limit=3&before=${second.body.nextCursor}`,
      bob.auth,
    );
    expect(last.body.messages.map((m) => m.text)).toEqual(['m1']);
    expect(last.body.nextCursor).toBeNull();
  });

  it('when the page holds exactly the rest, then nextCursor is null', async () => {
    const { alice, room } = await roomWithMembers();
    for (let i = 0; i < 3; i++) await api.post(alice, room.id, `m${i}`);
    const page = await api.call<ListMessagesResponse>(
      'GET',
      `/rooms/${room.id}/messages?limit=3`,
      alice.auth,
    );
    expect(page.body.messages).toHaveLength(3);
    expect(page.body.nextCursor).toBeNull();
  });

  it('when another room has messages, then they never appear in this one', async () => {
    const { alice, room } = await roomWithMembers();
    const other = await api.createRoom(alice);
    await api.post(alice, other.id, 'elsewhere');
    await api.post(alice, room.id, 'here');
    const page = await api.call<ListMessagesResponse>(
      'GET',
      `/rooms/${room.id}/messages`,
      alice.auth,
    );
    expect(page.body.messages.map((m) => m.text)).toEqual(['here']);
  });

  it('when a non-member reads, then it answers 403 NOT_A_MEMBER', async () => {
    const { room } = await roomWithMembers();
    const mallory = await issuer.newUser('mallory');
    const response = await api.call<ErrorResponse>(
      'GET',
      `/rooms/${room.id}/messages`,
      mallory.auth,
    );
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('NOT_A_MEMBER');
  });

  it('when the room does not exist, then it answers 404 ROOM_NOT_FOUND', async () => {
    const alice = await issuer.newUser();
    const response = await api.call<ErrorResponse>('GET', '/rooms/123456789/messages', alice.auth);
    expect(response.status).toBe(404);
  });

  const badQueries: [string, string][] = [
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['limit=1.5', 'query.limit'],
    ['limit=1&limit=2', 'query.limit'],
    ['before=abc', 'query.before'],
    ['before=-1', 'query.before'],
    ["before=1'%20OR%20'1'='1", 'query.before'],
    ['before=', 'query.before'],
  ];
  for (const [query, names] of badQueries) {
    it(`when the query is ${query}, then it answers 400 VALIDATION_FAILED naming ${names}`, async () => {
      const { alice, room } = await roomWithMembers();
      const response = await api.call<ErrorResponse>(
        'GET',
        `/rooms/${room.id}/messages?${query}`,
        alice.auth,
      );
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.message).toContain(names);
    });
  }

  it('when bad input was sent, then the process still serves', async () => {
    expect((await fetch(`${instances[0]!.url}/healthz`)).status).toBe(200);
  });
});
