export {
  createJwtVerifier,
  unauthenticated,
  type AuthUser,
  type JwtVerifier,
  type JwtVerifierOptions,
  type VerifiedUser,
} from './jwt-verifier.js';
export { requireAuth, tokenExpiryOf, userOf } from './require-auth.js';
export { withVerifiedTokenCache, type VerifiedTokenCacheOptions } from './verified-token-cache.js';
export {
  jwtVerifierConfig,
  jwtVerifierFor,
  type JwtVerifierConfig,
} from './jwt-verifier-config.js';
