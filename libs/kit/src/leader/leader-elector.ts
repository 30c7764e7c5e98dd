import type { Logger } from 'pino';
import { describeError } from '../logging/describe-error.js';
import type { Lease, LeaseApi } from './lease-api.js';
import { claimedRecord, LeaseObservation, releasedRecord } from './lease-record.js';

export interface LeaderElectorOptions {
  api: LeaseApi;
  leaseName: string;
  /** Who holds the lease: the pod name, so `kubectl get lease` shows it. */
  identity: string;
  logger: Logger;
  /** How long a lease stays valid without renewal (whole seconds, as the Lease stores it). Default 15. */
  leaseDurationSeconds?: number;
  /** How often the leader renews and followers try. Default a third of the lease duration. */
  retryPeriodMs?: number;
  /**
   * A leader that could not renew for this long steps down, before any follower may take over
   * (which needs a full lease duration). Default two thirds of the lease duration.
   */
  renewDeadlineMs?: number;
  /** Called, in order and never concurrently, on each transition. */
  onStartedLeading?: () => void | Promise<void>;
  onStoppedLeading?: () => void | Promise<void>;
}

/**
 * Leader election on a coordination.k8s.io Lease, with client-go's semantics: take the lease
 * when it is missing, released, ours, or expired; renew it every retry period; write only with
 * the resourceVersion we read, so of two writers exactly one wins (the other gets 409).
 *
 * "Expired" is judged by our own clock, as client-go does: a lease nobody changed for
 * `leaseDurationSeconds` since we first saw it, so the nodes' clocks need not agree.
 */
export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly retryPeriodMs: number;
  private readonly renewDeadlineMs: number;
  private leading = false;
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private deadline?: NodeJS.Timeout;
  private transitions: Promise<void> = Promise.resolve();
  private readonly observed = new LeaseObservation();
  private lastProblem?: string;

  constructor(private readonly options: LeaderElectorOptions) {
    const seconds = options.leaseDurationSeconds ?? 15;
    if (!Number.isInteger(seconds) || seconds < 1)
      throw new Error('leaseDurationSeconds must be a whole number ≥ 1');
    this.leaseDurationMs = seconds * 1000;
    this.retryPeriodMs = options.retryPeriodMs ?? this.leaseDurationMs / 3;
    this.renewDeadlineMs = options.renewDeadlineMs ?? (this.leaseDurationMs * 2) / 3;
    if (!(this.retryPeriodMs < this.renewDeadlineMs && this.renewDeadlineMs < this.leaseDurationMs))
      throw new Error('need retryPeriodMs < renewDeadlineMs < leaseDurationSeconds × 1000');
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /**
   * Stops trying. A leader first finishes `onStoppedLeading`, then releases the lease (holder
   * cleared) so the next replica takes over at its next try instead of after expiry.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.setLeading(false, 'shutting down');
    await this.transitions;
    await this.release();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.attempt();
      if (this.stopped) break;
      // Followers spread their tries a little, so replicas started together do not collide forever.
      const jitter = this.leading ? 0 : Math.random() * 0.2 * this.retryPeriodMs;
      await this.sleep(this.retryPeriodMs + jitter);
    }
  }

  private async attempt(): Promise<void> {
    const { logger, leaseName } = this.options;
    try {
      const won = await this.tryAcquireOrRenew();
      this.lastProblem = undefined;
      // Won while shutting down: do not start leading; stop() releases the lease at once.
      if (won && this.stopped) return;
      if (won) {
        this.armDeadline();
        this.setLeading(true, 'acquired the lease');
      } else {
        const holder = this.observed.lease?.spec.holderIdentity;
        const ours = !holder || holder === this.options.identity;
        this.setLeading(
          false,
          ours ? 'another replica wrote the lease first' : `${holder} holds the lease`,
        );
      }
    } catch (error) {
      // Unreachable API, refused token, missing RBAC: keep trying; the deadline timer decides
      // when a leader must give up. The first of a run of identical failures at warn, repeats at debug.
      const err = describeError(error);
      const problem = String(err.message);
      const log = problem === this.lastProblem ? logger.debug : logger.warn;
      log.call(logger, { lease: leaseName, err }, 'leader election: lease request failed');
      this.lastProblem = problem;
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { api, leaseName, identity } = this.options;
    const now = new Date();
    const current = await api.get(leaseName);
    if (!current) {
      const created = await api.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: leaseName },
        spec: claimedRecord(identity, this.leaseDurationMs / 1000, now),
      });
      if (created) this.observe(created);
      return created !== undefined;
    }

    this.observe(current);
    const holder = current.spec.holderIdentity ?? '';
    if (holder !== '' && holder !== identity && !this.observed.expired(this.leaseDurationMs / 1000))
      return false;

    const spec = claimedRecord(identity, this.leaseDurationMs / 1000, now, current.spec);
    const replaced = await api.replace({ ...current, spec });
    if (replaced) this.observe(replaced);
    return replaced !== undefined;
  }

  private observe(lease: Lease): void {
    const { holderChanged } = this.observed.observe(lease);
    const holder = lease.spec.holderIdentity;
    const { logger, leaseName, identity } = this.options;
    if (holderChanged && holder && holder !== identity)
      logger.info(
        { lease: leaseName, holder },
        `following: lease ${leaseName} is held by ${holder}`,
      );
  }

  /** After a renewal, a timer that steps down unless the next renewal comes in time. */
  private armDeadline(): void {
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      this.setLeading(false, `could not renew the lease for ${this.renewDeadlineMs} ms`);
    }, this.renewDeadlineMs);
    this.deadline.unref();
  }

  private setLeading(leading: boolean, reason: string): void {
    if (leading === this.leading) return;
    this.leading = leading;
    const { logger, leaseName, identity } = this.options;
    if (leading) {
      logger.info({ lease: leaseName, identity, reason }, `became leader of lease ${leaseName}`);
    } else {
      clearTimeout(this.deadline);
      logger.info(
        { lease: leaseName, identity, reason },
        `stopped leading lease ${leaseName}: ${reason}`,
      );
    }
    const callback = leading ? this.options.onStartedLeading : this.options.onStoppedLeading;
    this.transitions = this.transitions
      .then(() => callback?.())
      .catch((error: unknown) =>
        logger.error(
          { lease: leaseName, err: describeError(error) },
          `leader election: ${leading ? 'onStartedLeading' : 'onStoppedLeading'} failed`,
        ),
      );
  }

  /** Clears the holder with the resourceVersion we last wrote: if someone changed it since, it is not ours to clear. */
  private async release(): Promise<void> {
    const { api, leaseName, identity, logger } = this.options;
    const lease = this.observed.lease;
    if (!lease || lease.spec.holderIdentity !== identity) return;
    try {
      const released = await api.replace({
        ...lease,
        spec: releasedRecord(lease.spec, new Date()),
      });
      if (released) logger.info({ lease: leaseName }, `released lease ${leaseName}`);
      else logger.info({ lease: leaseName }, `lease ${leaseName} changed hands before release`);
    } catch (error) {
      // Not fatal: the next leader waits for expiry instead.
      logger.warn(
        { lease: leaseName, err: describeError(error) },
        `could not release lease ${leaseName}`,
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
