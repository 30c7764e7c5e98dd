import { randomUUID } from 'node:crypto';
import {
  MAX_PAYLOAD_BYTES,
  MAX_PAYLOAD_DEPTH,
  type ErrorResponse,
  type PublishResponse,
} from '@podlab/contracts';
import { sharedServers, waitFor } from '@podlab/testing';
import amqplib from 'amqplib';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { afterAll, describe, expect, it } from 'vitest';
import { isReady, sendBatch } from './support/http.js';
import { processedCount } from './support/pipeline-database.js';
import { pipelineEnv } from './support/pipeline-env.js';

const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);
const producer = await spawnBuiltService('producer', env.producerEnv);
const consumer = await spawnBuiltService('consumer', env.consumerEnv);
const broker = await amqplib.connect(amqpUrl);
afterAll(() => broker.close());

/** `depth` arrays around `leaf`. */
function nestedArrays(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** `depth` objects around `leaf`, each keyed by its level. */
function nestedObjects(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = depth; i > 0; i--) value = { [`level${i}`]: value };
  return value;
}

const utf8Bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** The body as text, so a test can send what JSON.stringify would never write (a lone \ud800). */
async function post(body: string) {
  const response = await fetch(`${producer.url}/api/producer/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as PublishResponse & ErrorResponse,
  };
}

/** The stored payload of each id, read as JSON text (drivers parse a JSON column, or not, by server). */
async function storedPayloads(ids: string[]): Promise<Map<string, unknown>> {
  const connection = await createConnection({ uri: env.databaseUrl });
  try {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT message_id, CAST(payload AS CHAR) AS payload FROM processed_messages WHERE message_id IN (?)',
      [ids],
    );
    return new Map(
      rows.map((row) => [String(row.message_id), JSON.parse(String(row.payload)) as unknown]),
    );
  } finally {
    await connection.end();
  }
}

const deadLetters = async () => {
  const channel = await broker.createChannel();
  try {
    return (await channel.checkQueue(`${env.queue}.dead`)).messageCount;
  } finally {
    await channel.close();
  }
};

/** Every payload the contract allows at its edges, each of which must come back as it was sent. */
const boundary: Record<string, unknown> = {
  'arrays exactly as deep as allowed': nestedArrays(MAX_PAYLOAD_DEPTH),
  'objects exactly as deep as allowed': nestedObjects(MAX_PAYLOAD_DEPTH, 'bottom'),
  'as deep as allowed, ending in an empty object': nestedArrays(MAX_PAYLOAD_DEPTH - 1, {}),
  'every JSON type': {
    null: null,
    true: true,
    false: false,
    integers: [0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
    reals: [-1.5, 0.1, Number.MAX_VALUE, Number.MIN_VALUE, 1e-7, 1e21],
    strings: ['', 'plain', 'quote " backslash \\ slash /'],
    empty: { array: [], object: {}, '': 'empty key' },
  },
  'astral-plane and other non-ASCII text': {
    '😀🎉': '𝄞 clef, 😀 grin, 🏳️‍🌈 flag',
    cjk: '你好，世界',
    accents: 'ñandú',
    controls: '\u0000 \u001f \u2028 \u2029 \ufeff \uffff',
  },
  'the largest, in four-byte emoji': `ab${'😀'.repeat((MAX_PAYLOAD_BYTES - 4) / 4)}`,
  'the largest, all escaped quotes': '"'.repeat((MAX_PAYLOAD_BYTES - 2) / 2),
  'a bare null': null,
  'a bare string': 'just a string',
};

describe('payloads at the edges of the contract, producer → RabbitMQ → consumer → MySQL', () => {
  it('when each is sent, then each is accepted, stored as it was sent, and none is dead-lettered', async () => {
    await waitFor(
      'both services ready',
      async () => (await isReady(producer.url)) && (await isReady(consumer.url)),
    );
    expect(utf8Bytes(boundary['the largest, in four-byte emoji'])).toBe(MAX_PAYLOAD_BYTES);
    expect(utf8Bytes(boundary['the largest, all escaped quotes'])).toBe(MAX_PAYLOAD_BYTES);

    const sent = new Map<string, unknown>();
    for (const [name, payload] of Object.entries(boundary)) {
      const answer = await post(JSON.stringify({ payload }));
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(202);
      sent.set(answer.body.id ?? '', payload);
    }
    // Enough of the largest payloads to fill the consumer's batches: one batch would be ~20 MiB.
    const batch = await sendBatch(producer.url, 300, MAX_PAYLOAD_BYTES);
    expect(batch.status).toBe(202);

    const total = sent.size + 300;
    await waitFor('every row', async () => (await processedCount(env.databaseUrl)) >= total, {
      timeoutMs: 60_000,
    });
    expect(await processedCount(env.databaseUrl)).toBe(total);
    const stored = await storedPayloads([...sent.keys()]);
    for (const [id, payload] of sent)
      expect(stored.get(id), JSON.stringify(payload).slice(0, 80)).toEqual(payload);
    expect(await deadLetters()).toBe(0);
  });
});

describe('payloads beyond the contract', () => {
  const deepest = Array(MAX_PAYLOAD_DEPTH).fill('0').join('.');
  const cases: { name: string; body: string; names: string[] }[] = [
    {
      name: 'one level deeper than allowed',
      body: JSON.stringify({ payload: nestedArrays(MAX_PAYLOAD_DEPTH + 1) }),
      names: [`body.payload.${deepest}`, `deeper than ${MAX_PAYLOAD_DEPTH} levels`],
    },
    {
      name: 'two thousand levels deep',
      body: `{"payload":${'['.repeat(2_000)}${']'.repeat(2_000)}}`,
      names: ['body.payload.0.0', 'deeper than'],
    },
    {
      name: 'a lone high surrogate in a string',
      body: '{"payload":{"text":"ok \\ud800"}}',
      names: ['body.payload.text', 'lone surrogate (\\uD800) at index 3'],
    },
    {
      name: 'a lone low surrogate in a key',
      body: '{"payload":{"\\udc00":1}}',
      names: ['body.payload.', 'the key holds a lone surrogate (\\uDC00)'],
    },
    {
      name: 'one byte over the size',
      body: JSON.stringify({ payload: 'x'.repeat(MAX_PAYLOAD_BYTES - 1) }),
      names: [`${MAX_PAYLOAD_BYTES + 1} bytes as JSON; at most ${MAX_PAYLOAD_BYTES}`],
    },
  ];

  for (const c of cases) {
    it(`when given ${c.name}, then it is a 400 naming the problem and nothing is published`, async () => {
      await waitFor('producer ready', () => isReady(producer.url));
      const before = await publishedCount();
      const answer = await post(c.body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      for (const text of c.names) expect(answer.body.error.message).toContain(text);
      expect(await publishedCount()).toBe(before);
    });
  }
});

describe('a message beyond the contract that reaches the consumer without the producer', () => {
  it('then it alone is dead-lettered with the reason, and the good ones around it are stored', async () => {
    await waitFor('consumer ready', () => isReady(consumer.url));
    const channel = await broker.createConfirmChannel();
    const message = (payloadJson: string) => {
      const id = randomUUID();
      const createdAt = new Date().toISOString();
      return {
        id,
        body: `{"id":"${id}","correlationId":"direct","createdAt":"${createdAt}","payload":${payloadJson}}`,
      };
    };
    const good = [message('{"ok":1}'), message('{"ok":2}')];
    const bad = [
      message(JSON.stringify(nestedArrays(MAX_PAYLOAD_DEPTH + 1))),
      message('"\\ud800"'),
    ];
    for (const m of [good[0], ...bad, good[1]])
      channel.publish(env.exchange, env.queue, Buffer.from(m!.body), { persistent: true });
    await channel.waitForConfirms();

    await waitFor(
      'good ones stored',
      async () => (await storedPayloads(good.map((m) => m.id))).size === 2,
    );
    await waitFor('two dead letters', async () => (await deadLetters()) === 2);
    const reasons: string[] = [];
    for (let i = 0; i < 2; i++) {
      const letter = await channel.get(`${env.queue}.dead`, { noAck: true });
      if (letter) reasons.push(String(letter.properties.headers?.['x-podlab-dead-letter-reason']));
    }
    expect(reasons.sort()).toEqual([
      expect.stringMatching(
        /^body fails the pipeline message contract: payload(\.0)+: nests arrays and objects deeper than/,
      ),
      expect.stringMatching(
        /^body fails the pipeline message contract: payload: the string holds a lone surrogate/,
      ),
    ]);
    expect(await storedPayloads(bad.map((m) => m.id))).toEqual(new Map());
    await channel.close();
  });
});

async function publishedCount(): Promise<number> {
  const metrics = await (await fetch(`${producer.url}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('amqp_messages_published_total{'));
  return Number(line?.split(' ').pop() ?? 0);
}
