import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, decodeJwt, SignJWT, type JWK } from 'jose';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { createJwtVerifier } from './jwt-verifier.js';

const ISSUER = 'podlab-auth';
const AUDIENCE = 'podlab';
const user = { id: '7b0f2a0e-1111-4222-8333-444455556666', username: 'ada' };

function signingKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk: JWK = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
  return { kid, privateKey, jwk };
}

async function sign(
  key: { kid: string; privateKey: KeyObject },
  claims: Record<string, unknown> = { username: user.username },
  /** `exp` in seconds from now; null for none. */
  options: { sub?: string | null; exp?: number | null; iss?: string; aud?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt(now - 60);
  if (options.exp !== null) jwt.setExpirationTime(now + (options.exp ?? 600));
  if (options.sub !== null) jwt.setSubject(options.sub ?? user.id);
  return jwt.sign(key.privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The error a verify() call fails with (or undefined when it passes). */
async function failureOf(promise: Promise<unknown>): Promise<AppError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('createJwtVerifier with local keys', () => {
  const key = signingKey('k1');
  const verifier = createJwtVerifier(
    { jwksUrl: 'unused:', issuer: ISSUER, audience: AUDIENCE },
    createLocalJWKSet({ keys: [key.jwk] }),
  );
  const claimsNow = () => {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: user.id,
      username: user.username,
      iss: ISSUER,
      aud: AUDIENCE,
      iat: now,
      exp: now + 600,
    };
  };

  it('when the token is valid, then it answers the user from sub and username, and when the token expires', async () => {
    const token = await sign(key);
    expect(await verifier.verify(token)).toEqual({
      ...user,
      tokenExpiresAt: (decodeJwt(token).exp as number) * 1000,
    });
  });

  const forgeries: [string, () => Promise<string> | string, RegExp][] = [
    [
      'the payload was tampered with',
      async () => {
        const [h, , s] = (await sign(key)).split('.');
        return `${h}.${b64({ ...claimsNow(), sub: 'someone-else' })}.${s}`;
      },
      /not valid/,
    ],
    ['it expired', () => sign(key, undefined, { exp: -30 }), /expired/],
    [
      'it has no exp (it would never expire)',
      () => sign(key, undefined, { exp: null }),
      /not valid/,
    ],
    ['another key signed it under the same kid', () => sign(signingKey('k1')), /not valid/],
    ['its kid is unknown', () => sign(signingKey('k-unknown')), /not valid/],
    ['alg is none', () => `${b64({ alg: 'none', kid: 'k1' })}.${b64(claimsNow())}.`, /not valid/],
    [
      'it is HS256 keyed with the public key',
      () => {
        const input = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64(claimsNow())}`;
        const secret = Buffer.from(String(key.jwk.x), 'base64url');
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      },
      /not valid/,
    ],
    ['the issuer is another', () => sign(key, undefined, { iss: 'someone' }), /not valid/],
    ['the audience is another', () => sign(key, undefined, { aud: 'elsewhere' }), /not valid/],
    ['it has no subject', () => sign(key, undefined, { sub: null }), /no subject/],
    ['it has no username', () => sign(key, {}), /no subject/],
    ['it is not a JWT', () => 'abc.def', /not valid/],
  ];
  for (const [what, forge, message] of forgeries) {
    it(`when ${what}, then it fails 401 UNAUTHENTICATED`, async () => {
      const error = await failureOf(verifier.verify(await forge()));
      expect(error?.status).toBe(401);
      expect(error?.code).toBe('UNAUTHENTICATED');
      expect(error?.message).toMatch(message);
    });
  }
});

describe('createJwtVerifier against a JWKS over HTTP', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));
  afterEach(() => vi.useRealTimers());

  /** A stand-in for auth's JWKS endpoint: answers what `respond` says and counts requests. */
  async function jwksServer(respond: () => { status: number; body: string }) {
    const counter = { requests: 0 };
    const server = createServer((_req, res) => {
      counter.requests++;
      const { status, body } = respond();
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/.well-known/jwks.json`;
    return { url, counter };
  }

  it('when auth is unreachable, then it fails 503 AUTH_UNAVAILABLE with Retry-After, not 401', async () => {
    const { url } = await jwksServer(() => ({ status: 200, body: '{}' }));
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const verifier = createJwtVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE });
    const error = await failureOf(verifier.verify(await sign(signingKey('k1'))));
    expect(error?.status).toBe(503);
    expect(error?.code).toBe('AUTH_UNAVAILABLE');
    expect(error?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('when the JWKS answers 503 or something that is not a key set, then it fails 503, not 401', async () => {
    for (const answer of [
      { status: 503, body: '{"error":{"code":"DATABASE_UNAVAILABLE"}}' },
      { status: 200, body: '<html>gateway</html>' },
      { status: 200, body: '{"keys":"nope"}' },
    ]) {
      const { url } = await jwksServer(() => answer);
      const verifier = createJwtVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE });
      const error = await failureOf(verifier.verify(await sign(signingKey('k1'))));
      expect({ answer, code: error?.code }).toEqual({ answer, code: 'AUTH_UNAVAILABLE' });
    }
  });

  it('when a token names a new kid (a rotation), then the keys are fetched again — at most once per cooldown', async () => {
    const [oldKey, newKey] = [signingKey('old'), signingKey('new')];
    let keys = [oldKey.jwk];
    const { url, counter } = await jwksServer(() => ({
      status: 200,
      body: JSON.stringify({ keys }),
    }));
    // Only Date is faked: jose's cooldown reads the clock, sockets keep real timers.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const verifier = createJwtVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE });

    expect(await verifier.verify(await sign(oldKey))).toMatchObject(user);
    expect(await verifier.verify(await sign(oldKey))).toMatchObject(user);
    expect(counter.requests).toBe(1);

    // Within the cooldown an unknown kid does not make it fetch: bad tokens cannot hammer auth.
    keys = [newKey.jwk, oldKey.jwk];
    expect((await failureOf(verifier.verify(await sign(newKey))))?.status).toBe(401);
    expect(counter.requests).toBe(1);

    vi.setSystemTime(Date.now() + 31_000);
    expect(await verifier.verify(await sign(newKey))).toMatchObject(user);
    expect(counter.requests).toBe(2);
    expect(await verifier.verify(await sign(oldKey))).toMatchObject(user);
    expect(counter.requests).toBe(2);
  });
});
