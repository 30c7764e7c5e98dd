import { meResponseSchema, registerResponseSchema } from '@podlab/contracts';
import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { errorOf, sessionOf, startAuth } from './support/auth-test-service.js';

const auth = await startAuth();
const { api } = auth;

let seq = 0;
/** A unique suffix in the name's own script, so names stay single-script. */
const latinSuffix = () =>
  `${Date.now().toString(36)}${++seq}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);
const hanSuffix = () =>
  [...`${Date.now()}${++seq}`].map((d) => '零一二三四五六七八九'[Number(d)]).join('');

/** Register → login → refresh → me, as the browser does, checking the name survives each step. */
async function roundTrip(name: string, expected = name.normalize('NFKC')) {
  const registered = await api.register(name);
  expect(registered.status, await registered.clone().text()).toBe(201);
  expect(registerResponseSchema.parse(await registered.json()).user.username).toBe(expected);

  const login = await sessionOf(await api.login(name));
  expect(login.session.user.username).toBe(expected);
  const refreshed = await sessionOf(await api.refresh(login.refreshToken));
  const me = await api.me(refreshed.session.accessToken);
  expect(me.status).toBe(200);
  expect(meResponseSchema.parse(await me.json()).user).toEqual(login.session.user);
}

describe('non-ASCII usernames, end to end (register → login → refresh → me)', () => {
  it('when the name is accented Latin (ñandú), then every step works', async () => {
    await roundTrip(`ñandú${latinSuffix()}`);
  });

  it('when the name is CJK, then every step works', async () => {
    await roundTrip(`小明${hanSuffix()}`);
  });

  it('when the name is typed decomposed and signs in composed (or in capitals), then it is one account', async () => {
    const base = `jose${latinSuffix()}`;
    await roundTrip(`${base}e\u0301`, `${base}é`);
    expect((await api.login(`${base.toUpperCase()}É`)).status).toBe(200);
    const taken = await api.register(`${base}é`);
    expect(taken.status).toBe(409);
  });

  it('when the name holds emoji, then it answers 400 naming body.username and emoji', async () => {
    const response = await api.register(`ada🚀${latinSuffix()}`);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('body.username');
    expect(error.message).toContain('emoji');
  });

  it('when 64 × U+FDFA expands past the limit once normalised, then register is a 400 and login a 401, never a 500', async () => {
    const expanding = '\uFDFA'.repeat(64);
    const registered = await api.register(expanding);
    expect(registered.status).toBe(400);
    expect((await errorOf(registered)).message).toContain('once normalised');
    const login = await api.login(expanding, 'whatever password');
    expect(login.status).toBe(401);
    expect((await errorOf(login)).code).toBe('INVALID_CREDENTIALS');
  });

  it('when a Cyrillic а is hidden in a Latin name, then it answers 400 naming both scripts', async () => {
    const response = await api.register(`p\u0430ypal${latinSuffix()}`);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/Latin and Cyrillic|Cyrillic and Latin/);
  });

  it('when a wrong password is given for a non-ASCII name, then it is a 401 (the failure is counted, not a 500)', async () => {
    const name = `ñandú${latinSuffix()}`;
    await api.register(name);
    const response = await api.login(name, 'wrong password');
    expect(response.status).toBe(401);
  });
});

describe('storage', () => {
  it('when migrated, then every key column is utf8mb4 with a binary collation', async () => {
    const connection = await createConnection({ uri: auth.database.url });
    try {
      const [rows] = await connection.query(
        `SELECT TABLE_NAME AS t, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS coll
         FROM information_schema.COLUMNS
         WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME IN ('key', 'username_key') ORDER BY TABLE_NAME`,
      );
      expect(rows).toEqual([
        { t: 'login_failures', charset: 'utf8mb4', coll: 'utf8mb4_bin' },
        { t: 'registration_attempts', charset: 'utf8mb4', coll: 'utf8mb4_bin' },
        { t: 'users', charset: 'utf8mb4', coll: 'utf8mb4_bin' },
      ]);
    } finally {
      await connection.end();
    }
  });
});
