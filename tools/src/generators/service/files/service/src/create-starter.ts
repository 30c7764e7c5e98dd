import type { ServiceContext, ServiceParts } from '@podlab/kit';
// #if auth
import { createJwtVerifier } from '@podlab/kit/auth';
// #endif
// #if database
import { createMysqlPool, pingMysql, runMigrations } from '@podlab/kit/db';
// #endif
// #if amqp
import { checkAmqpConnected, createAmqpConnection, declareWorkQueue } from '@podlab/kit/messaging';
// #endif
// #if consumer
import { BatchConsumer, deadLetterExchangeOf } from '@podlab/kit/messaging';
// #endif
// #if producer
import { ConfirmPublisher } from '@podlab/kit/messaging';
// #endif
import type { Config } from './config.js';
// #if database
import { GreetingsRepository } from './data-access/greetings-repository.js';
import { migrations } from './data-access/migrations.js';
import { ListGreetingsUseCase } from './domain/list-greetings-use-case.js';
// #endif
import { GreetUseCase, type GreetingRecorder } from './domain/greet-use-case.js';
// #if consumer
import { RecordGreetingsUseCase } from './domain/record-greetings-use-case.js';
import { greetingsConsumer } from './entry-points/greetings-consumer.js';
// #endif
import { greetingsRoutes } from './entry-points/greetings-routes.js';
// #if producer
import { GreetingsPublisher } from './messaging/greetings-publisher.js';
// #endif

/**
 * Wires the starter service: each resource registers its own closer on the lifecycle where it
 * is created, so SIGTERM closes them in reverse order after in-flight work drained.
 */
export async function createStarter(context: ServiceContext<Config>): Promise<ServiceParts> {
  const { config, lifecycle } = context;
  const readiness: ServiceParts['readiness'] = {};
  // Where a greeting is kept (database) and where it is sent (broker).
  const stores: GreetingRecorder[] = [];
  const recorders: GreetingRecorder[] = [];
  // #if database

  const pool = createMysqlPool(config.MYSQL_URL, lifecycle, {
    connectionLimit: config.MYSQL_POOL_SIZE,
  });
  await runMigrations(pool, migrations, context.logger);
  const greetings = new GreetingsRepository(pool);
  stores.push(greetings);
  readiness.database = () => pingMysql(pool);
  // #endif
  // #if amqp

  const topology = {
    exchange: config.AMQP_EXCHANGE,
    queue: config.AMQP_QUEUE,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
  };
  const connection = createAmqpConnection(
    config.AMQP_URL,
    lifecycle,
    context.logger,
    `starter@${context.pod}`,
  );
  readiness.broker = () => checkAmqpConnected(connection);
  // #endif
  // #if producer

  const publisher = new ConfirmPublisher(connection, lifecycle, {
    exchange: topology.exchange,
    routingKey: topology.queue,
    setup: (channel) => declareWorkQueue(channel, topology),
    confirmTimeoutMs: config.PUBLISH_CONFIRM_TIMEOUT_MS,
    registry: context.registry,
  });
  recorders.push(new GreetingsPublisher(publisher));
  readiness.publisher = () => publisher.checkReady();
  // #endif
  // #if consumer

  const consumer = new BatchConsumer(connection, lifecycle, {
    queue: topology.queue,
    deadLetterExchange: deadLetterExchangeOf(topology),
    prefetch: config.CONSUMER_PREFETCH,
    batchSize: config.CONSUMER_BATCH_SIZE,
    batchWaitMs: config.CONSUMER_BATCH_WAIT_MS,
    setup: (channel) => declareWorkQueue(channel, topology),
    logger: context.logger,
    registry: context.registry,
    ...greetingsConsumer(new RecordGreetingsUseCase(stores), context.logger),
  });
  readiness.consumer = () => consumer.checkConsuming();
  // #endif
  // #if auth

  // Keys are fetched on the first token and cached, so auth being away does not stop this
  // service (nor its readiness); a verified token is remembered until its exp: one signature
  // check per client and minute, not one per request.
  const verifier = createJwtVerifier({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  // #endif

  return {
    api: greetingsRoutes({
      greet: new GreetUseCase(config.GREETING_WORD, context.pod, [...stores, ...recorders]),
      // #if database
      listGreetings: new ListGreetingsUseCase(greetings),
      // #endif
      // #if auth
      verifier,
      // #endif
    }),
    readiness,
    // A greeting request is a name of at most 100 characters: 16 KiB is room for any valid body.
    bodyLimit: '16kb',
  };
}
