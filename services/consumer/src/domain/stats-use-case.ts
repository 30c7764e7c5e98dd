import type { ConsumerStats } from '@podlab/contracts';
import type { ProcessedMessagesRepository } from '../data-access/processed-messages-repository.js';

const RATE_WINDOW_SECONDS = 10;

export interface QueueDepths {
  queueDepth(): Promise<number | null>;
  deadLetterDepth(): Promise<number | null>;
}

/** What the dashboard shows: totals, who did the work, how fast, and what is still waiting. */
export class StatsUseCase {
  constructor(
    private readonly repository: ProcessedMessagesRepository,
    private readonly depths: QueueDepths,
  ) {}

  async execute(): Promise<ConsumerStats> {
    const now = new Date();
    const [processed, byPod, recent, queueDepth, deadLetterDepth] = await Promise.all([
      this.repository.countAll(),
      this.repository.countByPod(),
      this.repository.countSince(new Date(now.getTime() - RATE_WINDOW_SECONDS * 1000)),
      this.depths.queueDepth(),
      this.depths.deadLetterDepth(),
    ]);
    return {
      processed,
      byPod,
      ratePerSecond: Math.round((recent / RATE_WINDOW_SECONDS) * 10) / 10,
      queueDepth,
      deadLetterDepth,
      at: now.toISOString(),
    };
  }
}
