import { randomUUID } from 'node:crypto';
import {
  consumerStatsSchema,
  errorResponseSchema,
  serviceInfoSchema,
  type ConsumerStats,
  type PipelineMessage,
} from '@podlab/contracts';
import { createTestDatabase, sharedServers, uniqueName } from '@podlab/testing';
import { startTestService } from '@podlab/testing/service';
import amqp from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { createConsumer } from '../src/create-consumer.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const queue = uniqueName('consumer_api');
const exchange = `${queue}.x`;
const database = await createTestDatabase(mysqlAdminUrl, 'consumer_api');
afterAll(() => database.drop());
const consumer = await startTestService('consumer', configSchema, createConsumer, {
  AMQP_URL: amqpUrl,
  MYSQL_URL: database.url,
  AMQP_QUEUE: queue,
  AMQP_EXCHANGE: exchange,
  POD_NAME: 'consumer-test-pod',
  APP_VERSION: '9.9.9-test',
  CONSUMER_BATCH_WAIT_MS: '5',
});
const api = `${consumer.url}/api/consumer`;

const readStats = async () => {
  const response = await fetch(`${api}/stats`);
  expect(response.status).toBe(200);
  return consumerStatsSchema.parse(await response.json());
};

/** Publishes valid pipeline messages the way the producer does (persistent, to the exchange). */
async function publish(count: number): Promise<void> {
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    for (let i = 0; i < count; i++) {
      const message: PipelineMessage = {
        id: randomUUID(),
        correlationId: 'consumer-api-test',
        createdAt: new Date().toISOString(),
        payload: { i },
      };
      channel.publish(exchange, queue, Buffer.from(JSON.stringify(message)), {
        persistent: true,
        contentType: 'application/json',
        messageId: message.id,
      });
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

describe('GET /api/consumer/stats', () => {
  it('when the consumer is ready, then the stats match the contract and count nothing yet', async () => {
    await expect.poll(async () => (await fetch(`${consumer.url}/readyz`)).status).toBe(200);
    const stats = await readStats();
    expect(stats).toMatchObject({ processed: 0, processedBy: {}, ratePerSecond: 0 });
    expect(Date.now() - Date.parse(stats.at)).toBeLessThan(5_000);
    // The queue inspector's channel opens shortly after the consumer's.
    await expect.poll(async () => (await readStats()).queueDepth).toBe(0);
    expect((await readStats()).deadLetterDepth).toBe(0);
  });

  it('when messages were consumed, then they are counted, by the pod that processed them', async () => {
    await expect.poll(async () => (await fetch(`${consumer.url}/readyz`)).status).toBe(200);
    const before = (await readStats()).processed;
    await publish(25);
    await expect.poll(async () => (await readStats()).processed).toBe(before + 25);
    const stats = await readStats();
    expect(stats.processedBy['consumer-test-pod']).toBe(stats.processed);
    expect(stats.ratePerSecond).toBeGreaterThan(0);
  });
});

describe('GET /api/consumer/stats/stream', () => {
  it('when opened, then an "event: stats" frame with valid JSON arrives within 2 s', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const response = await fetch(`${api}/stats/stream`, { signal: abort.signal });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      expect(response.headers.get('cache-control')).toContain('no-cache');
      const stats = await firstEvent(response, 'stats', 2_000);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(consumerStatsSchema.safeParse(stats).success).toBe(true);
    } finally {
      abort.abort();
    }
  });

  it('when two clients watch and one leaves, then the other keeps receiving', async () => {
    const first = new AbortController();
    const second = new AbortController();
    try {
      const a = await fetch(`${api}/stats/stream`, { signal: first.signal });
      const b = await fetch(`${api}/stats/stream`, { signal: second.signal });
      await firstEvent(a, 'stats', 2_000);
      first.abort();
      const reader = bodyOf(b).getReader();
      // The initial reading, then a tick's: two frames prove the shared ticker survived.
      const frames = await readFrames(reader, 'stats', 2, 3_000);
      expect(frames).toHaveLength(2);
    } finally {
      first.abort();
      second.abort();
    }
  });
});

