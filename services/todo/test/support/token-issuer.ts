import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface SignOptions {
  sub?: string;
  username?: string;
  issuer?: string;
  audience?: string;
  /** jose time span ('15m') or an absolute epoch-seconds number. */
  expiresAt?: string | number;
  kid?: string;
  /** Sign with this key instead of the served one (a forger's key). */
  key?: CryptoKey;
}

export interface TokenIssuer {
  /** Where the public keys are served, like auth's `/api/auth/.well-known/jwks.json`. */
  jwksUrl: string;
  kid: string;
  sign(options?: SignOptions): Promise<string>;
  /** Stops serving keys, as when auth is restarting. */
  close(): Promise<void>;
}

/** An Ed25519 key pair, a local signer with auth's claims, and the JWKS served on a port of its own. */
export async function startTokenIssuer(port = 0): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = `test-${randomBytes(4).toString('hex')}`;
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }],
  });
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(jwks);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: actual } = server.address() as AddressInfo;

  return {
    jwksUrl: `http://127.0.0.1:${actual}/api/auth/.well-known/jwks.json`,
    kid,
    sign: (options = {}) =>
      new SignJWT({ username: options.username ?? 'someone' })
        .setProtectedHeader({ alg: 'EdDSA', kid: options.kid ?? kid })
        .setSubject(options.sub ?? randomBytes(8).toString('hex'))
        .setIssuer(options.issuer ?? 'podlab-auth')
        .setAudience(options.audience ?? 'podlab')
        .setIssuedAt()
        .setExpirationTime(options.expiresAt ?? '15m')
        .sign(options.key ?? privateKey),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
