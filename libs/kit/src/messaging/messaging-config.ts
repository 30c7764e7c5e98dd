import { z } from 'zod';
import { urlWithScheme, type ConfigOf } from '../config/load-config.js';

/**
 * The broker keys of a service's config schema, spread into its `baseConfigSchema.extend`. Every
 * broker key starts with AMQP_ (as the database's start with MYSQL_), whatever the service does
 * with the broker; the consumer and publisher tuning keys keep their CONSUMER_ / PUBLISH_ names.
 */
export const amqpConfig = {
  AMQP_URL: urlWithScheme('amqp', 'amqps').describe(
    'RabbitMQ connection URL with credentials (a Secret)',
  ),
};
export type AmqpConfig = ConfigOf<typeof amqpConfig>;

/** A work queue: producers publish to the exchange; the consumer replicas share the queue. */
export const workQueueConfig = (defaults: { exchange: string; queue: string }) => ({
  ...amqpConfig,
  AMQP_EXCHANGE: z
    .string()
    .min(1)
    .default(defaults.exchange)
    .describe('Direct exchange messages are published to'),
  AMQP_QUEUE: z
    .string()
    .min(1)
    .default(defaults.queue)
    .describe(
      'Durable work queue bound to the exchange (its name is the routing key), shared by every consumer replica',
    ),
  AMQP_DELIVERY_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Deliveries before a message that keeps failing is dead-lettered'),
});
export type WorkQueueConfig = ConfigOf<ReturnType<typeof workQueueConfig>>;

/** A broadcast: every replica publishes to the fan-out exchange and hears all of it. */
export const fanoutConfig = (defaults: { exchange: string }) => ({
  ...amqpConfig,
  AMQP_EXCHANGE: z
    .string()
    .min(1)
    .default(defaults.exchange)
    .describe('Fan-out exchange every replica publishes to and listens on'),
});
export type FanoutConfig = ConfigOf<ReturnType<typeof fanoutConfig>>;

/** How a BatchConsumer takes its queue; the defaults suit the size of what one message does. */
export const batchConsumerConfig = (defaults: {
  prefetch: number;
  batchSize: number;
  commitsInFlight?: number;
}) => ({
  CONSUMER_PREFETCH: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(defaults.prefetch)
    .describe('Unacked messages the broker may send ahead'),
  CONSUMER_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5_000)
    .default(defaults.batchSize)
    .describe('Messages processed (and acked) together, in one transaction'),
  CONSUMER_BATCH_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(5_000)
    .default(20)
    .describe('How long a partial batch waits for more messages'),
  CONSUMER_COMMITS_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(8)
    .default(defaults.commitsInFlight ?? 1)
    .describe(
      'Batches committing at once, each on its own database connection; acks stay in order',
    ),
});
export type BatchConsumerConfig = ConfigOf<ReturnType<typeof batchConsumerConfig>>;

/** How long a ConfirmPublisher's caller waits for the broker. */
export const confirmPublisherConfig = {
  PUBLISH_CONFIRM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe('How long to wait for broker confirms before answering 503'),
};
export type ConfirmPublisherConfig = ConfigOf<typeof confirmPublisherConfig>;
