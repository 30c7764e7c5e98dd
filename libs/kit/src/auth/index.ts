export {
  createJwtVerifier,
  unauthenticated,
  type AuthUser,
  type JwtVerifier,
  type JwtVerifierOptions,
} from './jwt-verifier.js';
export { requireAuth, userOf } from './require-auth.js';
