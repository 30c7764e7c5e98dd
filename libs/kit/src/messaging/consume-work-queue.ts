import type { Registry } from 'prom-client';
import type { z } from 'zod';
import { isTransientMysqlError } from '../db/transient-errors.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { Logger } from '../logging/create-logger.js';
import type { AmqpConnectionManager } from './amqp-connection.js';
import { BatchConsumer } from './batch-consumer.js';
import { jsonMessageDecoder } from './json-message-decoder.js';
import type { BatchConsumerConfig, WorkQueueConfig } from './messaging-config.js';
import { workQueueConsumerSettings } from './work-queue-settings.js';

/** The parts of a ServiceContext a work-queue consumer uses. */
export interface WorkQueueConsumerContext {
  config: WorkQueueConfig & BatchConsumerConfig;
  lifecycle: Lifecycle;
  logger: Logger;
  registry: Registry;
}

export interface WorkQueueConsumerOptions<T> {
  /** The message contract from `@podlab/contracts`. */
  schema: z.ZodType<T>;
  /** How a dead letter's reason names the contract, e.g. `pipeline message contract`. */
  contract: string;
  /** The use case: commits one batch, idempotently (a batch may come again after a crash). */
  processBatch: (batch: T[]) => Promise<void>;
  /**
   * Failures worth waiting out with the batch unacked. By default the database being away,
   * since a work queue's side effect is a commit; anything else about a batch never succeeds.
   */
  isTransient?: (error: unknown) => boolean;
}

/**
 * The configured work queue (queue, prefetch and batch size from the config), taken in batches:
 * each body is checked against the contract — a message that breaks it is dead-lettered with the
 * reason — and the rest go to `processBatch`. A message is acked only once its batch committed.
 * A service's AMQP entry point calls this with its contract and its use case.
 */
export function consumeWorkQueue<T>(
  connection: AmqpConnectionManager,
  { config, lifecycle, logger, registry }: WorkQueueConsumerContext,
  {
    schema,
    contract,
    processBatch,
    isTransient = isTransientMysqlError,
  }: WorkQueueConsumerOptions<T>,
): BatchConsumer<T> {
  return new BatchConsumer(connection, lifecycle, {
    ...workQueueConsumerSettings(config),
    decode: jsonMessageDecoder(schema, contract),
    processBatch,
    isTransient,
    logger,
    registry,
  });
}
