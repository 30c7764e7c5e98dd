import { Counter, Histogram, type Registry } from 'prom-client';

/** What a broker-facing service reports: how much moved, how much was refused, how long commits took. */
export interface MessagingMetrics {
  published: Counter<'exchange'>;
  processed: Counter<'queue'>;
  deadLettered: Counter<'queue'>;
  batchSeconds: Histogram<'queue'>;
}

const byRegistry = new WeakMap<Registry, MessagingMetrics>();

/** One set per registry (a service has one), created on first use. */
export function messagingMetrics(registry: Registry): MessagingMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    const registers = [registry];
    metrics = {
      published: new Counter({
        name: 'amqp_messages_published_total',
        help: 'Messages the broker confirmed',
        labelNames: ['exchange'],
        registers,
      }),
      processed: new Counter({
        name: 'amqp_messages_processed_total',
        help: 'Messages processed: their batch committed, then acked',
        labelNames: ['queue'],
        registers,
      }),
      deadLettered: new Counter({
        name: 'amqp_messages_dead_lettered_total',
        help: 'Poison messages sent to the dead-letter exchange',
        labelNames: ['queue'],
        registers,
      }),
      batchSeconds: new Histogram({
        name: 'amqp_batch_commit_seconds',
        help: 'Time to commit one batch, retries included',
        labelNames: ['queue'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30],
        registers,
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
