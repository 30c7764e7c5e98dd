import { AppError } from '@podlab/kit';

/** The one answer for an unknown username and a wrong password alike. */
export const invalidCredentials = () =>
  new AppError('INVALID_CREDENTIALS', 'Wrong username or password', { status: 401 });

/** A new password the length policy lets through but NIST SP 800-63B refuses (see common-passwords.ts). */
export const weakPassword = (problem: string) =>
  new AppError('VALIDATION_FAILED', `Invalid body: body.password: ${problem}`, {
    status: 400,
    details: [{ path: 'body.password', message: problem }],
  });

export const usernameTaken = () =>
  new AppError('USERNAME_TAKEN', 'That username is taken (names are compared ignoring case)', {
    status: 409,
  });

/** `attempts` names what was counted: "sign-in attempts", "sign-ups from this address". */
export const rateLimited = (attempts: string, retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', `Too many ${attempts}; retry in ${retryAfterSeconds} s`, {
    status: 429,
    retryAfterSeconds,
  });

export const invalidRefreshToken = (message: string) =>
  new AppError('INVALID_REFRESH_TOKEN', message, { status: 401 });

export const refreshTokenReused = () =>
  new AppError(
    'REFRESH_TOKEN_REUSED',
    'This refresh token was already used: the session is revoked, sign in again',
    { status: 401 },
  );
