import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uniqueName } from '@podlab/testing';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll } from 'vitest';

export interface TestUser {
  id: string;
  username: string;
}

export interface SignOptions {
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
  /** Sign with a key the JWKS does not publish (under the published kid). */
  foreignKey?: boolean;
}

/**
 * Stands in for the auth service: an Ed25519 key pair, its JWKS served on a local port, and
 * access tokens signed the way auth signs them (iss podlab-auth, aud podlab, sub, username, kid).
 */
export async function startTokenIssuer() {
  const kid = uniqueName('key');
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;

  async function sign(user: TestUser, options: SignOptions = {}): Promise<string> {
    const key: CryptoKey = options.foreignKey ? foreign.privateKey : privateKey;
    return new SignJWT({ username: user.username })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(options.issuer ?? 'podlab-auth')
      .setAudience(options.audience ?? 'podlab')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '15m')
      .sign(key);
  }

  let users = 0;
  /** A user with a fresh id and a valid token, and the Authorization header for it. */
  async function newUser(name = 'user') {
    users += 1;
    const user: TestUser = { id: uniqueName(`uid_${users}`), username: `${name}-${users}` };
    const token = await sign(user);
    return { ...user, token, auth: { authorization: `Bearer ${token}` } };
  }

  return { jwksUrl, sign, newUser };
}

export type TokenIssuer = Awaited<ReturnType<typeof startTokenIssuer>>;
export type SignedInUser = Awaited<ReturnType<TokenIssuer['newUser']>>;
