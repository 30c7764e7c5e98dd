import { consumerApi } from '@podlab/contracts/openapi';
import type { ServiceContext, ServiceParts } from '@podlab/kit';
import { createMysqlPool, pingMysql, runMigrations } from '@podlab/kit/db';
import {
  BatchConsumer,
  checkAmqpConnected,
  createAmqpConnection,
  deadLetterExchangeOf,
  deadLetterQueueOf,
  declareWorkQueue,
  QueueInspector,
} from '@podlab/kit/messaging';
import type { Config } from './config.js';
import { migrations } from './data-access/migrations.js';
import { ProcessedMessagesRepository } from './data-access/processed-messages-repository.js';
import { RecordMessagesUseCase } from './domain/record-messages-use-case.js';
import { StatsUseCase } from './domain/stats-use-case.js';
import { pipelineHandlers } from './entry-points/pipeline-consumer.js';
import { statsRoutes } from './entry-points/stats-routes.js';
import { PruneProcessedMessagesUseCase } from './housekeeping/prune-processed-messages-use-case.js';
import { startHousekeeping } from './housekeeping/start-housekeeping.js';

/** Wires the consumer: database (migrated) → housekeeping (lease holder only) → broker → batch consumer and stats routes. */
export async function createConsumer({
  config,
  logger,
  lifecycle,
  pod,
  registry,
}: ServiceContext<Config>): Promise<ServiceParts> {
  const topology = {
    exchange: config.PIPELINE_EXCHANGE,
    queue: config.PIPELINE_QUEUE,
    deliveryLimit: config.PIPELINE_DELIVERY_LIMIT,
  };

  const pool = createMysqlPool(config.MYSQL_URL, lifecycle);
  await runMigrations(pool, migrations, logger);
  const repository = new ProcessedMessagesRepository(pool);
  const recordMessages = new RecordMessagesUseCase(repository, pod);
  // Registered before the broker: on shutdown it stops after the consumer drained, before the pool closes.
  const pruneProcessed = new PruneProcessedMessagesUseCase(repository, {
    retentionHours: config.HOUSEKEEPING_RETENTION_HOURS,
    chunkSize: 5_000,
    pauseBetweenChunksMs: 100,
  });
  await startHousekeeping({ pod, logger, lifecycle, registry }, pruneProcessed, {
    leaseName: config.LEASE_NAME,
    intervalMs: config.HOUSEKEEPING_INTERVAL_SECONDS * 1000,
  });

  const connection = createAmqpConnection(config.AMQP_URL, lifecycle, logger, `consumer@${pod}`);
  const inspector = new QueueInspector(connection, lifecycle);
  const stats = new StatsUseCase(repository, {
    queueDepth: () => inspector.depth(topology.queue),
    deadLetterDepth: () => inspector.depth(deadLetterQueueOf(topology)),
  });
  const consumer = new BatchConsumer(connection, lifecycle, {
    queue: topology.queue,
    deadLetterExchange: deadLetterExchangeOf(topology),
    prefetch: config.CONSUMER_PREFETCH,
    batchSize: config.CONSUMER_BATCH_SIZE,
    batchWaitMs: config.CONSUMER_BATCH_WAIT_MS,
    setup: (channel) => declareWorkQueue(channel, topology),
    logger,
    registry,
    ...pipelineHandlers(recordMessages, logger),
  });

  return {
    openApi: consumerApi,
    api: statsRoutes(stats, lifecycle),
    readiness: {
      broker: () => checkAmqpConnected(connection),
      consumer: () => consumer.checkConsuming(),
      database: () => pingMysql(pool),
    },
  };
}
