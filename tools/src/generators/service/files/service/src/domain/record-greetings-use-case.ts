import type { StarterGreeting } from '@podlab/contracts';
import type { GreetingRecorder } from './greet-use-case.js';

/** What the AMQP entry point calls for each batch: keep every greeting that arrived. */
export class RecordGreetingsUseCase {
  constructor(private readonly stores: GreetingRecorder[]) {}

  async execute(greetings: StarterGreeting[]): Promise<void> {
    for (const store of this.stores) await store.record(greetings);
  }
}
