import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** An Ed25519 public key as a JWKS entry (RFC 8037). */
export const publicJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte base64url key'),
  kid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1–64 letters, digits and . _ -'),
  alg: z.literal('EdDSA').optional(),
  use: z.literal('sig').optional(),
});
export type PublicJwk = z.infer<typeof publicJwkSchema>;
export const publicJwkListSchema = z.array(publicJwkSchema).max(10);

/** What auth signs with, and what it publishes so todo and chat can verify without asking it. */
export interface SigningKeys {
  kid: string;
  privateKey: KeyObject;
  /** The JWKS document: the signing key's public half first, then any extra (rotation) keys. */
  jwks: { keys: PublicJwk[] };
}

export function loadSigningKeys(
  privateKeyPem: string,
  kid: string,
  extraPublicKeys: PublicJwk[] = [],
): SigningKeys {
  const privateKey = createPrivateKey(privateKeyPem);
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  const current: PublicJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: String(x),
    kid,
    alg: 'EdDSA',
    use: 'sig',
  };
  const kids = new Set([kid]);
  for (const extra of extraPublicKeys) {
    if (kids.has(extra.kid))
      throw new Error(
        `JWT_PREVIOUS_PUBLIC_KEYS: kid "${extra.kid}" is used twice (JWT_KEY_ID included)`,
      );
    kids.add(extra.kid);
  }
  const extras = extraPublicKeys.map((key) => ({
    ...key,
    alg: 'EdDSA' as const,
    use: 'sig' as const,
  }));
  return { kid, privateKey, jwks: { keys: [current, ...extras] } };
}
