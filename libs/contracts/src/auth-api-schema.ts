import { z } from 'zod';

/**
 * Auth API (`/api/auth/...`).
 *
 * - `POST /register` {@link registerRequestSchema} → 201 {@link registerResponseSchema}; 429
 *   `RATE_LIMITED` with Retry-After past a number of sign-ups per client address
 * - `POST /login` {@link loginRequestSchema} → 200 {@link authSessionSchema}, and sets the
 *   httpOnly SameSite refresh cookie ({@link REFRESH_COOKIE_NAME}, path {@link REFRESH_COOKIE_PATH})
 * - `POST /refresh` (cookie only, no body) → 200 {@link authSessionSchema}, rotating the cookie;
 *   the just-rotated token sent again within a few seconds (two tabs at once) → 200 without a
 *   new cookie, later → 401 `REFRESH_TOKEN_REUSED` and the sign-in is revoked
 * - `POST /logout` → 204, revokes the refresh token and clears the cookie
 * - `GET /me` (Bearer) → 200 {@link meResponseSchema}
 *
 * A wrong username and a wrong password get the same answer (401 `INVALID_CREDENTIALS`).
 */

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 64;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const REFRESH_COOKIE_NAME = 'podlab_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

/** A username (letters, digits and `._@+-`, so an email address works too). Compared case-insensitively. */
export const usernameSchema = z
  .string()
  .trim()
  .min(USERNAME_MIN)
  .max(USERNAME_MAX)
  .regex(/^[\p{L}\p{N}._@+-]+$/u, 'use letters, digits and . _ @ + - only');

export const passwordSchema = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);

export const registerRequestSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

/** Login checks nothing but presence and bounds, so the policy can change without locking anyone out. */
export const loginRequestSchema = z.strictObject({
  username: z.string().trim().min(1).max(USERNAME_MAX),
  password: z.string().min(1).max(PASSWORD_MAX),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const userSchema = z.object({
  id: z.string().min(1),
  username: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const registerResponseSchema = z.object({ user: userSchema });
export type RegisterResponse = z.infer<typeof registerResponseSchema>;

/** What login and refresh answer: a short-lived access token (a JWT) and who it is for. */
export const authSessionSchema = z.object({
  accessToken: z.string().min(1),
  tokenType: z.literal('Bearer').optional(),
  /** Seconds until the access token expires. */
  expiresIn: z.int().positive(),
  user: userSchema,
});
export type AuthSession = z.infer<typeof authSessionSchema>;

export const meResponseSchema = z.object({ user: userSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;
