import type { MessageKey } from '../i18n/messages.js';
import { translate } from '../i18n/use-i18n.js';

/** Codes the client itself gives to failures that never reached a JSON error body. */
export const CLIENT_ERROR_CODES = {
  network: 'network_error',
  badResponse: 'bad_response',
  http: 'http_error',
} as const;

export interface ErrorDetail {
  path: string;
  message: string;
}

/** A failed API call: the server's `{error: {code, message, correlationId, details}}`, or a client-side failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId?: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The server's error codes a person meets in the UI, said in the reader's language: the server
 * writes its messages in English. A code not listed here shows the server's own message.
 */
const CODE_MESSAGES = new Map<string, MessageKey>(
  Object.entries({
    INVALID_CREDENTIALS: 'errors.invalidCredentials',
    USERNAME_TAKEN: 'errors.usernameTaken',
    RATE_LIMITED: 'errors.rateLimited',
    DATABASE_UNAVAILABLE: 'errors.unavailable',
    AUTH_UNAVAILABLE: 'errors.unavailable',
    VALIDATION_FAILED: 'errors.validationFailed',
    TODO_NOT_FOUND: 'errors.todoNotFound',
    ROOM_NOT_FOUND: 'errors.roomNotFound',
    NOT_A_MEMBER: 'errors.notAMember',
    REFRESH_TOKEN_REUSED: 'errors.sessionRevoked',
  } satisfies Record<string, MessageKey>),
);

/** The translated sentence for a server error code, or undefined (then the server's message). */
function translatedServerMessage(error: ApiError): string | undefined {
  const key = CODE_MESSAGES.get(error.code);
  if (!key) return undefined;
  if (error.code !== 'RATE_LIMITED') return translate(key);
  // "… retry in 30 s": the wait is only in the message.
  const seconds = /retry in (\d+) s/.exec(error.message)?.[1];
  return seconds ? translate(key, { seconds }) : undefined;
}

/** What a person reads for any thrown value: the server's message, or a translated explanation. Never raw JSON. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === CLIENT_ERROR_CODES.network) return translate('errors.network');
    if (error.code === CLIENT_ERROR_CODES.badResponse) return translate('errors.badResponse');
    if (error.message && error.code !== CLIENT_ERROR_CODES.http) {
      const details =
        error.details?.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)) ?? [];
      return [translatedServerMessage(error) ?? error.message, ...details].join(' — ');
    }
    return translate('errors.http', { status: error.status });
  }
  if (error instanceof TypeError) return translate('errors.network');
  return translate('errors.unknown');
}
