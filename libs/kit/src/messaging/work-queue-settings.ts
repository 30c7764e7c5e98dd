import type { ConfirmChannel } from 'amqplib';
import type {
  BatchConsumerConfig,
  ConfirmPublisherConfig,
  WorkQueueConfig,
} from './messaging-config.js';
import {
  deadLetterExchangeOf,
  declareWorkQueue,
  type WorkQueueTopology,
} from './work-queue-topology.js';

/** The exchange, queue and delivery limit the config names. */
export const workQueueOf = (config: WorkQueueConfig): WorkQueueTopology => ({
  exchange: config.AMQP_EXCHANGE,
  queue: config.AMQP_QUEUE,
  deliveryLimit: config.AMQP_DELIVERY_LIMIT,
});

/**
 * What a BatchConsumer of the configured work queue is set up with; the entry point that builds
 * one adds its decoder and its use case. Declares the whole topology, so it starts in any order.
 */
export function workQueueConsumerSettings(config: WorkQueueConfig & BatchConsumerConfig) {
  const topology = workQueueOf(config);
  return {
    queue: topology.queue,
    deadLetterExchange: deadLetterExchangeOf(topology),
    prefetch: config.CONSUMER_PREFETCH,
    batchSize: config.CONSUMER_BATCH_SIZE,
    batchWaitMs: config.CONSUMER_BATCH_WAIT_MS,
    commitsInFlight: config.CONSUMER_COMMITS_IN_FLIGHT,
    setup: (channel: ConfirmChannel) => declareWorkQueue(channel, topology),
  };
}

/** What a ConfirmPublisher to the configured work queue is set up with (the queue's name routes). */
export function workQueuePublisherSettings(config: WorkQueueConfig & ConfirmPublisherConfig) {
  const topology = workQueueOf(config);
  return {
    exchange: topology.exchange,
    routingKey: topology.queue,
    setup: (channel: ConfirmChannel) => declareWorkQueue(channel, topology),
    confirmTimeoutMs: config.PUBLISH_CONFIRM_TIMEOUT_MS,
  };
}
