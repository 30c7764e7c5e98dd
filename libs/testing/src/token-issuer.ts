import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JWKS_PATH } from '@podlab/catalog';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { uniqueName } from './unique-name.js';

/** A signed-in user of its own: a fresh id, so each test's data is its own. */
export interface TestUser {
  id: string;
  username: string;
  token: string;
  /** The Authorization header that carries `token`. */
  auth: { authorization: string };
}

/** What `sign` may change from a token auth would issue (all of it, for the attacks). */
export interface SignOptions {
  sub?: string;
  username?: string;
  issuer?: string;
  audience?: string;
  /** A jose time span ('15m') or an absolute time in epoch seconds. */
  expiresAt?: string | number;
  kid?: string;
  /** Sign with this key instead of the served one (a forger's key). */
  key?: CryptoKey;
}

export interface TokenIssuer {
  /** Where the public keys are served, at the path auth serves them. */
  jwksUrl: string;
  /** The id of the served key. */
  kid: string;
  /** A token signed as auth signs an access token, valid for 15 minutes unless told. */
  sign(options?: SignOptions): Promise<string>;
  /** A fresh user named `${name}-<n>` and a valid token for it. */
  newUser(name?: string): Promise<TestUser>;
  /** Stops serving keys, as when auth is restarting; closing twice is harmless. */
  close(): Promise<void>;
}

/**
 * Stands in for auth in tests and benchmarks: an Ed25519 key pair, its JWKS served on a local
 * port (`port` to choose one, e.g. to start auth late), and tokens with auth's claims
 * (iss podlab-auth, aud podlab, sub, username; header alg EdDSA, typ JWT, kid).
 */
export async function startTokenIssuer(options: { port?: number } = {}): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = uniqueName('test_key');
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }],
  });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const sign = (o: SignOptions = {}) =>
    new SignJWT({ username: o.username ?? 'someone' })
      .setProtectedHeader({ alg: 'EdDSA', kid: o.kid ?? kid, typ: 'JWT' })
      .setSubject(o.sub ?? uniqueName('user'))
      .setIssuer(o.issuer ?? 'podlab-auth')
      .setAudience(o.audience ?? 'podlab')
      .setIssuedAt()
      .setExpirationTime(o.expiresAt ?? '15m')
      .sign(o.key ?? privateKey);

  let users = 0;
  return {
    jwksUrl: `http://127.0.0.1:${port}${JWKS_PATH}`,
    kid,
    sign,
    async newUser(name = 'user') {
      users += 1;
      const id = uniqueName(name);
      const username = `${name}-${users}`;
      const token = await sign({ sub: id, username });
      return { id, username, token, auth: { authorization: `Bearer ${token}` } };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
