import type { ConsumerStats } from '@podlab/contracts';
import type { ProcessedMessagesRepository } from '../data-access/processed-messages-repository.js';

const RATE_WINDOW_SECONDS = 10;

/** Messages waiting, or null while the broker cannot say. */
export interface QueueDepths {
  queueDepth(): Promise<number | null>;
  deadLetterDepth(): Promise<number | null>;
}

/** What the dashboard shows: totals, who did the work, how fast, and what is still waiting. */
export class StatsUseCase {
  constructor(
    private readonly repository: Pick<
      ProcessedMessagesRepository,
      'countAll' | 'countProcessedBy' | 'countSince'
    >,
    private readonly depths: QueueDepths,
  ) {}

  async execute(): Promise<ConsumerStats> {
    const now = new Date();
    const [processed, processedBy, recent, queueDepth, deadLetterDepth] = await Promise.all([
      this.repository.countAll(),
      this.repository.countProcessedBy(),
      this.repository.countSince(new Date(now.getTime() - RATE_WINDOW_SECONDS * 1000)),
      this.depths.queueDepth(),
      this.depths.deadLetterDepth(),
    ]);
    return {
      processed,
      processedBy,
      ratePerSecond: Math.round((recent / RATE_WINDOW_SECONDS) * 10) / 10,
      queueDepth,
      deadLetterDepth,
      at: now.toISOString(),
    };
  }
}
