import { z } from 'zod';
import { urlWithScheme, type ConfigOf } from '../config/load-config.js';
import { createJwtVerifier, type JwtVerifier } from './jwt-verifier.js';

/**
 * The keys of a service that checks access tokens, spread into its `baseConfigSchema.extend`.
 * The defaults are what auth signs with (its own JWT_ISSUER and JWT_AUDIENCE).
 */
export const jwtVerifierConfig = {
  JWKS_URL: urlWithScheme('http', 'https').describe(
    "auth's public keys, found by Service name: http://auth:3000/api/auth/.well-known/jwks.json",
  ),
  JWT_ISSUER: z
    .string()
    .min(1)
    .default('podlab-auth')
    .describe('The `iss` an access token must carry (what auth signs with)'),
  JWT_AUDIENCE: z
    .string()
    .min(1)
    .default('podlab')
    .describe('The `aud` an access token must carry'),
};
export type JwtVerifierConfig = ConfigOf<typeof jwtVerifierConfig>;

/**
 * The verifier the config describes. Keys are fetched on the first token and cached, so auth
 * being away does not stop the service (nor its readiness); a verified token is remembered until
 * its exp: one signature check per client and minute, not one per request.
 */
export const jwtVerifierFor = (config: JwtVerifierConfig): JwtVerifier =>
  createJwtVerifier({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
