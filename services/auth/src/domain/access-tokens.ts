import { randomUUID } from 'node:crypto';
import type { User } from '@podlab/contracts';
import { createJwtVerifier, type JwtVerifier } from '@podlab/kit/auth';
import { createLocalJWKSet, SignJWT } from 'jose';
import type { SigningKeys } from './signing-keys.js';

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * Short-lived EdDSA JWTs: `sub` (user id), `username`, `iss`, `aud`, `iat`, `exp`, `jti`, and
 * the key id in the header — what @podlab/kit/auth's verifier in todo and chat requires.
 */
export class AccessTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly options: AccessTokenOptions,
  ) {}

  async issue(user: User): Promise<{ accessToken: string; expiresIn: number }> {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ username: user.username })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.keys.kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.options.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.keys.privateKey);
    return { accessToken, expiresIn: this.options.ttlSeconds };
  }

  /** auth verifies its own tokens (for /me) exactly as todo and chat do, from its JWKS, without a network hop. */
  verifier(): JwtVerifier {
    return createJwtVerifier(
      {
        jwksUrl: 'local:auth-signing-keys',
        issuer: this.options.issuer,
        audience: this.options.audience,
      },
      createLocalJWKSet(this.keys.jwks),
    );
  }
}
