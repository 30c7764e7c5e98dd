import { readFileSync } from 'node:fs';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_COUNT,
  MAX_PAYLOAD_BYTES,
  type ErrorResponse,
} from '@podlab/contracts';
import { sharedServers, uniqueName, waitFor } from '@podlab/testing';
import amqplib from 'amqplib';
import { spawnBuiltService } from '@podlab/testing/built-service';
import { afterAll, describe, expect, it } from 'vitest';
import { isReady, sendBatch } from './support/http.js';

const MiB = 1024 * 1024;
/**
 * How far the producer's peak RSS may rise, serving the largest requests the contract accepts,
 * above its peak while serving the same requests at a quarter of their count. Bounded by the
 * publish window, a batch four times longer holds no more; built in memory whole (as it once
 * was), one 64 MiB batch alone raised it by ~80 MiB.
 *
 * Measured above a small warm-up instead, the growth also counted the garbage these batches
 * make before V8 collects it, and how much piles up depends on the machine's load, not on the
 * producer: V8 frees it on background threads (concurrent marking, the array-buffer sweeper),
 * which lag behind the allocating main thread when other test files keep both cores busy.
 * Node 24, 2 cores at load ~20: at the peak the heap was 10–18 MiB and external memory 10–30
 * MiB above the warm-up, +17–32 MiB in all, and +47.8 and +60.2 MiB inside full runs. Above
 * the quarter batches, whose garbage reaches the same level: +6.5–16.7 MiB, and +88 MiB with
 * the batch built whole.
 */
const PEAK_RSS_GROWTH_BOUND = 40 * MiB;

const { amqpUrl } = sharedServers();
const queue = uniqueName('producer_memory');
const exchange = `${queue}.x`;
const producer = await spawnBuiltService('producer', {
  AMQP_URL: amqpUrl,
  AMQP_QUEUE: queue,
  AMQP_EXCHANGE: exchange,
  // The heap a small container gets. V8 sizes its heap from the memory it may use; on a test
  // machine with GiBs it lets garbage pile up far past what a 256 Mi pod would, and the peak
  // would measure V8's laziness, not the producer. The young generation too: Node 24's V8 grows
  // its semi-spaces further than 20's did, and alone that put +35..59 MiB on this peak.
  NODE_OPTIONS: '--max-old-space-size=128 --max-semi-space-size=8',
});
const broker = await amqplib.connect(amqpUrl);
const channel = await broker.createChannel();
afterAll(async () => {
  for (const name of [queue, `${queue}.dead`]) await channel.deleteQueue(name);
  for (const name of [exchange, `${exchange}.dlx`]) await channel.deleteExchange(name);
  await broker.close();
});

/** The high-water mark of the producer's resident memory (VmHWM): the peak, not the moment. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

/** Polls /healthz and /readyz one after the other until stopped; keeps every status. */
function probeLoop(url: string) {
  const statuses: number[] = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      for (const path of ['/healthz', '/readyz']) {
        statuses.push((await fetch(`${url}${path}`)).status);
      }
    }
  })();
  return {
    statuses,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** The largest batches the contract accepts: the most messages, and the biggest ones. */
const largest = [
  { count: MAX_BATCH_COUNT, payloadBytes: Math.floor(MAX_BATCH_BYTES / MAX_BATCH_COUNT) },
  { count: MAX_BATCH_BYTES / MAX_PAYLOAD_BYTES, payloadBytes: MAX_PAYLOAD_BYTES },
];
/** The same shapes at a quarter of the count: the warm-up, many windows long. */
const quarters = largest.map((batch) => ({ ...batch, count: batch.count / 4 }));

describe('the producer under the largest requests the contract accepts', () => {
  it('when they are served, then its peak RSS stays within a bound the publish window sets, and probes keep answering', async () => {
    await waitFor('producer ready', () => isReady(producer.url));
    const pid = producer.child.pid ?? 0;
    // Warm up: the code paths, pools and buffers, and the garbage between two collections, of
    // the same shapes count as the baseline.
    for (const batch of quarters) {
      expect((await sendBatch(producer.url, batch.count, batch.payloadBytes)).status).toBe(202);
      await channel.purgeQueue(queue);
    }
    const before = peakRss(pid);

    for (const batch of largest) {
      const probes = probeLoop(producer.url);
      const sent = await sendBatch(producer.url, batch.count, batch.payloadBytes);
      await probes.stop();
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      expect(sent.body.accepted).toBe(batch.count);
      // The probes ran all along, and every one was answered 200 while the batch was published.
      expect(probes.statuses.length).toBeGreaterThanOrEqual(2);
      expect(probes.statuses.every((status) => status === 200)).toBe(true);
      await channel.purgeQueue(queue);
    }

    const growth = peakRss(pid) - before;
    console.info(
      `producer peak RSS: ${(before / MiB).toFixed(1)} MiB at a quarter of the largest batches, +${(growth / MiB).toFixed(1)} MiB for the largest`,
    );
    expect(growth).toBeLessThan(PEAK_RSS_GROWTH_BOUND);
  });

  it('when a batch would generate more than the cap, then it is a 400 naming payloadBytes, and nothing was published', async () => {
    const over = {
      count: MAX_BATCH_BYTES / MAX_PAYLOAD_BYTES + 1,
      payloadBytes: MAX_PAYLOAD_BYTES,
    };
    const sent = await sendBatch(producer.url, over.count, over.payloadBytes);
    expect(sent.status).toBe(400);
    const error = (sent.body as unknown as ErrorResponse).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('body.payloadBytes');
    expect(error.message).toContain('64 MiB');
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
  });
});
