import { randomUUID } from 'node:crypto';
import type { CreateStarterGreetingRequest, StarterGreeting } from '@podlab/contracts';

/** Somewhere a greeting is kept or sent (the database, the broker): each is given every greeting. */
export interface GreetingRecorder {
  record(greetings: StarterGreeting[]): Promise<void>;
}

/** The example use case: make a greeting, hand it to every recorder, answer it. */
export class GreetUseCase {
  constructor(
    private readonly word: string,
    private readonly pod: string,
    private readonly recorders: GreetingRecorder[],
  ) {}

  async execute(request: CreateStarterGreetingRequest): Promise<StarterGreeting> {
    const greeting: StarterGreeting = {
      id: randomUUID(),
      text: `${this.word}, ${request.name}!`,
      servedBy: this.pod,
      createdAt: new Date().toISOString(),
    };
    for (const recorder of this.recorders) await recorder.record([greeting]);
    return greeting;
  }
}
