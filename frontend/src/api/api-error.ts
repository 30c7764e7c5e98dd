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

/** A failed API call: the server's `{error: {code, message, requestId, details}}`, or a client-side failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What a person reads for any thrown value: the server's message, or a translated explanation. Never raw JSON. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === CLIENT_ERROR_CODES.network) return translate('errors.network');
    if (error.code === CLIENT_ERROR_CODES.badResponse) return translate('errors.badResponse');
    if (error.message && error.code !== CLIENT_ERROR_CODES.http) {
      const details = error.details?.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)) ?? [];
      return [error.message, ...details].join(' — ');
    }
    return translate('errors.http', { status: error.status });
  }
  if (error instanceof TypeError) return translate('errors.network');
  return translate('errors.unknown');
}
