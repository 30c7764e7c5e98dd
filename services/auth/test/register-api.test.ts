import { registerResponseSchema, serviceInfoSchema } from '@podlab/contracts';
import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { PASSWORD, errorOf, startAuth, username } from './support/auth-test-service.js';

const auth = await startAuth();
const { api } = auth;

describe('POST /api/auth/register', () => {
  it('when given a new username and a good password, then it answers 201 with the user and no password', async () => {
    const name = username('ada');
    const response = await api.register(name);
    expect(response.status).toBe(201);
    const body = registerResponseSchema.parse(await response.json());
    expect(body.user.username).toBe(name);
    expect(body.user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
  });

  it('when the password is stored, then it is an argon2id hash, never the password', async () => {
    const name = username('hash');
    await api.register(name);
    const [rows] = await query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE username = ?',
      [name],
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0].password_hash).not.toContain(PASSWORD);
  });

  it('when the username is taken in another case, then it answers 409 USERNAME_TAKEN', async () => {
    const name = username('Grace');
    expect((await api.register(name)).status).toBe(201);
    for (const variant of [name, name.toUpperCase(), ` ${name.toLowerCase()} `]) {
      const response = await api.register(variant);
      expect(response.status).toBe(409);
      expect((await errorOf(response)).code).toBe('USERNAME_TAKEN');
    }
  });

  it('when ten registrations of one name race, then exactly one wins', async () => {
    const name = username('race');
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => api.register(name).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
  });

  it('when names differ only by accents, then both are accepted (no collation folding)', async () => {
    const base = username('jose');
    expect((await api.register(`${base}e`)).status).toBe(201);
    expect((await api.register(`${base}é`)).status).toBe(201);
  });

  it('when the username looks like SQL injection, then it is stored and returned literally', async () => {
    const name = `x'or'1'='1--${Date.now()}`.replace(/[ ]/g, '');
    // Only letters, digits and ._@+- are allowed: the quotes are refused by name.
    const refused = await api.register(name);
    expect(refused.status).toBe(400);
    const literal = `a.b@c+d-${Date.now()}`;
    const response = await api.register(literal);
    expect(response.status).toBe(201);
    expect(registerResponseSchema.parse(await response.json()).user.username).toBe(literal);
    const login = await api.login(literal);
    expect(login.status).toBe(200);
  });

  it('when a password holds quotes and HTML, then it works as typed', async () => {
    const name = username('quote');
    const password = `'; DROP TABLE users; -- <script>alert(1)</script>`;
    expect((await api.register(name, password)).status).toBe(201);
    expect((await api.login(name, password)).status).toBe(200);
    const [rows] = await query<{ n: number }>('SELECT COUNT(*) AS n FROM users');
    expect(Number(rows[0].n)).toBeGreaterThan(0);
  });
});

describe('POST /api/auth/register with bad input', () => {
  const long = 'x'.repeat(65);
  const cases: {
    name: string;
    body: string;
    contentType?: string;
    status: number;
    code: string;
    names?: string;
  }[] = [
    { name: 'invalid JSON', body: '{"username":', status: 400, code: 'INVALID_JSON' },
    { name: 'no body', body: '', status: 400, code: 'VALIDATION_FAILED', names: 'body.username' },
    {
      name: 'an empty object',
      body: '{}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.username',
    },
    {
      name: 'no password',
      body: '{"username":"alice1"}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.password',
    },
    {
      name: 'a short password',
      body: '{"username":"alice1","password":"1234567"}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.password',
    },
    {
      name: 'a 129-character password',
      body: JSON.stringify({ username: 'alice1', password: 'p'.repeat(129) }),
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.password',
    },
    {
      name: 'a 2-character username',
      body: '{"username":"ab","password":"long enough"}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.username',
    },
    {
      name: 'a 65-character username',
      body: JSON.stringify({ username: long, password: 'long enough' }),
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.username',
    },
    {
      name: 'a username with a space',
      body: '{"username":"al ice","password":"long enough"}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.username',
    },
    {
      name: 'a username with HTML',
      body: '{"username":"<b>x</b>","password":"long enough"}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.username',
    },
    {
      name: 'a numeric username',
      body: '{"username":12345,"password":"long enough"}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'body.username',
    },
    {
      name: 'an unknown field',
      body: '{"username":"alice1","password":"long enough","admin":true}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'admin',
    },
    { name: 'a JSON array', body: '[1]', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'JSON null', body: 'null', status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'a form body',
      body: 'username=a&password=b',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'a 20 kB body',
      body: JSON.stringify({ username: 'alice1', password: 'p'.repeat(20_000) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
  ];
  for (const c of cases) {
    it(`when given ${c.name}, then it answers ${c.status} ${c.code}${c.names ? ` naming ${c.names}` : ''}`, async () => {
      const response = await fetch(`${auth.service.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': c.contentType ?? 'application/json' },
        body: c.body,
      });
      expect(response.status).toBe(c.status);
      expect(response.headers.get('content-type')).toContain('application/json');
      const error = await errorOf(response);
      expect(error.code).toBe(c.code);
      expect(error.correlationId).toBe(response.headers.get('x-correlation-id'));
      if (c.names) expect(error.message).toContain(c.names);
    });
  }

  it('when bad input was sent, then the process still serves', async () => {
    expect((await fetch(`${auth.service.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${auth.service.url}/readyz`)).status).toBe(200);
  });
});

describe('GET /api/auth/info', () => {
  it('when asked, then it names the service, and the headers name the pod', async () => {
    const response = await fetch(`${auth.service.url}/api/auth/info`);
    const info = serviceInfoSchema.parse(await response.json());
    expect(info.service).toBe('auth');
    expect(response.headers.get('x-served-by-pod')).toBe(info.pod);
  });
});

async function query<T>(sql: string, values: unknown[] = []): Promise<[T[], unknown]> {
  const connection = await createConnection({ uri: auth.database.url });
  try {
    return (await connection.query(sql, values)) as unknown as [T[], unknown];
  } finally {
    await connection.end();
  }
}
