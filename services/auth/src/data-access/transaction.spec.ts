import type { Pool } from '@podlab/kit/db';
import { describe, expect, it } from 'vitest';
import { inTransaction } from './transaction.js';

/** A pool whose connections record what was done with them. */
function recordingPool() {
  const log: string[] = [];
  const connection = {
    beginTransaction: async () => void log.push('begin'),
    commit: async () => void log.push('commit'),
    rollback: async () => void log.push('rollback'),
    release: () => void log.push('release'),
  };
  const pool = { getConnection: async () => connection } as unknown as Pool;
  return { pool, log };
}

const deadlock = () => Object.assign(new Error('Deadlock found'), { errno: 1213 });

describe('inTransaction', () => {
  it('when the work returns, then it is committed and the connection released', async () => {
    const { pool, log } = recordingPool();
    expect(await inTransaction(pool, async () => 42)).toBe(42);
    expect(log).toEqual(['begin', 'commit', 'release']);
  });

  it('when the work is chosen as a deadlock victim once, then it is run again and commits', async () => {
    const { pool, log } = recordingPool();
    let runs = 0;
    const result = await inTransaction(pool, async () => {
      if (++runs === 1) throw deadlock();
      return 'done';
    });
    expect(result).toBe('done');
    expect(log).toEqual(['begin', 'rollback', 'release', 'begin', 'commit', 'release']);
  });

  it('when it keeps deadlocking, then it gives up after 3 runs with the error', async () => {
    const { pool, log } = recordingPool();
    await expect(
      inTransaction(pool, async () => {
        throw deadlock();
      }),
    ).rejects.toMatchObject({ errno: 1213 });
    expect(log.filter((step) => step === 'begin')).toHaveLength(3);
  });

  it('when the work fails otherwise, then it is rolled back once and not run again', async () => {
    const { pool, log } = recordingPool();
    await expect(
      inTransaction(pool, async () => {
        throw new Error('duplicate entry');
      }),
    ).rejects.toThrow('duplicate entry');
    expect(log).toEqual(['begin', 'rollback', 'release']);
  });
});
