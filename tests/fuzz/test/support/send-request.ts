import { CHAT_EVENTS_TOKEN_PARAM, REFRESH_COOKIE_NAME } from '@podlab/contracts';
import type { FuzzState } from './fuzz-state.js';
import type { RequestPlan } from './request-plans.js';

/** The request as sent, for the failure message (tokens shortened). */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Every text a response could legitimately echo back. */
  echoable: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The body, or for an event stream only that it opened. */
  text: string;
  response: Response;
}

const REQUEST_TIMEOUT_MS = 15_000;

const asText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/** Fills the plan in with what the run knows and builds the request. */
export function materialize(
  plan: RequestPlan,
  baseUrl: string,
  state: FuzzState,
  forged: string[],
): SentRequest {
  const { operation } = plan;
  const caller = typeof plan.caller === 'string' ? plan.caller : 'other';
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const choice = plan.pathValues[name];
    if (!choice) return 'missing';
    if ('raw' in choice) return choice.raw;
    const value =
      'known' in choice
        ? (state.knownId(operation.service, caller, choice.known) ?? '1')
        : asText(choice.value);
    return encodePathValue(value) || '%20';
  });
  const headers: Record<string, string> = {};
  const query = new URLSearchParams();
  for (const [name, value] of plan.query) {
    for (const item of Array.isArray(value) && value.every((v) => typeof v === 'string')
      ? value
      : [value])
      query.append(name, asText(item));
  }
  const token =
    plan.caller === 'alice'
      ? state.alice.accessToken
      : plan.caller === 'bob'
        ? state.bob.accessToken
        : typeof plan.caller === 'object' && 'forged' in plan.caller
          ? forged[plan.caller.forged % forged.length]
          : undefined;
  if (typeof plan.caller === 'object' && 'authorization' in plan.caller) {
    headers.authorization = {
      'alice-lowercase': `bearer ${state.alice.accessToken}`,
      'alice-no-scheme': state.alice.accessToken,
      basic: 'Basic YWxpY2U6cGFzc3dvcmQ=',
      empty: 'Bearer ',
      two: `Bearer ${state.alice.accessToken} ${state.bob.accessToken}`,
    }[plan.caller.authorization];
  } else if (token) {
    if (plan.tokenInQuery && operation.security === 'bearerOrQueryToken')
      query.append(CHAT_EVENTS_TOKEN_PARAM, token);
    else headers.authorization = `Bearer ${token}`;
  }
  if (plan.cookie) {
    if ('header' in plan.cookie) headers.cookie = plan.cookie.header;
    else {
      const tokens = state.refreshTokens;
      const value =
        'known' in plan.cookie
          ? state.pick(tokens, plan.cookie.known)
          : 'latest' in plan.cookie
            ? tokens[tokens.length - 1 - (plan.cookie.latest % Math.min(3, tokens.length))]
            : plan.cookie.value;
      if (value !== undefined) headers.cookie = `${REFRESH_COOKIE_NAME}=${value}`;
    }
  }
  if (plan.lastEventId !== undefined) headers['last-event-id'] = plan.lastEventId;
  if (plan.correlationId !== undefined) headers['x-correlation-id'] = plan.correlationId;
  const method = plan.method ?? operation.method;
  let body: string | undefined;
  if (method === 'GET') {
    // fetch sends no body with a GET.
  } else if (plan.body && 'json' in plan.body) {
    body = JSON.stringify(plan.body.json) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (plan.body && 'credentialsOf' in plan.body) {
    const { username, password } =
      plan.body.credentialsOf === 'new'
        ? { username: `fz${state.nextAccount()}`, password: 'a new password' }
        : state[plan.body.credentialsOf];
    body = JSON.stringify({ username, password });
    headers['content-type'] = 'application/json';
  } else if (plan.body) {
    body = plan.body.raw;
    headers['content-type'] = plan.body.contentType ?? 'application/json';
    if (plan.body.contentEncoding) headers['content-encoding'] = plan.body.contentEncoding;
  }
  const search = query.size > 0 ? `?${query}` : '';
  const echoable = [
    path,
    decodeSafely(path),
    search,
    decodeSafely(search),
    body ?? '',
    JSON.stringify(plan.query),
  ].join('\n');
  return { method, url: `${baseUrl}${path}${search}`, headers, body, echoable };
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) goes out as the bytes a
 * careless encoder would send for it (`%ED%A0%80`): not UTF-8, and the server must say so.
 */
function encodePathValue(value: string): string {
  return value.replace(/[\s\S]/gu, (char) => {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff)
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    return encodeURIComponent(char);
  });
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Sends it; an event stream is only opened (status and headers), then closed. */
export async function send(request: SentRequest, eventStream: boolean): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
    REQUEST_TIMEOUT_MS,
  );
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    const isStream =
      eventStream && response.headers.get('content-type')?.startsWith('text/event-stream');
    if (isStream) {
      controller.abort();
      return { status: response.status, headers: response.headers, text: '', response };
    }
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      response,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The request in a form to paste into a terminal (tokens cut short). */
export function describeRequest(request: SentRequest): string {
  const cut = (value: string) =>
    value.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, (jwt) => `${jwt.slice(0, 12)}…`);
  const headers = Object.entries(request.headers)
    .map(([name, value]) => ` -H '${name}: ${cut(value)}'`)
    .join('');
  const body =
    request.body === undefined
      ? ''
      : ` --data-raw '${request.body.length > 300 ? `${request.body.slice(0, 300)}…(${request.body.length} chars)` : request.body}'`;
  return `curl -X ${request.method} '${cut(request.url)}'${headers}${body}`;
}
