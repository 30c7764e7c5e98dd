import type { ErrorResponse } from '@podlab/contracts';
import { ApiError, CLIENT_ERROR_CODES } from './api-error.js';

/** Any zod schema fits: the client only needs safeParse. */
export interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** How the client reaches the session without importing the store (the store installs these). */
export interface AuthHooks {
  token(): string | null;
  /** A new access token, or null when the session is over. Concurrent callers share one refresh. */
  refresh(): Promise<string | null>;
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Send the access token, and on a 401 refresh once and retry. Default true. */
  auth?: boolean;
  schema?: Schema<T>;
  signal?: AbortSignal;
}

/**
 * Mirrors CORRELATION_ID_HEADER in @podlab/contracts. This module is in the initial bundle, which imports
 * contracts for types only: its zod schemas load with the pages that need them.
 */
const CORRELATION_ID_HEADER = 'x-correlation-id';

let authHooks: AuthHooks | null = null;

/** The contract's error shape, checked by hand for the same reason. */
export function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error: unknown = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

export function setAuthHooks(hooks: AuthHooks | null): void {
  authHooks = hooks;
}

export function buildUrl(path: string, query?: RequestOptions<unknown>['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** One JSON call to `/api/...`. Resolves to the parsed body (undefined for 204); rejects with an ApiError. */
export async function request<T = void>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const auth = options.auth ?? true;
  const usedToken = auth ? (authHooks?.token() ?? null) : null;
  let response = await send(path, options, usedToken);
  if (response.status === 401 && auth && authHooks) {
    const current = authHooks.token();
    // Another call may have refreshed while this one was in flight: use its token instead of refreshing again.
    const fresh = current && current !== usedToken ? current : await authHooks.refresh();
    if (fresh) response = await send(path, options, fresh);
  }
  return read(response, options.schema);
}

async function send(
  path: string,
  options: RequestOptions<unknown>,
  token: string | null,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers['Authorization'] = `Bearer ${token}`;
  try {
    return await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, CLIENT_ERROR_CODES.network, 'network error');
  }
}

async function read<T>(response: Response, schema?: Schema<T>): Promise<T> {
  const correlationId = response.headers.get(CORRELATION_ID_HEADER) ?? undefined;
  const text = response.status === 204 ? '' : await response.text().catch(() => '');
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    if (isErrorResponse(body)) {
      const { code, message, details } = body.error;
      throw new ApiError(
        response.status,
        code,
        message,
        body.error.correlationId ?? correlationId,
        Array.isArray(details) ? details : undefined,
      );
    }
    throw new ApiError(response.status, CLIENT_ERROR_CODES.http, '', correlationId);
  }
  if (!schema) return body as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(
      response.status,
      CLIENT_ERROR_CODES.badResponse,
      'unexpected response',
      correlationId,
    );
  return parsed.data;
}
