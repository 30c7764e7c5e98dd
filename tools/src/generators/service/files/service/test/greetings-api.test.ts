import {
  errorResponseSchema,
  // #if database
  listStarterGreetingsResponseSchema,
  // #endif
  serviceInfoSchema,
  starterGreetingSchema,
  type StarterGreeting,
} from '@podlab/contracts';
// #if database
import { createTestDatabase } from '@podlab/testing';
// #endif
// #if amqp
import { uniqueName } from '@podlab/testing';
// #endif
// #if secrets
import { sharedServers } from '@podlab/testing';
// #endif
// #if auth
import { startTokenIssuer } from '@podlab/testing';
// #endif
import { startTestService } from '@podlab/testing/service';
// #if consumer
import { randomUUID } from 'node:crypto';
// #endif
// #if amqp
import amqp from 'amqplib';
// #endif
// #if database|auth
import { afterAll } from 'vitest';
// #endif
// #if auth
import { vi } from 'vitest';
// #endif
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { createStarter } from '../src/create-starter.js';

// The service in this process on port 0, from the same factory production runs, against the
// run's private MariaDB and RabbitMQ (started once by the harness; each file gets its own
// database and queue, so files run in parallel and leave nothing behind).
const env: Record<string, string> = { POD_NAME: 'starter-test-pod', APP_VERSION: '9.9.9-test' };
// #if secrets
const servers = sharedServers();
// #endif
// #if database
const database = await createTestDatabase(servers.mysqlAdminUrl, 'starter-api');
afterAll(() => database.drop());
env.MYSQL_URL = database.url;
// #endif
// #if amqp
const queue = uniqueName('starter-api');
const exchange = `${queue}.x`;
Object.assign(env, { AMQP_URL: servers.amqpUrl, AMQP_QUEUE: queue, AMQP_EXCHANGE: exchange });
// #endif
// #if auth
// A local issuer stands in for auth: its own key pair, its JWKS on a port of this process.
const issuer = await startTokenIssuer();
afterAll(() => issuer.close());
env.JWKS_URL = issuer.jwksUrl;
// #endif
const service = await startTestService('starter', configSchema, createStarter, env);
const api = `${service.url}/api/starter`;
// #if auth

// Every request of this file is signed in, as a signed-in client's would be; only the sign-in
// tests below go without a token, through the real fetch.
const anonymousFetch = globalThis.fetch;
const user = await issuer.newUser('ada');
vi.stubGlobal('fetch', (input: string | URL | Request, init: RequestInit = {}) =>
  anonymousFetch(input, {
    ...init,
    headers: {
      ...user.auth,
      ...(init.headers as Record<string, string> | undefined),
    },
  }),
);
// #endif

