import { z } from 'zod';
import {
  authSessionSchema,
  loginRequestSchema,
  meResponseSchema,
  registerRequestSchema,
  registerResponseSchema,
  usernameSchema,
} from '../auth-api-schema.js';
import type { ServiceApi } from './api-operation.js';

/**
 * The sign-up body as documented: the same schema, with the username rule (a refinement, which
 * JSON Schema cannot express) said in words.
 */
const registerBody = registerRequestSchema.extend({
  username: usernameSchema.meta({
    description:
      'RFC 8265 UsernameCaseMapped: letters, digits and . _ @ + - in one script (CJK may mix), no emoji; 3–64 characters once NFKC-normalised and lower-cased; compared ignoring case',
  }),
});

/** The public keys access tokens are verified with (RFC 7517). */
const jwksSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string() })),
});

export const authApi: ServiceApi = {
  service: 'auth',
  description:
    'Accounts and sign-in: short-lived access tokens (JWT) and a rotating refresh cookie.',
  operations: [
    {
      operationId: 'register',
      method: 'post',
      path: '/register',
      summary: 'Create an account',
      security: 'none',
      body: registerBody,
      responses: { 201: { description: 'The new account', json: registerResponseSchema } },
      errors: {
        409: 'USERNAME_TAKEN (names are compared ignoring case)',
        429: 'RATE_LIMITED: too many sign-ups from this client; see Retry-After',
      },
    },
    {
      operationId: 'login',
      method: 'post',
      path: '/login',
      summary: 'Sign in: an access token, and the refresh cookie',
      security: 'none',
      body: loginRequestSchema,
      responses: { 200: { description: 'Signed in', json: authSessionSchema } },
      errors: {
        401: 'INVALID_CREDENTIALS (the same for a wrong username and a wrong password)',
        429: 'RATE_LIMITED: too many failures from this client for this account, for this account from all clients, or for unknown names from this client; see Retry-After',
      },
    },
    {
      operationId: 'refresh',
      method: 'post',
      path: '/refresh',
      summary: 'A new access token for the refresh cookie, which rotates',
      security: 'refreshCookie',
      responses: { 200: { description: 'A fresh session', json: authSessionSchema } },
      errors: {
        401: 'INVALID_REFRESH_TOKEN or REFRESH_TOKEN_REUSED',
        403: 'CROSS_SITE_REQUEST: sent from another site (Sec-Fetch-Site or Origin)',
      },
    },
    {
      operationId: 'logout',
      method: 'post',
      path: '/logout',
      summary: 'Revoke the refresh cookie and clear it',
      security: 'refreshCookie',
      responses: { 204: { description: 'Signed out' } },
      errors: { 403: 'CROSS_SITE_REQUEST: sent from another site (Sec-Fetch-Site or Origin)' },
    },
    {
      operationId: 'me',
      method: 'get',
      path: '/me',
      summary: 'Who the access token belongs to',
      security: 'bearer',
      responses: { 200: { description: 'The account', json: meResponseSchema } },
    },
    {
      operationId: 'jwks',
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'The public keys todo and chat verify access tokens with',
      security: 'none',
      responses: { 200: { description: 'A JSON Web Key Set', json: jwksSchema } },
    },
  ],
};
