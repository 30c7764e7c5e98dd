import { AppError } from '@podlab/kit';
import { isTransientMysqlError } from '@podlab/kit/db';
import type { ErrorRequestHandler } from 'express';

/** The database being away is a 503 with Retry-After, not an internal error. */
export const databaseUnavailable: ErrorRequestHandler = (error, _req, _res, next) => {
  if (!(error instanceof AppError) && isTransientMysqlError(error)) {
    next(
      new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; retry later', {
        status: 503,
        retryAfterSeconds: 5,
        cause: error,
      }),
    );
    return;
  }
  next(error);
};
