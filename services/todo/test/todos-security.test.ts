import { errorResponseSchema, todoSchema, type Todo } from '@podlab/contracts';
import type { TestUser } from '@podlab/testing';
import { base64url, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { startTodoApi } from './support/todo-api.js';

const api = await startTodoApi();

const create = async (user: TestUser, title: string): Promise<Todo> => {
  const response = await api.call('/todos', { method: 'POST', token: user.token, body: { title } });
  return todoSchema.parse(await response.json());
};
const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

/** Every route, called with the given Authorization header (or none). */
const routes: { method: string; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/todos' },
  { method: 'POST', path: '/todos', body: { title: 'sneaky' } },
  { method: 'PATCH', path: '/todos/1', body: { completed: true } },
  { method: 'DELETE', path: '/todos/1' },
  { method: 'POST', path: '/todos/toggle-all', body: { completed: true } },
  { method: 'POST', path: '/todos/clear-completed' },
];

async function expect401(authorization: string | undefined, message?: RegExp): Promise<void> {
  for (const route of routes) {
    const headers: Record<string, string> = authorization ? { authorization } : {};
    const response = await api.call(route.path, {
      method: route.method,
      body: route.body,
      headers,
    });
    expect(response.status, `${route.method} ${route.path}`).toBe(401);
    const body = errorResponseSchema.parse(await response.json());
    expect(body.error.code).toBe('UNAUTHENTICATED');
    if (message) expect(body.error.message).toMatch(message);
  }
}

describe('tokens', () => {
  it('when no token is sent, then every route answers 401 UNAUTHENTICATED with WWW-Authenticate: Bearer', async () => {
    await expect401(undefined, /Bearer/);
    expect((await api.call('/todos')).headers.get('www-authenticate')).toBe('Bearer');
  });

  it('when the header is not a bearer token, then it answers 401', async () => {
    await expect401('Basic dXNlcjpwYXNz');
    await expect401('Bearer');
    await expect401('Bearer not-a-jwt');
  });

  it('when a valid token is tampered with (another sub, same signature), then it answers 401', async () => {
    const [alice, mallory] = [await api.newUser(), await api.newUser()];
    await create(alice, 'alice secret');
    const [header, , signature] = mallory.token.split('.');
    const forgedPayload = encode({
      sub: alice.id,
      username: alice.username,
      iss: 'podlab-auth',
      aud: 'podlab',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    await expect401(`Bearer ${header}.${forgedPayload}.${signature}`, /not valid/);
  });

  it('when the token has expired, then it answers 401 saying so', async () => {
    const token = await api.issuer.sign({ expiresAt: Math.floor(Date.now() / 1000) - 60 });
    await expect401(`Bearer ${token}`, /expired/);
  });

  it('when the token is signed by another key under the served kid, then it answers 401', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    await expect401(`Bearer ${await api.issuer.sign({ key: privateKey })}`);
  });

  it('when the token names a kid auth never served, then it answers 401', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    await expect401(`Bearer ${await api.issuer.sign({ key: privateKey, kid: 'forged-kid' })}`);
  });

  it('when the token says alg none (unsigned), then it answers 401', async () => {
    const header = encode({ alg: 'none', typ: 'JWT', kid: api.issuer.kid });
    const payload = encode({
      sub: 'x',
      username: 'x',
      iss: 'podlab-auth',
      aud: 'podlab',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    await expect401(`Bearer ${header}.${payload}.`);
  });

  it('when the token is HS256 with a guessable secret (algorithm confusion), then it answers 401', async () => {
    const token = await new SignJWT({ username: 'x' })
      .setProtectedHeader({ alg: 'HS256', kid: api.issuer.kid })
      .setSubject('x')
      .setIssuer('podlab-auth')
      .setAudience('podlab')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('secret'));
    await expect401(`Bearer ${token}`);
  });

  it('when the issuer or audience is wrong, then it answers 401', async () => {
    await expect401(`Bearer ${await api.issuer.sign({ issuer: 'someone-else' })}`);
    await expect401(`Bearer ${await api.issuer.sign({ audience: 'another-app' })}`);
  });

  it('when a rejected token tried to write, then nothing was written', async () => {
    const user = await api.newUser();
    const forged = await api.issuer.sign({
      sub: user.id,
      expiresAt: Math.floor(Date.now() / 1000) - 60,
    });
    await api.call('/todos', {
      method: 'POST',
      token: forged,
      body: { title: 'should not exist' },
    });
    expect(await (await api.call('/todos', { token: user.token })).json()).toEqual({ todos: [] });
  });
});

describe("another user's todo", () => {
  it('when edited or deleted by someone else, then it answers 404 exactly like a missing todo, and is untouched', async () => {
    const [owner, other] = [await api.newUser(), await api.newUser()];
    const todo = await create(owner, 'mine');
    const missingId = String(Number(todo.id) + 1_000_000);
    const attempts = [
      { method: 'PATCH', body: { title: 'pwned', completed: true } },
      { method: 'DELETE', body: undefined },
    ];
    for (const { method, body } of attempts) {
      const theirs = await api.call(`/todos/${todo.id}`, { method, token: other.token, body });
      const missing = await api.call(`/todos/${missingId}`, { method, token: other.token, body });
      expect(theirs.status).toBe(404);
      expect(missing.status).toBe(404);
      const strip = (b: unknown) => ({
        ...(b as { error: object }).error,
        correlationId: undefined,
      });
      expect(strip(await theirs.json())).toEqual(strip(await missing.json()));
    }
    expect(await (await api.call('/todos', { token: owner.token })).json()).toEqual({
      todos: [todo],
    });
  });

  it("when a user toggles all or clears completed, then another user's todos are not counted or changed", async () => {
    const [owner, other] = [await api.newUser(), await api.newUser()];
    const todo = await create(owner, 'done');
    await api.call(`/todos/${todo.id}`, {
      method: 'PATCH',
      token: owner.token,
      body: { completed: true },
    });
    const cleared = await api.call('/todos/clear-completed', {
      method: 'POST',
      token: other.token,
    });
    expect(await cleared.json()).toEqual({ affected: 0 });
    const toggled = await api.call('/todos/toggle-all', {
      method: 'POST',
      token: other.token,
      body: { completed: false },
    });
    expect(await toggled.json()).toEqual({ affected: 0 });
    const listed = (await (await api.call('/todos', { token: owner.token })).json()) as {
      todos: Todo[];
    };
    expect(listed.todos.map((t) => [t.id, t.completed])).toEqual([[todo.id, true]]);
  });
});
