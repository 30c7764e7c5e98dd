import { createHmac } from 'node:crypto';
import { authSessionSchema } from '@podlab/contracts';
import { createJwtVerifier } from '@podlab/kit/auth';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  PASSWORD,
  errorOf,
  refreshCookieOf,
  startAuth,
  testSigningKey,
  username,
} from './support/auth-test-service.js';

// Limits out of the way here: rate limiting has its own file.
const auth = await startAuth({
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
  LOGIN_MAX_FAILURES_PER_CLIENT: '1000',
  LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_CLIENTS: '1000',
});
const { api } = auth;
const jwksUrl = `${auth.service.url}/api/auth/.well-known/jwks.json`;

describe('POST /api/auth/login', () => {
  it('when the password is right, then it answers the session and sets the refresh cookie', async () => {
    const name = username('login');
    await api.register(name);
    const response = await api.login(name);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const session = authSessionSchema.parse(await response.json());
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { username: name },
    });
    const cookie = refreshCookieOf(response);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes).toEqual(
      expect.arrayContaining(['Path=/api/auth', 'HttpOnly', 'SameSite=Strict', 'Max-Age=604800']),
    );
    // npm start and the tutorial clusters are plain http: Secure only when COOKIE_SECURE=true.
    expect(cookie?.attributes).not.toContain('Secure');
  });

  it('when a token is issued, then it carries what todo and chat verify: kid, EdDSA, sub, username, iss, aud, exp', async () => {
    const { session } = await api.signedIn();
    const header = decodeProtectedHeader(session.accessToken);
    expect(header).toEqual({ alg: 'EdDSA', kid: auth.key.kid, typ: 'JWT' });
    const claims = decodeJwt(session.accessToken);
    expect(claims).toMatchObject({
      sub: session.user.id,
      username: session.user.username,
      iss: 'podlab-auth',
      aud: 'podlab',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("when todo's verifier (@podlab/kit/auth) fetches auth's JWKS over HTTP, then the token verifies", async () => {
    const { session } = await api.signedIn();
    const verifier = createJwtVerifier({ jwksUrl, issuer: 'podlab-auth', audience: 'podlab' });
    expect(await verifier.verify(session.accessToken)).toMatchObject(session.user);
  });

  it('when the username is typed in another case, then it signs in as the registered name', async () => {
    const name = username('Case');
    await api.register(name);
    const response = await api.login(name.toUpperCase());
    expect(response.status).toBe(200);
    expect(authSessionSchema.parse(await response.json()).user.username).toBe(name);
  });

  it('when the user is unknown or the password wrong, then both answers are the same 401 INVALID_CREDENTIALS', async () => {
    const name = username('enum');
    await api.register(name);
    const unknown = await api.login(username('nobody'), PASSWORD);
    const wrong = await api.login(name, 'wrong password!');
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    const [a, b] = [await errorOf(unknown), await errorOf(wrong)];
    expect({ ...a, correlationId: undefined }).toEqual({ ...b, correlationId: undefined });
    expect(a.code).toBe('INVALID_CREDENTIALS');
    expect(refreshCookieOf(unknown)).toBeUndefined();
    expect(refreshCookieOf(wrong)).toBeUndefined();
  });

  it('when the user is unknown, then the answer takes as long as a wrong password (argon2 runs either way)', async () => {
    const name = username('timing');
    await api.register(name);
    const samples = { wrong: [] as number[], unknown: [] as number[] };
    const time = async (into: number[], attempt: () => Promise<Response>) => {
      const started = performance.now();
      await (await attempt()).arrayBuffer();
      into.push(performance.now() - started);
    };
    // Interleaved, so a busy machine slows both alike.
    for (let i = 0; i < 7; i++) {
      await time(samples.wrong, () => api.login(name, 'not the password'));
      await time(samples.unknown, () => api.login(username('ghost'), 'not the password'));
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[3];
    const [wrongPassword, unknownUser] = [median(samples.wrong), median(samples.unknown)];
    console.log(
      `login median: wrong password ${wrongPassword.toFixed(1)} ms, unknown user ${unknownUser.toFixed(1)} ms`,
    );
    // Without the decoy hash an unknown user answers in ~1 ms against ~20–40 ms.
    expect(unknownUser).toBeGreaterThan(wrongPassword / 3);
    expect(unknownUser).toBeLessThan(wrongPassword * 3);
  });

  const bad: [string, string, string][] = [
    ['an empty object', '{}', 'body.username'],
    ['an empty password', '{"username":"someone","password":""}', 'body.password'],
    [
      'a 257-character username (past what normalisation is run on)',
      JSON.stringify({ username: 'u'.repeat(257), password: 'x' }),
      'body.username',
    ],
    ['an unknown field', '{"username":"a","password":"b","remember":true}', 'remember'],
    ['a password that is an object', '{"username":"a","password":{"$ne":null}}', 'body.password'],
  ];
  for (const [what, body, names] of bad) {
    it(`when given ${what}, then it answers 400 VALIDATION_FAILED naming ${names}`, async () => {
      const response = await api.post('/login', body);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain(names);
    });
  }

  it('when given a 10 kB body, then it answers 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await api.post('/login', { username: 'a', password: 'p'.repeat(10_000) });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('GET /api/auth/me', () => {
  it('when the access token is valid, then it answers the user', async () => {
    const { session } = await api.signedIn();
    const response = await api.me(session.accessToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: session.user });
  });

  it('when no token is sent, then it answers 401 UNAUTHENTICATED with WWW-Authenticate', async () => {
    const response = await fetch(`${auth.service.url}/api/auth/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await errorOf(response)).code).toBe('UNAUTHENTICATED');
  });

  const forged: [
    string,
    (token: string, user: { id: string; username: string }) => Promise<string> | string,
  ][] = [
    [
      'its payload tampered with (another user id)',
      (token) => {
        const [h, p, s] = token.split('.');
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        return [
          h,
          Buffer.from(
            JSON.stringify({ ...claims, sub: '00000000-0000-0000-0000-000000000000' }),
          ).toString('base64url'),
          s,
        ].join('.');
      },
    ],
    [
      'its signature altered',
      (token) => `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`,
    ],
    ['expired', (_t, user) => sign(auth.key, user, { exp: -60 })],
    [
      'signed by another key with the same kid',
      (_t, user) => sign(testSigningKey(auth.key.kid), user),
    ],
    ['an unknown kid', (_t, user) => sign(testSigningKey('not-a-known-kid'), user)],
    ['another issuer', (_t, user) => sign(auth.key, user, { issuer: 'evil' })],
    ['another audience', (_t, user) => sign(auth.key, user, { audience: 'other-app' })],
    ['alg none', (_t, user) => unsigned(user)],
    ['HS256 keyed with the public key', (_t, user) => hs256WithPublicKey(user)],
    ['not a JWT at all', () => 'not.a.jwt'],
  ];
  for (const [what, forge] of forged) {
    it(`when the token is ${what}, then it answers 401 UNAUTHENTICATED`, async () => {
      const { session } = await api.signedIn();
      const token = await forge(session.accessToken, session.user);
      const response = await api.me(token);
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe('UNAUTHENTICATED');
    });
  }
});

describe('GET /api/auth/.well-known/jwks.json', () => {
  it('when fetched, then it lists the public signing key under its kid, and nothing private', async () => {
    const response = await fetch(jwksUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('max-age=');
    const jwks = (await response.json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toEqual([
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: auth.key.publicJwk.x,
        kid: auth.key.kid,
        alg: 'EdDSA',
        use: 'sig',
      },
    ]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('when a previous key is configured (rotation), then both keys are served and tokens of both verify', async () => {
    const previous = testSigningKey('previous-key');
    const rotated = await startAuth(
      { JWT_PREVIOUS_PUBLIC_KEYS: JSON.stringify([previous.publicJwk]) },
      { database: auth.database, key: testSigningKey('next-key') },
    );
    const rotatedJwks = `${rotated.service.url}/api/auth/.well-known/jwks.json`;
    const jwks = (await (await fetch(rotatedJwks)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(['next-key', 'previous-key']);

    const verifier = createJwtVerifier({
      jwksUrl: rotatedJwks,
      issuer: 'podlab-auth',
      audience: 'podlab',
    });
    const { session } = await rotated.api.signedIn();
    expect((await verifier.verify(session.accessToken)).id).toBe(session.user.id);
    const old = await sign(previous, session.user);
    expect((await verifier.verify(old)).id).toBe(session.user.id);
  });
});

async function sign(
  key: ReturnType<typeof testSigningKey>,
  user: { id: string; username: string },
  options: { exp?: number; issuer?: string; audience?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ username: user.username })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setSubject(user.id)
    .setIssuer(options.issuer ?? 'podlab-auth')
    .setAudience(options.audience ?? 'podlab')
    .setIssuedAt(now - 120)
    .setExpirationTime(now + (options.exp ?? 600))
    .sign(key.privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function claimsFor(user: { id: string; username: string }) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: user.id,
    username: user.username,
    iss: 'podlab-auth',
    aud: 'podlab',
    iat: now,
    exp: now + 600,
  };
}

function unsigned(user: { id: string; username: string }): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid: auth.key.kid })}.${b64(claimsFor(user))}.`;
}

/** The classic key-confusion forgery: HMAC with the (public) verification key as the secret. */
function hs256WithPublicKey(user: { id: string; username: string }): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: auth.key.kid })}.${b64(claimsFor(user))}`;
  const secret = JSON.stringify(auth.key.publicJwk);
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
