import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TokenIssuer {
  /** Where the public keys are served, like auth's `/api/auth/.well-known/jwks.json`. */
  jwksUrl: string;
  /** An access token with auth's claims, valid for 15 minutes. */
  sign(user?: { sub?: string; username?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Stands in for auth: an Ed25519 key pair, its JWKS on a port of its own, tokens signed as auth signs them. */
export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = `test-${randomBytes(4).toString('hex')}`;
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }],
  });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(jwks);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    jwksUrl: `http://127.0.0.1:${port}/api/auth/.well-known/jwks.json`,
    sign: (user = {}) =>
      new SignJWT({ username: user.username ?? 'someone' })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setSubject(user.sub ?? randomBytes(8).toString('hex'))
        .setIssuer('podlab-auth')
        .setAudience('podlab')
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
