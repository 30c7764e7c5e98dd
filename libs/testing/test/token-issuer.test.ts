import { createJwtVerifier } from '@podlab/kit/auth';
import { generateKeyPair } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePorts, startTokenIssuer } from '../src/index.js';

// Checked by the verifier every service uses, with the claims auth's tokens carry.
const issuer = await startTokenIssuer();
afterAll(() => issuer.close());
const verifier = createJwtVerifier({
  jwksUrl: issuer.jwksUrl,
  issuer: 'podlab-auth',
  audience: 'podlab',
  cache: false,
});

describe('startTokenIssuer', () => {
  it('when a new user is made, then its token verifies as that user and the header carries it', async () => {
    const alice = await issuer.newUser('alice');
    expect(await verifier.verify(alice.token)).toMatchObject({
      id: alice.id,
      username: alice.username,
    });
    expect(alice.username).toMatch(/^alice-\d+$/);
    expect(alice.auth).toEqual({ authorization: `Bearer ${alice.token}` });
    expect((await issuer.newUser('alice')).id).not.toBe(alice.id);
  });

  it('when signed with another key, issuer, audience or an expiry in the past, then it does not verify', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    for (const options of [
      { key: privateKey },
      { issuer: 'someone-else' },
      { audience: 'another-app' },
      { expiresAt: Math.floor(Date.now() / 1000) - 60 },
    ])
      await expect(
        verifier.verify(await issuer.sign(options)),
        JSON.stringify(options),
      ).rejects.toThrow();
  });

  it('when given a port, then it serves its keys there; closing twice is harmless', async () => {
    const [port] = (await findFreePorts(1)) as [number];
    const late = await startTokenIssuer({ port });
    expect(late.jwksUrl).toBe(`http://127.0.0.1:${port}/api/auth/.well-known/jwks.json`);
    const { keys } = (await (await fetch(late.jwksUrl)).json()) as { keys: { kid: string }[] };
    expect(keys.map((k) => k.kid)).toEqual([late.kid]);
    await late.close();
    await late.close();
    await expect(fetch(late.jwksUrl)).rejects.toThrow();
  });
});
