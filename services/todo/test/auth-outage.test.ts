import { errorResponseSchema } from '@podlab/contracts';
import { findFreePorts, startTokenIssuer } from '@podlab/testing';
import { describe, expect, it } from 'vitest';
import { startTodoApi } from './support/todo-api.js';

const api = await startTodoApi();
const [lateAuthPort] = (await findFreePorts(1)) as [number];
const beforeAuth = await startTodoApi({
  JWKS_URL: `http://127.0.0.1:${lateAuthPort}/api/auth/.well-known/jwks.json`,
});

describe('when auth restarts (its JWKS is away)', () => {
  it('then todo stays ready and keeps verifying tokens with the keys it cached', async () => {
    const user = await api.newUser();
    expect((await api.call('/todos', { token: user.token })).status).toBe(200);
    await api.issuer.close();
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    expect((await api.call('/todos', { token: user.token })).status).toBe(200);
    const body = { title: 'while auth is down' };
    expect((await api.call('/todos', { method: 'POST', token: user.token, body })).status).toBe(
      201,
    );
  });
});

describe('when auth is not up yet', () => {
  it('then todo is ready, a token answers 503 AUTH_UNAVAILABLE with Retry-After, and once auth serves its keys the same process accepts them', async () => {
    expect((await fetch(`${beforeAuth.url}/readyz`)).status).toBe(200);
    const early = await beforeAuth.call('/todos', { token: (await beforeAuth.newUser()).token });
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('5');
    expect(errorResponseSchema.parse(await early.json()).error.code).toBe('AUTH_UNAVAILABLE');

    const auth = await startTokenIssuer({ port: lateAuthPort });
    try {
      const token = await auth.sign({ sub: 'late-user' });
      expect((await beforeAuth.call('/todos', { token })).status).toBe(200);
    } finally {
      await auth.close();
    }
  });
});
