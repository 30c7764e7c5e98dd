import type { Logger } from '@podlab/kit';
import { describeError } from '@podlab/kit';
import type { AuthUser } from '@podlab/kit/auth';
import { randomUUID } from 'node:crypto';
import type { StreamSlotsRepository } from '../data-access/stream-slots-repository.js';
import { tooManyStreams } from './chat-errors.js';

/** How long a slot stays taken without a renewal: what a replica that died leaves behind. */
export const STREAM_LEASE_MS = 60_000;
/** Renewed well within the lease, so a missed round or two (a slow database) loses nothing. */
const RENEW_EVERY_MS = 20_000;
const RENEW_BATCH = 1_000;

export interface StreamSlot {
  userId: string;
  holder: string;
}

/**
 * Open streams per user, on every replica together: each stream holds a slot in the database
 * for as long as it is open. The slot is a lease this replica renews while the stream lives,
 * so the slots of a replica that was killed (no chance to release) free themselves within
 * {@link STREAM_LEASE_MS}; until then they still count.
 */
export class StreamQuota {
  private readonly held = new Map<string, StreamSlot>();
  private readonly releasing = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly slots: StreamSlotsRepository,
    readonly maxPerUser: number,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A slot for one more stream of this user, or 429 TOO_MANY_STREAMS. */
  async acquire(user: AuthUser): Promise<StreamSlot> {
    const holder = randomUUID();
    const now = this.clock();
    if (!(await this.slots.claim(user.id, holder, this.maxPerUser, now, now + STREAM_LEASE_MS))) {
      const soonest = (await this.slots.soonestExpiry(user.id, this.maxPerUser)) ?? now;
      const seconds = Math.ceil((soonest - this.clock()) / 1000);
      throw tooManyStreams(this.maxPerUser, Math.min(Math.max(seconds, 1), STREAM_LEASE_MS / 1000));
    }
    const slot = { userId: user.id, holder };
    this.held.set(holder, slot);
    this.timer ??= setInterval(() => void this.renew(), RENEW_EVERY_MS).unref();
    return slot;
  }

  /** The stream ended. If the database cannot be told now, the lease runs out on its own. */
  release(slot: StreamSlot): void {
    if (!this.held.delete(slot.holder)) return;
    const done = this.slots
      .release(slot.userId, slot.holder)
      .catch((error: unknown) =>
        this.logger.warn(
          { err: describeError(error) },
          'stream slot not released; its lease runs out',
        ),
      )
      .finally(() => this.releasing.delete(done));
    this.releasing.add(done);
  }

  /** Streams open on this replica. */
  get open(): number {
    return this.held.size;
  }

  /** On shutdown, once the streams have ended: their releases reach the database before the pool closes. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.releasing]);
  }

  private async renew(): Promise<void> {
    const holders = [...this.held.keys()];
    try {
      for (let i = 0; i < holders.length; i += RENEW_BATCH)
        await this.slots.renew(holders.slice(i, i + RENEW_BATCH), this.clock() + STREAM_LEASE_MS);
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'stream slot leases not renewed; retrying');
    }
  }
}
