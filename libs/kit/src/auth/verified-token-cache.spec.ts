import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { unauthenticated, type JwtVerifier, type VerifiedUser } from './jwt-verifier.js';
import { withVerifiedTokenCache } from './verified-token-cache.js';

/** A token-shaped string with the given exp (seconds); the fake verifier decides validity. */
const tokenWith = (sub: string, exp: number) =>
  `${base64url.encode('{"alg":"EdDSA"}')}.${base64url.encode(JSON.stringify({ sub, exp }))}.sig-${sub}`;
const expOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number })
    .exp;

function countingVerifier(valid: Set<string>) {
  const calls: string[] = [];
  const verifier: JwtVerifier = {
    async verify(token) {
      calls.push(token);
      if (!valid.has(token)) throw unauthenticated('The access token is not valid');
      return {
        id: token.slice(-6),
        username: 'someone',
        tokenExpiresAt: expOf(token) * 1000,
      } satisfies VerifiedUser;
    },
  };
  return { verifier, calls };
}

describe('withVerifiedTokenCache', () => {
  it('when the same valid token comes again, then its signature is checked once', async () => {
    let clock = 1_000_000;
    const token = tokenWith('alice', clock / 1000 + 600);
    const { verifier, calls } = countingVerifier(new Set([token]));
    const cached = withVerifiedTokenCache(verifier, { now: () => clock });
    const first = await cached.verify(token);
    clock += 1_000;
    expect(await cached.verify(token)).toEqual(first);
    expect(calls).toHaveLength(1);
  });

  it('when a token fails, then it is not remembered: every attempt is verified and refused', async () => {
    const bad = tokenWith('mallory', 9_999_999_999);
    const { verifier, calls } = countingVerifier(new Set());
    const cached = withVerifiedTokenCache(verifier);
    await expect(cached.verify(bad)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(cached.verify(bad)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(calls).toHaveLength(2);
  });

  it('when the token reaches its exp, then it is verified again (and refused if the verifier says so)', async () => {
    let clock = 1_000_000;
    const token = tokenWith('bob', clock / 1000 + 10);
    const valid = new Set([token]);
    const { verifier, calls } = countingVerifier(valid);
    const cached = withVerifiedTokenCache(verifier, { now: () => clock });
    await cached.verify(token);
    clock += 10_000;
    valid.delete(token); // expired, as jose would now say
    await expect(cached.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(calls).toHaveLength(2);
  });

  it('when maxAgeMs passes before exp, then the token is verified again', async () => {
    let clock = 1_000_000;
    const token = tokenWith('carol', clock / 1000 + 3_600);
    const { verifier, calls } = countingVerifier(new Set([token]));
    const cached = withVerifiedTokenCache(verifier, { now: () => clock, maxAgeMs: 60_000 });
    await cached.verify(token);
    clock += 60_001;
    await cached.verify(token);
    expect(calls).toHaveLength(2);
  });

  it('when more tokens than maxEntries arrive, then the oldest is forgotten first', async () => {
    const tokens = ['t1', 't2', 't3'].map((sub) => tokenWith(sub, 9_999_999_999));
    const { verifier, calls } = countingVerifier(new Set(tokens));
    const cached = withVerifiedTokenCache(verifier, { maxEntries: 2 });
    for (const token of tokens) await cached.verify(token);
    await cached.verify(tokens[2] as string); // still remembered
    await cached.verify(tokens[0] as string); // forgotten: verified again
    expect(calls).toEqual([...tokens, tokens[0]]);
  });
});
