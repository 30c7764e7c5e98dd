import type { ErrorResponse } from '@podlab/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';
import { describeError } from '../logging/describe-error.js';
import { logSafeUrl } from './log-safe-url.js';

/** body-parser and express raise errors with a `type` and `status`; these are the client's fault. */
const bodyParserErrors: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'INVALID_JSON', message: 'Request body is not valid JSON' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  'encoding.unsupported': {
    code: 'UNSUPPORTED_ENCODING',
    message: 'Content-Encoding is not supported',
  },
  'charset.unsupported': {
    code: 'UNSUPPORTED_CHARSET',
    message: 'Charset is not supported: use utf-8',
  },
  'request.aborted': { code: 'REQUEST_ABORTED', message: 'Request was aborted by the client' },
  'request.size.invalid': {
    code: 'INVALID_CONTENT_LENGTH',
    message: 'Request body does not match Content-Length',
  },
  'stream.encoding.set': { code: 'BAD_REQUEST', message: 'Request stream could not be read' },
};

/** Any thrown value → an AppError with a status and a stable code. */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  const candidate = value as {
    type?: string;
    status?: number;
    statusCode?: number;
    message?: string;
  };
  const known = candidate?.type ? bodyParserErrors[candidate.type] : undefined;
  const status = candidate?.status ?? candidate?.statusCode;
  if (known && status && status < 500)
    return new AppError(known.code, known.message, { status, cause: value });
  if (status && status >= 400 && status < 500) {
    return new AppError('BAD_REQUEST', candidate.message ?? 'Bad request', {
      status,
      cause: value,
    });
  }
  return new AppError('INTERNAL', 'Internal error', {
    status: 500,
    cause: value,
    operational: false,
  });
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`, { status: 404 }));
};

/**
 * The one error middleware: logs once with method, url and correlation id, answers JSON with a
 * stable code. Messages are echoed only below 500; a 500 never leaks internals or stacks.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const appError = toAppError(error);
  const correlationId = String(req.id ?? '');
  const log = req.log;
  const context = {
    method: req.method,
    url: logSafeUrl(req.originalUrl),
    correlationId,
    code: appError.code,
    status: appError.status,
  };
  if (appError.status >= 500)
    log?.error({ ...context, err: describeError(error) }, 'request failed');
  else log?.info(context, `request rejected: ${appError.message}`);

  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (appError.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(appError.retryAfterSeconds));
  const body: ErrorResponse = {
    error: {
      code: appError.code,
      // A plain 500 never says why (that is for the log); a deliberate 502–504 (a dependency is away) does.
      message:
        appError.status < 500 || (appError.status !== 500 && appError.operational)
          ? appError.message
          : 'Internal error',
      correlationId: correlationId || undefined,
      details: appError.details,
    },
  };
  res.status(appError.status).json(body);
};
