import type { ErrorRequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';
import { isTransientMysqlError } from './transient-errors.js';

/** Long enough for a database restart or a failover to finish; short enough that a reader barely notices. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Error middleware for a router whose routes use the database: a database that cannot be reached
 * is a 503 with Retry-After (the client's cue to retry), not an internal error. Mount it after
 * the routes; anything else, and an AppError a route chose on purpose, passes on unchanged.
 */
export const databaseUnavailable: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error instanceof AppError || !isTransientMysqlError(error)) {
    next(error);
    return;
  }
  next(
    new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; retry later', {
      status: 503,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      cause: error,
    }),
  );
};
