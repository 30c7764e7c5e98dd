import type { ListStarterGreetingsResponse } from '@podlab/contracts';
import type { GreetingsRepository } from '../data-access/greetings-repository.js';

const LATEST = 20;

/** The latest greetings, newest first: whichever replica made them, they are in one database. */
export class ListGreetingsUseCase {
  constructor(private readonly greetings: GreetingsRepository) {}

  async execute(): Promise<ListStarterGreetingsResponse> {
    return { greetings: await this.greetings.latest(LATEST) };
  }
}