describe('bad input on every consumer endpoint', () => {
  const cases: [method: string, path: string, init?: RequestInit][] = [
    ['GET', '/api/consumer/nope'],
    ['GET', '/api/consumer'],
    ['GET', '/api/consumer/stats/nope'],
    ['POST', '/api/consumer/stats'],
    ['PUT', '/api/consumer/stats'],
    ['DELETE', '/api/consumer/stats'],
    ['PATCH', '/api/consumer/info'],
    ['POST', '/api/consumer/stats/stream'],
    ['POST', '/api/consumer/info', json('{"a":1}')],
    ['POST', '/api/consumer/stats', json('{"broken":')],
    ['POST', '/api/consumer/stats', { headers: { 'content-type': 'text/plain' }, body: 'hi' }],
    ['POST', '/api/consumer/stats', json(JSON.stringify({ x: 'y'.repeat(200_000) }))],
    ['DELETE', '/api/consumer/stats/stream', json('{"broken":')],
    ['GET', '/api/consumer/%E0%A4%A'],
    ['GET', '/api/consumer/..%2f..%2fetc%2fpasswd'],
    ['GET', '/api/consumer/<script>alert(1)</script>'],
    ['GET', '/api/consumer/stats/stream/x'],
  ];
  for (const [method, path, init] of cases) {
    const what = init?.body ? ` with a ${String(init.body).length}-byte body` : '';
    it(`when ${method} ${path.slice(0, 60)}${what}, then it answers 4xx JSON, never 5xx`, async () => {
      const response = await fetch(`${consumer.url}${path}`, { method, ...init });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = errorResponseSchema.parse(await response.json());
      expect(body.error.correlationId).toBe(response.headers.get('x-correlation-id'));
    });
  }

  it('when the query string is large or odd, then /stats ignores it and answers 200', async () => {
    for (const query of [
      `?q=${'x'.repeat(8_000)}`,
      '?__proto__[polluted]=1&constructor[prototype][x]=1',
      '?a=%ZZ&b',
      `?${Array.from({ length: 1_000 }, (_, i) => `k${i}=v`).join('&')}`,
    ]) {
      const response = await fetch(`${api}/stats${query}`);
      expect(response.status, query.slice(0, 40)).toBe(200);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // Node's HTTP parser answers a request line or headers over its 16 KiB limit itself, before
  // express sees it; the kit's `clientError` handler keeps that answer in the JSON error format.
  it('when the query string is over the header limit, then it answers 431 JSON', async () => {
    const response = await fetch(`${api}/stats?q=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('when the query string is over the header limit, then it is a 4xx, not a 5xx', async () => {
    const response = await fetch(`${api}/stats?q=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
  });

  it('when all that bad input was sent, then the process is alive and ready', async () => {
    expect((await fetch(`${consumer.url}/healthz`)).status).toBe(200);
    await expect.poll(async () => (await fetch(`${consumer.url}/readyz`)).status).toBe(200);
    await readStats();
  });
});

describe('GET /api/consumer/info', () => {
  it('when asked, then it names the service, version and pod, and the headers say the same', async () => {
    const response = await fetch(`${api}/info`);
    expect(response.status).toBe(200);
    const info = serviceInfoSchema.parse(await response.json());
    expect(info).toMatchObject({
      service: 'consumer',
      version: '9.9.9-test',
      pod: 'consumer-test-pod',
    });
    expect(info.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(response.headers.get('x-served-by-pod')).toBe('consumer-test-pod');
    expect(response.headers.get('x-served-by-version')).toBe('9.9.9-test');
  });
});

function json(body: string): RequestInit {
  return { headers: { 'content-type': 'application/json' }, body };
}

function bodyOf(response: Response): ReadableStream<Uint8Array> {
  if (!response.body) throw new Error(`no body in the ${response.status} response`);
  return response.body;
}

/** The data of the first server-sent event named `event`, parsed as JSON. */
async function firstEvent(response: Response, event: string, timeoutMs: number): Promise<unknown> {
  const reader = bodyOf(response).getReader();
  const [frame] = await readFrames(reader, event, 1, timeoutMs);
  return frame;
}

/** Reads until `count` events named `event` arrived (or the time is up), returning their parsed data. */
async function readFrames(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  event: string,
  count: number,
  timeoutMs: number,
): Promise<ConsumerStats[]> {
  const decoder = new TextDecoder();
  const deadline = Date.now() + timeoutMs;
  const found: ConsumerStats[] = [];
  let text = '';
  while (found.length < count) {
    const left = deadline - Date.now();
    if (left <= 0)
      throw new Error(`no ${count}× "event: ${event}" within ${timeoutMs} ms: ${text}`);
    const chunk = await Promise.race([
      reader.read(),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left)),
    ]);
    if (chunk === 'timeout') continue;
    if (chunk.done) throw new Error(`stream ended before "event: ${event}": ${text}`);
    text += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const frame = text.slice(0, end);
      text = text.slice(end + 2);
      const lines = frame.split('\n');
      if (!lines.includes(`event: ${event}`)) continue;
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      found.push(JSON.parse(data) as ConsumerStats);
    }
  }
  return found;
}
