import { starterGreetingSchema, type StarterGreeting } from '@podlab/contracts';
import type { ServiceContext } from '@podlab/kit';
import {
  consumeWorkQueue,
  type AmqpConnectionManager,
  type BatchConsumer,
} from '@podlab/kit/messaging';
import type { Config } from '../config.js';
import type { RecordGreetingsUseCase } from '../domain/record-greetings-use-case.js';

/**
 * The AMQP entry point: the greetings queue in batches, each message checked against the greeting
 * contract (one that breaks it is dead-lettered with the reason), then recorded by the same use
 * case any entry point would call. A message is acked only once its batch committed.
 */
export function consumeGreetings(
  connection: AmqpConnectionManager,
  context: ServiceContext<Config>,
  recordGreetings: RecordGreetingsUseCase,
): BatchConsumer<StarterGreeting> {
  return consumeWorkQueue(connection, context, {
    schema: starterGreetingSchema,
    contract: 'greeting contract',
    processBatch: (batch) => recordGreetings.execute(batch),
  });
}
