import { describe, expect, it } from 'vitest';
import { claimedRecord, LeaseObservation, releasedRecord } from './lease-record.js';

const now = new Date('2025-06-01T12:00:00.000Z');
const earlier = '2025-06-01T11:00:00.000000Z';

describe('lease records', () => {
  it('when the holder renews, then acquireTime and the transition count stay', () => {
    const previous = { holderIdentity: 'pod-a', acquireTime: earlier, leaseTransitions: 3 };
    expect(claimedRecord('pod-a', 15, now, previous)).toEqual({
      holderIdentity: 'pod-a',
      leaseDurationSeconds: 15,
      acquireTime: earlier,
      renewTime: '2025-06-01T12:00:00.000000Z',
      leaseTransitions: 3,
    });
  });

  it('when another replica takes over, then acquireTime is now and the transition count grows', () => {
    const previous = { holderIdentity: 'pod-a', acquireTime: earlier, leaseTransitions: 3 };
    expect(claimedRecord('pod-b', 15, now, previous)).toMatchObject({
      holderIdentity: 'pod-b',
      acquireTime: '2025-06-01T12:00:00.000000Z',
      leaseTransitions: 4,
    });
  });

  it('when released, then nobody holds it and the rest of the record stays', () => {
    const previous = {
      holderIdentity: 'pod-a',
      acquireTime: earlier,
      leaseTransitions: 3,
      leaseDurationSeconds: 15,
    };
    expect(releasedRecord(previous, now)).toMatchObject({
      holderIdentity: '',
      acquireTime: earlier,
      leaseTransitions: 3,
    });
  });
});

describe('LeaseObservation', () => {
  const lease = (holderIdentity: string, renewTime: string, leaseDurationSeconds = 1) => ({
    apiVersion: 'coordination.k8s.io/v1' as const,
    kind: 'Lease' as const,
    metadata: { name: 'l', resourceVersion: renewTime },
    spec: { holderIdentity, renewTime, leaseDurationSeconds },
  });

  it('when the same record is read again, then its age keeps counting from the first sighting', () => {
    let now = 0;
    const observation = new LeaseObservation(() => now);
    expect(observation.observe(lease('pod-a', 't1', 1)).holderChanged).toBe(true);
    now = 600;
    expect(observation.observe(lease('pod-a', 't1', 1)).holderChanged).toBe(false);
    expect(observation.expired(15)).toBe(false);
    now = 1_200; // 1.2 s since it last changed, 0.6 s since it was last read
    expect(observation.expired(15)).toBe(true);
  });

  it('when the holder renews, then the lease is fresh again', () => {
    let now = 0;
    const observation = new LeaseObservation(() => now);
    observation.observe(lease('pod-a', 't1'));
    now = 1_500;
    expect(observation.expired(15)).toBe(true);
    expect(observation.observe(lease('pod-a', 't2')).holderChanged).toBe(false);
    expect(observation.expired(15)).toBe(false);
  });

  it('when the lease gives no duration, then ours applies', () => {
    let now = 0;
    const observation = new LeaseObservation(() => now);
    observation.observe({ ...lease('pod-a', 't1'), spec: { holderIdentity: 'pod-a' } });
    now = 10_000;
    expect(observation.expired(15)).toBe(false);
    now = 15_001;
    expect(observation.expired(15)).toBe(true);
  });
});