const greet = (
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => fetch(`${api}/greetings`, { method: 'POST', headers, body });

const greeted = async (name: string): Promise<StarterGreeting> => {
  const response = await greet(JSON.stringify({ name }));
  expect(response.status).toBe(201);
  return starterGreetingSchema.parse(await response.json());
};
// #if amqp

/** Opens a channel on the run's broker for one test, closed afterwards. */
async function withChannel<T>(work: (channel: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
  const connection = await amqp.connect(servers.amqpUrl);
  try {
    return await work(await connection.createConfirmChannel());
  } finally {
    await connection.close();
  }
}
// #endif

// #if auth

describe('signing in', () => {
  it('when a greetings route is called without a token, then it answers 401 UNAUTHENTICATED', async () => {
    const response = await anonymousFetch(`${api}/greetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(errorResponseSchema.parse(await response.json()).error.code).toBe('UNAUTHENTICATED');
  });

  it('when the token was not signed by the issuer, then it answers 401', async () => {
    const forged = `${user.token.slice(0, user.token.lastIndexOf('.'))}.${'A'.repeat(86)}`;
    const response = await anonymousFetch(`${api}/me`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(response.status).toBe(401);
  });

  it('when the token is valid, then it answers 200 with the signed-in user', async () => {
    const response = await anonymousFetch(`${api}/me`, { headers: user.auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: user.id, username: user.username });
  });
});

// #endif
describe('POST /api/starter/greetings', () => {
  it('when given a name, then it answers 201 with a greeting made by this pod', async () => {
    await expect.poll(async () => (await fetch(`${service.url}/readyz`)).status).toBe(200);
    const greeting = await greeted('Ada');
    expect(greeting).toMatchObject({ text: 'Hello, Ada!', servedBy: 'starter-test-pod' });
    expect(Date.now() - Date.parse(greeting.createdAt)).toBeLessThan(5_000);
  });

  it('when the name has markup in it, then it comes back as the literal text', async () => {
    expect((await greeted('<script>alert(1)</script>')).text).toBe(
      'Hello, <script>alert(1)</script>!',
    );
  });
  // #if producer

  it('when greeted, then the greeting was published to the queue (confirmed before the answer)', async () => {
    const greeting = await greeted('Grace');
    const body = await withChannel(async (channel) => {
      for (let i = 0; i < 20; i++) {
        const message = await channel.get(queue, { noAck: true });
        if (message && message.properties.messageId === greeting.id)
          return JSON.parse(message.content.toString()) as unknown;
      }
      return undefined;
    });
    expect(body).toEqual(greeting);
  });
  // #endif
});
// #if database

describe('GET /api/starter/greetings', () => {
  it('when greetings were made, then they are listed newest first', async () => {
    const first = await greeted('first');
    const second = await greeted('second');
    const response = await fetch(`${api}/greetings`);
    expect(response.status).toBe(200);
    const { greetings } = listStarterGreetingsResponseSchema.parse(await response.json());
    const ids = greetings.map((g) => g.id);
    expect(ids).toContain(first.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(greetings.find((g) => g.id === first.id)).toEqual(first);
  });
});
// #endif
// #if consumer

describe('the greetings queue', () => {
  const publish = (body: string, messageId: string) =>
    withChannel(async (channel) => {
      channel.publish(exchange, queue, Buffer.from(body), {
        persistent: true,
        messageId,
        contentType: 'application/json',
      });
      await channel.waitForConfirms();
    });
  const handled = async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    return [...text.matchAll(/^amqp_messages_processed_total\{[^}]*\} (\d+)/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
  };

  it('when a greeting message arrives, then it is handled (and, with a database, kept)', async () => {
    await expect.poll(async () => (await fetch(`${service.url}/readyz`)).status).toBe(200);
    const before = await handled();
    const greeting: StarterGreeting = {
      id: randomUUID(),
      text: 'Hello from the queue!',
      servedBy: 'another-pod',
      createdAt: new Date().toISOString(),
    };
    await publish(JSON.stringify(greeting), greeting.id);
    await expect.poll(handled, { timeout: 10_000 }).toBeGreaterThan(before);
    // #if database
    await expect
      .poll(async () => {
        const { greetings } = listStarterGreetingsResponseSchema.parse(
          await (await fetch(`${api}/greetings`)).json(),
        );
        return greetings.some((g) => g.id === greeting.id);
      })
      .toBe(true);
    // #endif
  });

  it('when a message breaks the contract, then it is dead-lettered and the consumer goes on', async () => {
    await publish('{"not":"a greeting"}', randomUUID());
    await expect
      .poll(
        () =>
          withChannel(async (channel) => (await channel.checkQueue(`${queue}.dead`)).messageCount),
        { timeout: 10_000 },
      )
      .toBe(1);
    await expect.poll(async () => (await fetch(`${service.url}/readyz`)).status).toBe(200);
  });
});
// #endif

describe('bad input', () => {
  const cases: {
    name: string;
    body: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
  }[] = [
    { name: 'invalid JSON', body: '{"name": ', status: 400, code: 'INVALID_JSON' },
    { name: 'no name', body: '{}', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'a blank name', body: '{"name":"   "}', status: 400, code: 'VALIDATION_FAILED' },
    { name: 'a number as the name', body: '{"name":7}', status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'an unknown field',
      body: '{"name":"Ada","admin":true}',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'a JSON array', body: '[1,2]', status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'a body over the limit',
      body: JSON.stringify({ name: 'x'.repeat(40_000) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'a form body',
      body: 'name=Ada',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
  ];
  for (const c of cases) {
    it(`when given ${c.name}, then it answers ${c.status} ${c.code} as JSON`, async () => {
      const response = await greet(c.body, c.headers);
      expect(response.status).toBe(c.status);
      const body = errorResponseSchema.parse(await response.json());
      expect(body.error.code).toBe(c.code);
      expect(body.error.correlationId).toBe(response.headers.get('x-correlation-id'));
    });
  }

  it('when the route does not exist, then it answers 404 JSON naming it', async () => {
    const response = await fetch(`${api}/nope`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(errorResponseSchema.parse(await response.json()).error.message).toBe(
      'No route for DELETE /api/starter/nope',
    );
  });

  it('when all that bad input was sent, then the process still serves', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });
});

describe('GET /api/starter/info and /metrics', () => {
  it('when asked, then it names the service, version and pod, and the headers say the same', async () => {
    const response = await fetch(`${api}/info`);
    const info = serviceInfoSchema.parse(await response.json());
    expect(info).toMatchObject({
      service: 'starter',
      version: '9.9.9-test',
      pod: 'starter-test-pod',
    });
    expect(response.headers.get('x-served-by-pod')).toBe('starter-test-pod');
  });

  it('when scraped, then request durations are there by route', async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toContain('route="/api/starter/greetings"');
  });
});
