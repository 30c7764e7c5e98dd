import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../stores/auth-store.js';
import { apiError, fakeFetch, json, on } from '../testing/fake-fetch.js';
import { ApiError, errorMessage } from './api-error.js';
import { request } from './http-client.js';

const user = { id: 'u1', username: 'ada' };
const session = (token: string) => ({ accessToken: token, expiresIn: 900, user });
const bearer = (token: string) => `Bearer ${token}`;

async function signedInStore(token = 'old') {
  fakeFetch(on('POST', '/api/auth/login', () => json(200, session(token))));
  const auth = useAuthStore();
  await auth.signIn({ username: 'ada', password: 'secret-password' });
  return auth;
}

describe('request', () => {
  beforeEach(() => setActivePinia(createPinia()));

  describe('when the access token has expired', () => {
    it('then it refreshes once and retries with the new token', async () => {
      const auth = await signedInStore();
      const { calls } = fakeFetch(
        on('POST', '/api/auth/refresh', () => json(200, session('new'))),
        on('GET', '/api/todo/todos', (call) =>
          call.headers['Authorization'] === bearer('new')
            ? json(200, { todos: [] })
            : apiError(401, 'unauthenticated', 'token expired'),
        ),
      );

      await expect(request('/api/todo/todos')).resolves.toEqual({ todos: [] });

      expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
        'GET /api/todo/todos',
        'POST /api/auth/refresh',
        'GET /api/todo/todos',
      ]);
      expect(calls[1]?.headers['Authorization']).toBeUndefined();
      expect(auth.accessToken).toBe('new');
    });

    it('then concurrent calls share one refresh', async () => {
      await signedInStore();
      let release!: () => void;
      const refreshGate = new Promise<void>((resolve) => (release = resolve));
      const { calls } = fakeFetch(
        on('POST', '/api/auth/refresh', async () => {
          await refreshGate;
          return json(200, session('new'));
        }),
        (call) =>
          call.headers['Authorization'] === bearer('new')
            ? json(200, { ok: call.url })
            : apiError(401, 'unauthenticated', 'expired'),
      );

      const results = Promise.all([
        request('/api/todo/todos'),
        request('/api/chat/rooms'),
        request('/api/auth/me'),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 0));
      release();

      expect(await results).toEqual([
        { ok: '/api/todo/todos' },
        { ok: '/api/chat/rooms' },
        { ok: '/api/auth/me' },
      ]);
      expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1);
    });

    it('then a refused refresh signs the user out and the call fails with 401', async () => {
      const auth = await signedInStore();
      const { calls } = fakeFetch(
        on('POST', '/api/auth/refresh', () =>
          apiError(401, 'invalid_refresh_token', 'session ended'),
        ),
        on('GET', '/api/todo/todos', () => apiError(401, 'unauthenticated', 'token expired')),
      );

      const failure = await request('/api/todo/todos').catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).status).toBe(401);
      expect(auth.signedIn).toBe(false);
      expect(auth.sessionEnded).toBe(true);
      expect(calls.filter((c) => c.url === '/api/todo/todos')).toHaveLength(1);
    });
  });

  describe('when a call fails', () => {
    it('then a JSON error becomes an ApiError with the server message and correlation id', async () => {
      fakeFetch(() => apiError(409, 'username_taken', 'That username is taken', 'req-1'));
      const failure = (await request('/api/auth/register', {
        method: 'POST',
        body: {},
        auth: false,
      }).catch((e: unknown) => e)) as ApiError;
      expect(failure).toMatchObject({
        status: 409,
        code: 'username_taken',
        message: 'That username is taken',
        correlationId: 'req-1',
      });
      expect(errorMessage(failure)).toBe('That username is taken');
    });

    it('then a non-JSON answer reads as its status, never as the raw body', async () => {
      fakeFetch(
        () =>
          new Response('<html>Bad Gateway</html>', {
            status: 502,
            headers: { 'x-correlation-id': 'r2' },
          }),
      );
      const failure = (await request('/api/todo/todos', { auth: false }).catch(
        (e: unknown) => e,
      )) as ApiError;
      expect(errorMessage(failure)).toBe('The server answered with status 502.');
      expect(failure.correlationId).toBe('r2');
    });

    it('then an unreachable server reads as a network problem', async () => {
      fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
      const failure = await request('/api/todo/todos', { auth: false }).catch((e: unknown) => e);
      expect(errorMessage(failure)).toBe(
        'Cannot reach the server. Check your connection and try again.',
      );
    });
  });

  it('when a body is given, then it is sent as JSON with the query string built', async () => {
    const { calls } = fakeFetch(() => json(201, { id: '1' }));
    await request('/api/chat/rooms/1/messages', {
      method: 'POST',
      body: { text: 'hi' },
      query: { a: 1, b: undefined },
      auth: false,
    });
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: '/api/chat/rooms/1/messages?a=1',
      body: { text: 'hi' },
    });
    expect(calls[0]?.headers['Content-Type']).toBe('application/json');
  });
});
