import { randomUUID } from 'node:crypto';
import type { CreateStarterGreetingRequest, StarterGreeting } from '@podlab/contracts';
// #if database
import type { GreetingsRepository } from '../data-access/greetings-repository.js';
// #endif
// #if producer
import type { GreetingsPublisher } from '../data-access/greetings-publisher.js';
// #endif

/** The example use case: make a greeting, keep it and send it on where the service does, answer it. */
export class GreetUseCase {
  constructor(
    private readonly word: string,
    private readonly pod: string,
    // #if database
    private readonly greetings: GreetingsRepository,
    // #endif
    // #if producer
    private readonly publisher: GreetingsPublisher,
    // #endif
  ) {}

  async execute(request: CreateStarterGreetingRequest): Promise<StarterGreeting> {
    const greeting: StarterGreeting = {
      id: randomUUID(),
      text: `${this.word}, ${request.name}!`,
      servedBy: this.pod,
      createdAt: new Date().toISOString(),
    };
    // #if database
    await this.greetings.record([greeting]);
    // #endif
    // #if producer
    await this.publisher.publish([greeting]);
    // #endif
    return greeting;
  }
}
