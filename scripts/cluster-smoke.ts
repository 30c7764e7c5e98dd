// `npm run cluster:smoke`: exercises the deployed system through its Ingress, as a user would:
// sign up, sign in, a todo, a chat message (when auth, todo and chat are deployed) and a
// pipeline run (producer → RabbitMQ → consumer → MySQL). PODLAB_URL (default
// http://localhost:8080, the k3d script's port) is where the Ingress answers.
// Rerunnable: it signs in as one smoke-test user and signs up only when that user does not exist
// yet, so repeated runs never meet auth's sign-up limit (REGISTER_MAX_PER_CLIENT per hour, and
// every attempt counts, a taken name included).
import type { AuthSession, ConsumerStats, ListTodosResponse, Room, Todo } from '@podlab/contracts';
import { main, stepper } from './cluster-lib.ts';

const base = (process.env.PODLAB_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const PIPELINE_MESSAGES = 50;
// A development cluster's test account: the password is as public as the dev Secrets.
const SMOKE_USER = {
  username: process.env.PODLAB_SMOKE_USER ?? 'podlab-smoke',
  password: 'podlab-smoke-dev-only-password',
};

interface Reply {
  status: number;
  json: unknown;
  pod: string | null;
}

async function call(
  method: string,
  path: string,
  { body, token }: { body?: unknown; token?: string } = {},
): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json')
    ? JSON.parse(text)
    : undefined;
  return { status: response.status, json, pod: response.headers.get('x-served-by-pod') };
}

/** The body of a reply with an expected status, in the shape @podlab/contracts gives it. */
function expectStatus<T>(what: string, result: Reply, ...ok: number[]): T {
  if (!ok.includes(result.status))
    throw new Error(
      `${what}: HTTP ${result.status}${result.json ? ` ${JSON.stringify(result.json)}` : ''}`,
    );
  console.log(`      ${what}: HTTP ${result.status}${result.pod ? ` from ${result.pod}` : ''}`);
  return result.json as T;
}

/** A service is deployed when its info endpoint answers JSON (the Ingress sends unknown paths to the frontend). */
const deployed = async (service: string) =>
  (await call('GET', `/api/${service}/info`).catch(() => undefined))?.json !== undefined;

await main(async () => {
  const step = stepper(4);
  const skipped: string[] = [];

  step(`frontend at ${base}/`);
  const home = await fetch(`${base}/`, { signal: AbortSignal.timeout(15_000) }).catch((error) => {
    throw new Error(
      `${base}/ does not answer (${error.cause?.code ?? error.message}): is the cluster up and PODLAB_URL right?`,
    );
  });
  if (!home.ok) throw new Error(`GET / answered HTTP ${home.status}`);
  console.log(`      GET /: HTTP ${home.status}`);

  step('sign in (sign up the first time), a todo and a chat message');
  if (await deployed('auth')) {
    let login = await call('POST', '/api/auth/login', { body: SMOKE_USER });
    if (login.status === 401) {
      // The first run on this cluster: sign up (409: a run beside this one just did), then sign in.
      console.log(`      ${SMOKE_USER.username} does not exist yet: signing up`);
      expectStatus(
        'POST /api/auth/register',
        await call('POST', '/api/auth/register', { body: SMOKE_USER }),
        201,
        409,
      );
      login = await call('POST', '/api/auth/login', { body: SMOKE_USER });
    }
    const session = expectStatus<AuthSession>('POST /api/auth/login', login, 200);
    if (await deployed('todo')) {
      const todo = expectStatus<Todo>(
        'POST /api/todo/todos',
        await call('POST', '/api/todo/todos', {
          body: { title: 'smoke test' },
          token: session.accessToken,
        }),
        201,
      );
      const list = expectStatus<ListTodosResponse>(
        'GET /api/todo/todos',
        await call('GET', '/api/todo/todos', { token: session.accessToken }),
        200,
      );
      if (!list.todos.some((t) => t.id === todo.id))
        throw new Error('the new todo is not in the list');
    } else skipped.push('todo');
    if (await deployed('chat')) {
      const room = expectStatus<Room>(
        'POST /api/chat/rooms',
        await call('POST', '/api/chat/rooms', {
          body: { name: 'smoke' },
          token: session.accessToken,
        }),
        201,
      );
      expectStatus(
        'POST /api/chat/rooms/:id/messages',
        await call('POST', `/api/chat/rooms/${room.id}/messages`, {
          body: { text: 'hello from the smoke test' },
          token: session.accessToken,
        }),
        201,
      );
    } else skipped.push('chat');
  } else skipped.push('auth', 'todo', 'chat');
  if (skipped.length > 0) console.log(`      skipped, not deployed: ${skipped.join(', ')}`);

  step(`pipeline: ${PIPELINE_MESSAGES} messages through producer → RabbitMQ → consumer → MySQL`);
  const before = expectStatus<ConsumerStats>(
    'GET /api/consumer/stats',
    await call('GET', '/api/consumer/stats'),
    200,
  );
  expectStatus(
    'POST /api/producer/messages',
    await call('POST', '/api/producer/messages', { body: { count: PIPELINE_MESSAGES } }),
    200,
    201,
    202,
  );
  const deadline = Date.now() + 60_000;
  let processed = before.processed;
  while (processed < before.processed + PIPELINE_MESSAGES) {
    if (Date.now() > deadline)
      throw new Error(
        `the consumer processed ${processed - before.processed} of ${PIPELINE_MESSAGES} messages in 60 s`,
      );
    await new Promise((r) => setTimeout(r, 1_000));
    processed =
      ((await call('GET', '/api/consumer/stats')).json as ConsumerStats | undefined)?.processed ??
      processed;
  }
  console.log(`      consumer processed ${processed - before.processed} new messages`);

  step(`smoke test passed${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}`);
});
