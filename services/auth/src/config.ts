import { createPrivateKey } from 'node:crypto';
import { baseConfigSchema } from '@podlab/kit';
import { mysqlConfig } from '@podlab/kit/db';
import { z } from 'zod';
import { publicJwkListSchema } from './domain/signing-keys.js';

/** A PEM from an env file may arrive with its line breaks written as `\n`; accept both. */
const pem = (value: string) => value.replace(/\\n/g, '\n').trim();

const isEd25519PrivateKey = (value: string) => {
  try {
    return createPrivateKey(pem(value)).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
};

/** `false`, `true`, a hop count, or proxy addresses/subnets: what express's `trust proxy` accepts. */
const trustProxySchema = z
  .string()
  .trim()
  .min(1)
  .transform((value): boolean | number | string => {
    if (value === 'false') return false;
    if (value === 'true') return true;
    return /^\d+$/.test(value) ? Number(value) : value;
  });

/**
 * Every environment variable auth reads. Kubernetes: MYSQL_URL, JWT_PRIVATE_KEY and
 * JWT_KEY_ID from the Secret, the rest from the ConfigMap.
 */
export const configSchema = baseConfigSchema.extend({
  ...mysqlConfig('auth'),
  JWT_PRIVATE_KEY: z
    .string()
    .refine(isEd25519PrivateKey, 'must be a PKCS#8 PEM of an Ed25519 private key')
    .transform(pem)
    .describe(
      'Signs access tokens: a PKCS#8 PEM of an Ed25519 key (`openssl genpkey -algorithm ed25519`); `\\n` escapes are accepted for line breaks (a Secret)',
    ),
  JWT_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1–64 letters, digits and . _ -')
    .describe(
      'The `kid` of the signing key, in every token header and its JWKS entry; change it with the key (a Secret, beside the key)',
    ),
  JWT_PREVIOUS_PUBLIC_KEYS: z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of public JWKs' });
        return z.NEVER;
      }
    })
    .pipe(publicJwkListSchema)
    .optional()
    .describe(
      'Key rotation: a JSON array of further Ed25519 public JWKs (each with its kid) the JWKS serves beside the signing key — the previous key until its tokens expired, or the next one before it signs',
    ),
  JWT_ISSUER: z
    .string()
    .min(1)
    .default('podlab-auth')
    .describe('`iss` of every access token; verifiers (todo, chat) require the same value'),
  JWT_AUDIENCE: z
    .string()
    .min(1)
    .default('podlab')
    .describe('`aud` of every access token; verifiers (todo, chat) require the same value'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(3_600)
    .default(900)
    .describe('Access token lifetime: short, since a token cannot be revoked before it expires'),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 24 * 3_600)
    .default(7 * 24 * 3_600)
    .describe('Refresh token lifetime from its issue; each refresh issues a new one (sliding)'),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60)
    .default(10)
    .describe(
      'For this long after a refresh token is exchanged, presenting it again (two tabs refreshing at once) answers a new access token but no new refresh token, as long as its successor is unused; later, it is reuse and revokes the sign-in. 0 = any second use is reuse',
    ),
  COOKIE_SECURE: z
    .literal('auto')
    .or(z.stringbool())
    .default('auto')
    .describe(
      'Mark the refresh cookie Secure (HTTPS only): auto = when the request came over TLS (a TLS socket, or X-Forwarded-Proto: https from a proxy TRUST_PROXY trusts), so plain-http npm start still works; true = always; false = never',
    ),
  TRUST_PROXY: trustProxySchema
    .default(false)
    .describe(
      'Whose X-Forwarded-For names the client (for the login and sign-up rate limits): false = the socket address; a hop count (1 behind the Ingress); or proxy addresses/subnets (`loopback`). Never `true` unless every request passes a proxy that overwrites the header',
    ),
  // The names are kept from before the limits were split, so existing ConfigMaps mean the same
  // numbers; the descriptions say what each counts now.
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(5)
    .describe(
      'Failed logins for one account from one client address within LOGIN_RATE_WINDOW_SECONDS before that client gets 429 for that account (others still sign in; a success from that client resets it)',
    ),
  LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_CLIENTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(100)
    .describe(
      'Failed logins for one account from all clients together within LOGIN_RATE_WINDOW_SECONDS before 429 for everyone: bounds a distributed guessing attack; keep it far above LOGIN_MAX_FAILURES_PER_ACCOUNT, so locking an account takes many addresses',
    ),
  LOGIN_MAX_FAILURES_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(50)
    .describe(
      'Failed logins for names that do not exist, from one client address within LOGIN_RATE_WINDOW_SECONDS, before that client gets 429 for every name (they lock no account)',
    ),
  LOGIN_RATE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3_600)
    .default(900)
    .describe('The window the login failure counts live in (counts are shared by every replica)'),
  REGISTER_MAX_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(10)
    .describe(
      'Sign-up attempts from one client address within REGISTER_RATE_WINDOW_SECONDS before 429 (each costs an argon2 hash; a taken name counts too)',
    ),
  REGISTER_RATE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3_600)
    .default(3_600)
    .describe('The window the sign-up counts live in (counts are shared by every replica)'),
});
export type Config = z.infer<typeof configSchema>;
