import { CHAT_MESSAGE_EVENT, type ChatMessage } from '@podlab/contracts';
import {
  createTestDatabase,
  readEventStream,
  startMariaDb,
  startRabbitMq,
  startTokenIssuer,
  uniqueName,
} from '@podlab/testing';
import {
  alternate,
  cell,
  fmt,
  loadLine,
  minMedian,
  ratioOfMedians,
  samplesOf,
  type Variant,
} from './bench-rounds.js';
import { percentile } from './percentiles.js';
import { rawFanoutBaseline } from './raw-fanout-baseline.js';
import { startBenchService } from './bench-service.js';
import { cpuMeter } from './cpu-meter.js';

// `npm run bench:chat`: figures, not a pass/fail test. 100 live (SSE) clients on one chat
// instance, messages posted to another: the time from "POST sent" to "event parsed by a client".
// The raw fan-out, across replicas and same replica run in alternation (see bench-rounds.ts).
const clients = Number(process.env.BENCH_CLIENTS ?? 100);
const count = Number(process.env.BENCH_MESSAGES ?? 200);
const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const log = (line: string) => console.log(`[bench] ${line}`);

log('starting a private RabbitMQ and MariaDB');
const [broker, mariaDb] = await Promise.all([
  startRabbitMq({ name: 'bench-chat' }),
  startMariaDb({ name: 'bench-chat' }),
]);
const issuer = await startTokenIssuer();
const children: { stop(): Promise<unknown> }[] = [];
try {
  const database = await createTestDatabase(mariaDb.adminUrl, 'bench_chat');
  const env = {
    MYSQL_URL: database.url,
    AMQP_URL: broker.url,
    JWKS_URL: issuer.jwksUrl,
    AMQP_EXCHANGE: uniqueName('bench_chat'),
    // One poster sends every message: lift its per-user quota, which would otherwise pace the run.
    MESSAGE_POST_MAX_PER_USER: '1000000',
  };
  const [a, b] = await Promise.all([
    startBenchService('chat', 'chat-a', env),
    startBenchService('chat', 'chat-b', env),
  ]);
  children.push(a, b);
  const urlA = `${a.url}/api/chat`;
  const urlB = `${b.url}/api/chat`;

  // Each client a user of its own, signed in for longer than the run.
  const token = (user: string) => issuer.sign({ sub: user, username: user, expiresAt: '1h' });
  const poster = await token('poster');
  const room = (await call(urlA, 'POST', '/rooms', poster, { name: 'bench' })) as { id: string };
  const listeners = await Promise.all(
    Array.from({ length: clients }, (_, i) => token(`listener-${i}`)),
  );
  for (let i = 0; i < listeners.length; i += 20)
    await Promise.all(
      listeners.slice(i, i + 20).map((t) => call(urlA, 'POST', `/rooms/${room.id}/join`, t)),
    );

  const percentiles = (samples: number[]) => ({
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: Math.max(...samples),
  });
  const variants: Variant[] = [
    {
      id: 'raw-fanout',
      label: `raw amqplib fan-out (broker alone), ${count} messages every ${intervalMs} ms, publish → deliver`,
      run: async () => {
        const raw = await rawFanoutBaseline(
          broker.url,
          uniqueName('bench_raw_fanout'),
          count,
          intervalMs,
        );
        return { deliveries: count, p50Ms: raw.p50, p99Ms: raw.p99 };
      },
    },
    {
      id: 'chat-across',
      label: 'chat across replicas: streams on chat-b, posts to chat-a',
      run: async (round) => {
        const r = await measure(`across-${round}`, urlB, urlA);
        return {
          deliveries: r.latencies.length,
          ...percentiles(r.latencies),
          nodeCpuUsPerDelivery: r.cpuUsPerDelivery,
          postP50Ms: percentile(r.posts, 50),
          postP99Ms: percentile(r.posts, 99),
        };
      },
    },
    {
      id: 'chat-same',
      label: 'chat, same replica: streams and posts on chat-a (no broker hop)',
      run: async (round) => {
        const r = await measure(`same-${round}`, urlA, urlA);
        return {
          deliveries: r.latencies.length,
          ...percentiles(r.latencies),
          nodeCpuUsPerDelivery: r.cpuUsPerDelivery,
        };
      },
    },
  ];
  const records = await alternate('chat', rounds, variants);

  const of = (id: string) => records.get(id);
  console.log('');
  console.log(
    `| ${count} messages, one every ${intervalMs} ms, ${rounds} runs each, min / median | clients | deliveries | p50 ms | p99 ms | max ms | chat CPU µs/delivery |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| raw amqplib fan-out (broker alone) | 1 | ${cell(of('raw-fanout'), 'deliveries')} | ${cell(of('raw-fanout'), 'p50Ms')} | ${cell(of('raw-fanout'), 'p99Ms')} | – | – |`,
  );
  for (const id of ['chat-same', 'chat-across'])
    console.log(
      `| ${variants.find((v) => v.id === id)?.label} | ${clients} | ${cell(of(id), 'deliveries')} | ${cell(of(id), 'p50Ms')} | ${cell(of(id), 'p99Ms')} | ${cell(of(id), 'maxMs')} | ${cell(of(id), 'nodeCpuUsPerDelivery')} |`,
    );
  console.log(
    `| (the POST itself: sent → 201, across runs) | – | – | ${cell(of('chat-across'), 'postP50Ms')} | ${cell(of('chat-across'), 'postP99Ms')} | – | – |`,
  );
  console.log('');
  console.log(
    `across replicas p99, median of runs ${fmt(minMedian(samplesOf(of('chat-across'), 'p99Ms')).median)} ms (goal ≤ 30 ms); ratio of medians across / raw fan-out p99 ${ratioOfMedians(of('chat-across'), of('raw-fanout'), 'p99Ms').toFixed(1)}; latency is POST sent → event parsed, so it includes the database commit`,
  );
  console.log(loadLine(records));

  /** Opens the streams on `streamUrl`, posts to `postUrl` at the pace, and collects latencies. */
  async function measure(name: string, streamUrl: string, postUrl: string) {
    log(`${name}: ${clients} streams, ${count} messages`);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const streams = await Promise.all(
      listeners.map((t) =>
        openStream(`${streamUrl}/rooms/${room.id}/events?access_token=${t}`, (text) => {
          const started = sentAt.get(text);
          if (started !== undefined) latencies.push(performance.now() - started);
        }),
      ),
    );
    // Warm-up: JIT, connection pools and the JWKS cache, not measured.
    for (let i = 0; i < 20; i++)
      await call(postUrl, 'POST', `/rooms/${room.id}/messages`, poster, {
        text: `warm-${name}-${i}`,
      });
    const posts: number[] = [];
    const inFlight: Promise<void>[] = [];
    // Both instances, whichever serves the streams: the CPU a delivery costs chat.
    const cpu = cpuMeter([a.child.pid, b.child.pid]);
    const start = performance.now();
    for (let seq = 0; seq < count; seq++) {
      const due = start + seq * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const text = `${name}-${seq}`;
      const t0 = performance.now();
      sentAt.set(text, t0);
      inFlight.push(
        call(postUrl, 'POST', `/rooms/${room.id}/messages`, poster, { text }).then(() => {
          posts.push(performance.now() - t0);
        }),
      );
    }
    await Promise.all(inFlight);
    const deadline = Date.now() + 30_000;
    while (latencies.length < clients * count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const cpuUsPerDelivery = (cpu() * 1000) / Math.max(1, latencies.length);
    for (const stream of streams) stream.abort();
    if (latencies.length < clients * count)
      log(`warning: ${clients * count - latencies.length} deliveries missing after 30 s`);
    return { name, latencies, posts, cpuUsPerDelivery };
  }
} finally {
  await Promise.all(children.map((child) => child.stop()));
  await issuer.close();
  await Promise.all([broker.dispose(), mariaDb.dispose()]);
}

async function call(base: string, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

/** An SSE client that calls `onText` with each message's text as soon as its event is parsed. */
async function openStream(url: string, onText: (text: string) => void): Promise<AbortController> {
  const controller = new AbortController();
  const response = await fetch(url, {
    signal: controller.signal,
    headers: { accept: 'text/event-stream' },
  });
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
  void readEventStream(response.body, {
    event: (event) => {
      if (event.event === CHAT_MESSAGE_EVENT) onText((JSON.parse(event.data) as ChatMessage).text);
    },
  }).catch(() => undefined); // aborted at the end of a run
  return controller;
}
