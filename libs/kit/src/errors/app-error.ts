export interface AppErrorOptions {
  /** HTTP status the error answers with; 500 when omitted. */
  status?: number;
  /** Operational errors are expected failures (bad input, a dependency down): they end one request, never the process. */
  operational?: boolean;
  cause?: unknown;
  details?: { path: string; message: string }[];
  /** Seconds a client should wait before retrying (sent as Retry-After). */
  retryAfterSeconds?: number;
}

/** The one error type services throw: a stable machine code, an HTTP status and a human message. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly operational: boolean;
  readonly details?: { path: string; message: string }[];
  readonly retryAfterSeconds?: number;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 500;
    this.operational = options.operational ?? true;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Turns any thrown value into an Error, so logging and the error handler see one shape. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  try {
    return new Error(`Non-error thrown: ${JSON.stringify(value)}`);
  } catch {
    return new Error('Non-error thrown');
  }
}
