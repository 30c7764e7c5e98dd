import { starterGreetingSchema, type StarterGreeting } from '@podlab/contracts';
import type { ServiceContext } from '@podlab/kit';
import { isTransientMysqlError } from '@podlab/kit/db';
import {
  BatchConsumer,
  jsonMessageDecoder,
  workQueueConsumerSettings,
  type AmqpConnectionManager,
} from '@podlab/kit/messaging';
import type { Config } from '../config.js';
import type { RecordGreetingsUseCase } from '../domain/record-greetings-use-case.js';

/**
 * The AMQP entry point: the greetings queue, taken in batches (queue, prefetch and batch size
 * from the config), each body checked against the contract — a message that breaks it is
 * dead-lettered with the reason — then recorded by the same use case any entry point would call.
 * A message is acked only once its batch committed.
 */
export function consumeGreetings(
  connection: AmqpConnectionManager,
  { config, lifecycle, logger, registry }: ServiceContext<Config>,
  recordGreetings: RecordGreetingsUseCase,
): BatchConsumer<StarterGreeting> {
  return new BatchConsumer(connection, lifecycle, {
    ...workQueueConsumerSettings(config),
    decode: jsonMessageDecoder(starterGreetingSchema, 'greeting contract'),
    handle: (batch) => recordGreetings.execute(batch),
    // Worth waiting out: the database being away. Anything else about a batch never succeeds.
    isTransient: isTransientMysqlError,
    logger,
    registry,
  });
}
