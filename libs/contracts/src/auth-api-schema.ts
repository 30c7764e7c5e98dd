import { z } from 'zod';
import { normalizeUsername, USERNAME_INPUT_MAX, usernameProblem } from './username-policy.js';

export {
  normalizeUsername,
  usernameKey,
  usernameProblem,
  USERNAME_INPUT_MAX,
  USERNAME_MAX,
  USERNAME_MIN,
} from './username-policy.js';

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
 * - refresh and logout from another site (`Sec-Fetch-Site` other than `same-origin`/`none`, or
 *   an `Origin` naming another host) → 403 `CROSS_SITE_REQUEST` naming why
 * - `GET /me` (Bearer) → 200 {@link meResponseSchema}
 *
 * A wrong username and a wrong password get the same answer (401 `INVALID_CREDENTIALS`).
 *
 * Usernames follow RFC 8265's UsernameCaseMapped profile (see username-policy.ts): NFKC, compared
 * lower-cased, 3–64 characters after normalisation, letters, digits and `._@+-`, one script
 * (or a CJK mix), no emoji. A name breaking it is a 400 `VALIDATION_FAILED` naming
 * `body.username` and the rule.
 */

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const REFRESH_COOKIE_NAME = 'podlab_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

/**
 * A new username (letters, digits and `._@+-`, so an email address works too), parsed to its
 * NFKC form; the policy in username-policy.ts.
 */
export const usernameSchema = z
  .string()
  .trim()
  .min(1)
  .max(USERNAME_INPUT_MAX)
  .transform(normalizeUsername)
  .superRefine((name, ctx) => {
    const problem = usernameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * A new password's length. Register also refuses the commonest passwords and the username itself
 * (NIST SP 800-63B; the list lives in the auth service, not in every bundle): 400
 * `VALIDATION_FAILED` naming `body.password`.
 */
export const passwordSchema = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);

export const registerRequestSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

/** Login checks nothing but presence and bounds, so the policy can change without locking anyone out. */
export const loginRequestSchema = z.strictObject({
  username: z.string().trim().min(1).max(USERNAME_INPUT_MAX),
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
