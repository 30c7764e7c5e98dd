import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/**
 * Validates request input against a contract schema and returns the typed value, or throws a
 * 400 VALIDATION_FAILED that names each bad field. Call it at the top of a route handler.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.infer<S> {
  if (where === 'body' && value === undefined) {
    throw new AppError(
      'BODY_REQUIRED',
      'Request body is required: send JSON with Content-Type: application/json',
      { status: 400 },
    );
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  throw new AppError('VALIDATION_FAILED', `Invalid ${where}: ${summary}`, { status: 400, details });
}
