import type { StarterGreeting } from '@podlab/contracts';
import type { Logger } from '@podlab/kit';
// #if database
import type { GreetingsRepository } from '../data-access/greetings-repository.js';
// #endif

/** What the AMQP entry point calls for each batch: record every greeting that arrived. */
export class RecordGreetingsUseCase {
  constructor(
    // #if database
    private readonly greetings: GreetingsRepository,
    // #endif
    private readonly logger: Logger,
  ) {}

  async execute(greetings: StarterGreeting[]): Promise<void> {
    // #if database
    await this.greetings.record(greetings);
    // #endif
    this.logger.debug({ count: greetings.length }, 'greetings recorded');
  }
}
