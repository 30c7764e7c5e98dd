import { consumerApi } from '@podlab/contracts/openapi';
import type { ServiceContext, ServiceParts } from '@podlab/kit';
import { openMysql, pingMysql } from '@podlab/kit/db';
import { checkAmqpConnected, createAmqpConnection, workQueueOf } from '@podlab/kit/messaging';
import type { Config } from './config.js';
import { migrations } from './data-access/migrations.js';
import { ProcessedMessagesRepository } from './data-access/processed-messages-repository.js';
import { QueueDepthsReader } from './data-access/queue-depths-reader.js';
import { ProcessMessagesUseCase } from './domain/process-messages-use-case.js';
import { PruneProcessedMessagesUseCase } from './domain/prune-processed-messages-use-case.js';
import { StatsUseCase } from './domain/stats-use-case.js';
import { scheduleHousekeeping } from './entry-points/housekeeping-schedule.js';
import { consumePipelineMessages } from './entry-points/pipeline-consumer.js';
import { statsRoutes } from './entry-points/stats-routes.js';

/** Wires the consumer: database (migrated) → housekeeping (lease holder only) → broker → the queue and the stats routes. */
export async function createConsumer(context: ServiceContext<Config>): Promise<ServiceParts> {
  const { config, lifecycle, pod } = context;
  const pool = await openMysql(config, migrations, context);
  const repository = new ProcessedMessagesRepository(pool);

  // Scheduled before the broker: on shutdown it stops after the consumer drained, before the pool closes.
  const pruneProcessed = new PruneProcessedMessagesUseCase(repository, {
    retentionHours: config.HOUSEKEEPING_RETENTION_HOURS,
    chunkSize: 5_000,
    pauseBetweenChunksMs: 100,
  });
  await scheduleHousekeeping(context, pruneProcessed, {
    leaseName: config.LEASE_NAME,
    intervalMs: config.HOUSEKEEPING_INTERVAL_SECONDS * 1000,
  });

  const connection = createAmqpConnection(
    config.AMQP_URL,
    lifecycle,
    context.logger,
    `consumer@${pod}`,
  );
  const consumer = consumePipelineMessages(
    connection,
    context,
    new ProcessMessagesUseCase(repository, pod),
  );
  const depths = new QueueDepthsReader(connection, lifecycle, workQueueOf(config));

  return {
    openApi: consumerApi,
    api: statsRoutes(new StatsUseCase(repository, depths), lifecycle),
    readiness: {
      broker: () => checkAmqpConnected(connection),
      consumer: () => consumer.checkConsuming(),
      database: () => pingMysql(pool),
    },
  };
}
