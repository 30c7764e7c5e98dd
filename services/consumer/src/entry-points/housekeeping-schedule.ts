import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '@podlab/kit';
import {
  runWhileLeader,
  type LeaderContext,
  type LeaderElectionOptions,
  type Leadership,
} from '@podlab/kit/leader';
import type { PruneProcessedMessagesUseCase } from '../domain/prune-processed-messages-use-case.js';

export interface HousekeepingOptions {
  /** The Lease that picks the one replica doing housekeeping (the Role names it). */
  leaseName: string;
  intervalMs: number;
  /** Overrides for the election (tests point it at a fake API). */
  election?: Omit<LeaderElectionOptions, 'leaseName'>;
}

/**
 * The housekeeping entry point, a timer where others are routes and queues: prunes processed
 * messages every interval, on the replica that holds the lease only (outside a
 * cluster: here). Runs never overlap — the next waits for the previous — and the last one is
 * finished before shutdown releases the lease and closes the pool.
 */
export function scheduleHousekeeping(
  context: LeaderContext,
  prune: PruneProcessedMessagesUseCase,
  options: HousekeepingOptions,
): Promise<Leadership> {
  const { logger } = context;
  const runOnce = async (signal: AbortSignal) => {
    const started = Date.now();
    try {
      const { deleted, chunks, cutoff } = await prune.execute(signal);
      (deleted > 0 ? logger.info : logger.debug).call(
        logger,
        { deleted, chunks, cutoff: cutoff.toISOString(), ms: Date.now() - started },
        `housekeeping: pruned ${deleted} processed messages`,
      );
    } catch (error) {
      // The database may be away for a moment: say so and try again next interval.
      logger.warn({ err: describeError(error) }, 'housekeeping: pruning failed');
    }
  };

  return runWhileLeader(
    context,
    { leaseName: options.leaseName, ...options.election },
    async (signal) => {
      while (!signal.aborted) {
        await runOnce(signal);
        await sleep(options.intervalMs, undefined, { signal }).catch(() => undefined);
      }
    },
  );
}
