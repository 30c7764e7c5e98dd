import type { ServiceContext, ServiceParts } from '@podlab/kit';
// #if auth
import { jwtVerifierFor } from '@podlab/kit/auth';
// #endif
// #if database
import { openMysql, pingMysql } from '@podlab/kit/db';
// #endif
// #if amqp
import { checkAmqpConnected, createAmqpConnection } from '@podlab/kit/messaging';
// #endif
import type { Config } from './config.js';
// #if producer
import { GreetingsPublisher } from './data-access/greetings-publisher.js';
// #endif
// #if database
import { GreetingsRepository } from './data-access/greetings-repository.js';
import { migrations } from './data-access/migrations.js';
import { ListGreetingsUseCase } from './domain/list-greetings-use-case.js';
// #endif
import { GreetUseCase } from './domain/greet-use-case.js';
// #if consumer
import { RecordGreetingsUseCase } from './domain/record-greetings-use-case.js';
import { consumeGreetings } from './entry-points/greetings-consumer.js';
// #endif
import { greetingsRoutes } from './entry-points/greetings-routes.js';

/**
 * Wires the starter service: each resource registers its own closer on the lifecycle where it
 * is created, so SIGTERM closes them in reverse order after in-flight work drained.
 */
export async function createStarter(context: ServiceContext<Config>): Promise<ServiceParts> {
  const { config } = context;
  const readiness: ServiceParts['readiness'] = {};
  // #if database

  const pool = await openMysql(config, migrations, context);
  const greetings = new GreetingsRepository(pool);
  readiness.database = () => pingMysql(pool);
  // #endif
  // #if amqp

  const connection = createAmqpConnection(
    config.AMQP_URL,
    context.lifecycle,
    context.logger,
    `starter@${context.pod}`,
  );
  readiness.broker = () => checkAmqpConnected(connection);
  // #endif
  // #if producer

  const publisher = new GreetingsPublisher(connection, context);
  readiness.publisher = () => publisher.checkReady();
  // #endif
  // #if consumer

  const recordGreetings = new RecordGreetingsUseCase(
    // #if database
    greetings,
    // #endif
    context.logger,
  );
  const consumer = consumeGreetings(connection, context, recordGreetings);
  readiness.consumer = () => consumer.checkConsuming();
  // #endif
  // #if auth

  // Keys are fetched on the first token and cached: auth being away does not stop this service.
  const verifier = jwtVerifierFor(config);
  // #endif

  return {
    api: greetingsRoutes(
      // #if auth
      verifier,
      // #endif
      {
        greet: new GreetUseCase(
          config.GREETING_WORD,
          context.pod,
          // #if database
          greetings,
          // #endif
          // #if producer
          publisher,
          // #endif
        ),
        // #if database
        listGreetings: new ListGreetingsUseCase(greetings),
        // #endif
      },
    ),
    readiness,
    // A greeting request is a name of at most 100 characters: 16 KiB is room for any valid body.
    bodyLimit: '16kb',
  };
}
