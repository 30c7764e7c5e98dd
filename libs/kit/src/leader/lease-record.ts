import { performance } from 'node:perf_hooks';
import { microTime, type Lease, type LeaseSpec } from './lease-api.js';

/** The spec a candidate writes: renewing keeps acquireTime and the transition count; taking over bumps it. */
export function claimedRecord(
  identity: string,
  leaseDurationSeconds: number,
  now: Date,
  previous?: LeaseSpec,
): LeaseSpec {
  const ours = previous?.holderIdentity === identity;
  const transitions = previous?.leaseTransitions ?? 0;
  return {
    holderIdentity: identity,
    leaseDurationSeconds,
    acquireTime: ours ? (previous?.acquireTime ?? microTime(now)) : microTime(now),
    renewTime: microTime(now),
    leaseTransitions: previous && !ours ? transitions + 1 : transitions,
  };
}

/** The spec a leader writes on its way out: nobody holds it, so the next candidate takes it at once. */
export function releasedRecord(previous: LeaseSpec, now: Date): LeaseSpec {
  return { ...previous, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(now) };
}

/**
 * The lease as last seen, and when (local monotonic clock) its record last changed. A lease
 * expires when nobody changed it for its leaseDurationSeconds since we saw it change — as in
 * client-go, so no two nodes' clocks are ever compared.
 */
export class LeaseObservation {
  private seen?: { lease: Lease; record: string; at: number };

  constructor(private readonly clock: () => number = () => performance.now()) {}

  get lease(): Lease | undefined {
    return this.seen?.lease;
  }

  /** Records what we read or wrote; answers the new holder when it changed hands. */
  observe(lease: Lease): { holderChanged: boolean } {
    const record = JSON.stringify(lease.spec);
    if (this.seen?.record === record) {
      this.seen = { ...this.seen, lease };
      return { holderChanged: false };
    }
    const holderChanged = this.seen?.lease.spec.holderIdentity !== lease.spec.holderIdentity;
    this.seen = { lease, record, at: this.clock() };
    return { holderChanged };
  }

  expired(defaultDurationSeconds: number): boolean {
    if (!this.seen) return true;
    const seconds = this.seen.lease.spec.leaseDurationSeconds ?? defaultDurationSeconds;
    return this.clock() - this.seen.at > seconds * 1000;
  }
}
