import { generateKeyPairSync, sign } from 'node:crypto';
import { REFRESH_COOKIE_NAME } from '@podlab/contracts';
import type { System } from './system-under-fuzz.js';

export interface SignedIn {
  username: string;
  password: string;
  accessToken: string;
}

/**
 * What the run has learnt and reuses: two signed-in users, refresh cookies handed out, and ids
 * the services answered with (so paths name real rooms and todos, not only garbage).
 */
export class FuzzState {
  /** Ids each service answered with, by who asked (a room of alice's, a todo of bob's…). */
  private readonly ids: Record<string, { id: string; owner: string }[]> = {};
  readonly refreshTokens: string[] = [];
  private accounts = 0;

  constructor(
    readonly alice: SignedIn,
    readonly bob: SignedIn,
  ) {}

  /** Remembers the ids and refresh cookie of a successful answer. */
  learn(service: string, owner: string, body: unknown, response: Response): void {
    const ids = (this.ids[service] ??= []);
    const visit = (value: unknown, depth: number) => {
      if (depth > 4 || value === null || typeof value !== 'object') return;
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'id' && typeof inner === 'string' && !ids.some((known) => known.id === inner))
          ids.push({ id: inner, owner });
        else visit(inner, depth + 1);
      }
    };
    visit(body, 0);
    if (ids.length > 200) ids.splice(0, ids.length - 200);
    const cookie = refreshCookieOf(response);
    if (cookie) this.refreshTokens.push(cookie);
  }

  /** An id the service gave: mostly one of the caller's own, sometimes anyone's. */
  knownId(service: string, caller: string, index: number): string | undefined {
    const all = this.ids[service] ?? [];
    const own = all.filter((known) => known.owner === caller);
    const pool = index % 4 === 0 || own.length === 0 ? all : own;
    return this.pick(pool, Math.floor(index / 4))?.id;
  }

  /** A number for a new account's name, unique in this run. */
  nextAccount(): string {
    this.accounts += 1;
    return `${process.pid}x${this.accounts}`;
  }

  pick<T>(list: readonly T[], index: number): T | undefined {
    return list.length === 0 ? undefined : list[index % list.length];
  }
}

export function refreshCookieOf(response: Response): string | undefined {
  const header = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith(`${REFRESH_COOKIE_NAME}=`));
  const value = header?.split(';')[0]?.slice(REFRESH_COOKIE_NAME.length + 1);
  return value || undefined;
}

/** Registers and signs in a user through auth, as the frontend does. */
export async function signUp(
  system: System,
  username: string,
): Promise<SignedIn & { refreshToken: string }> {
  const post = (path: string, body: unknown) =>
    fetch(`${system.auth.url}/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const password = 'fuzzing is caring';
  const registered = await post('/register', { username, password });
  if (registered.status !== 201) throw new Error(`register ${username}: ${registered.status}`);
  const login = await post('/login', { username, password });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
  const session = (await login.json()) as { accessToken: string };
  return {
    username,
    password,
    accessToken: session.accessToken,
    refreshToken: refreshCookieOf(login)!,
  };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens that must never pass: unsigned, signed by a stranger under auth's key id, tampered. */
export function forgedTokens(valid: string): string[] {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: '1',
    username: 'mallory',
    iss: 'podlab-auth',
    aud: 'podlab',
    iat: now,
    exp: now + 600,
  };
  const { privateKey } = generateKeyPairSync('ed25519');
  const header = base64url({ alg: 'EdDSA', kid: 'fuzz', typ: 'JWT' });
  const payload = base64url(claims);
  const stranger = sign(null, Buffer.from(`${header}.${payload}`), privateKey).toString(
    'base64url',
  );
  const [validHeader, validPayload, validSignature] = valid.split('.');
  return [
    `${base64url({ alg: 'none' })}.${payload}.`,
    `${header}.${payload}.${stranger}`,
    `${validHeader}.${base64url({ ...claims, sub: 'someone-else' })}.${validSignature}`,
    `${validHeader}.${validPayload}`,
    valid.slice(0, -2),
    'not-a-jwt',
    'a.b.c',
    `${validHeader}.${validPayload}.${validSignature}.extra`,
  ];
}
