import { vi } from 'vitest';

export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type FakeRoute = (call: RecordedCall) => Response | Promise<Response> | undefined;

export function json(
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function apiError(
  status: number,
  code: string,
  message: string,
  correlationId?: string,
): Response {
  return json(status, { error: { code, message, correlationId } });
}

/**
 * Replaces global fetch for one test: each call is recorded and answered by the first route that
 * returns a Response; an unanswered call fails the test loudly.
 */
export function fakeFetch(...routes: FakeRoute[]) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call: RecordedCall = {
      method: init.method ?? 'GET',
      url,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    for (const route of routes) {
      const response = await route(call);
      if (response) return response;
    }
    throw new Error(`unexpected ${call.method} ${call.url}`);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

/** A route answering one method and path (query ignored). */
export function on(
  method: string,
  path: string,
  answer: (call: RecordedCall) => Response | Promise<Response>,
): FakeRoute {
  return (call) =>
    call.method === method && call.url.split('?')[0] === path ? answer(call) : undefined;
}
