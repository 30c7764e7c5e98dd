import { starterGreetingSchema, type StarterGreeting } from '@podlab/contracts';
import type { Logger } from '@podlab/kit';
import { isTransientMysqlError } from '@podlab/kit/db';
import type { Decoded } from '@podlab/kit/messaging';
import type { ConsumeMessage } from 'amqplib';
import type { RecordGreetingsUseCase } from '../domain/record-greetings-use-case.js';

/** The AMQP entry point: body → contract-checked greeting → the same use case any entry point would call. */
export function greetingsConsumer(recordGreetings: RecordGreetingsUseCase, logger: Logger) {
  return {
    decode(message: ConsumeMessage): Decoded<StarterGreeting> {
      let body: unknown;
      try {
        body = JSON.parse(message.content.toString('utf8'));
      } catch (error) {
        return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
      }
      const result = starterGreetingSchema.safeParse(body);
      if (!result.success) {
        const issues = result.error.issues
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; ');
        return { ok: false, reason: `body fails the greeting contract: ${issues}` };
      }
      return { ok: true, value: result.data };
    },
    async handle(batch: StarterGreeting[]): Promise<void> {
      await recordGreetings.execute(batch);
      logger.debug({ count: batch.length }, 'greetings recorded');
    },
    // Worth waiting out: the database being away. Anything else about a batch never succeeds.
    isTransient: isTransientMysqlError,
  };
}
