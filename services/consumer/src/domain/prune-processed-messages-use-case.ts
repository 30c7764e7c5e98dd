import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessedMessagesRepository } from '../data-access/processed-messages-repository.js';

export interface PruneOptions {
  /** Rows processed longer ago than this go. */
  retentionHours: number;
  /** Rows per DELETE: small enough that each statement holds its locks only briefly. */
  chunkSize: number;
  /** Breathing room between chunks, so the message path's inserts are never queued behind a long purge. */
  pauseBetweenChunksMs: number;
}

export interface PruneResult {
  deleted: number;
  chunks: number;
  cutoff: Date;
}

/** Housekeeping: forget processed messages older than the retention, one chunk at a time. */
export class PruneProcessedMessagesUseCase {
  constructor(
    private readonly repository: Pick<ProcessedMessagesRepository, 'deleteProcessedBefore'>,
    private readonly options: PruneOptions,
  ) {}

  /** Stops between chunks when `signal` fires (leadership lost, or shutdown). */
  async execute(signal: AbortSignal, now = new Date()): Promise<PruneResult> {
    const { retentionHours, chunkSize, pauseBetweenChunksMs } = this.options;
    const cutoff = new Date(now.getTime() - retentionHours * 3_600_000);
    let deleted = 0;
    let chunks = 0;
    while (!signal.aborted) {
      const count = await this.repository.deleteProcessedBefore(cutoff, chunkSize);
      deleted += count;
      chunks++;
      if (count < chunkSize) break;
      await sleep(pauseBetweenChunksMs, undefined, { signal }).catch(() => undefined);
    }
    return { deleted, chunks, cutoff };
  }
}
