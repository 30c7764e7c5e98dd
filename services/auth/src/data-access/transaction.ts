import type { Pool, PoolConnection } from '@podlab/kit/db';

const ER_LOCK_DEADLOCK = 1213;
const ATTEMPTS = 3;

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back when
 * it throws. A deadlock is run again (up to 3 times): InnoDB resolves one by rolling a
 * transaction back whole, so repeating it is safe.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (connection: PoolConnection) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      const result = await work(connection);
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      if ((error as { errno?: number }).errno !== ER_LOCK_DEADLOCK || attempt >= ATTEMPTS)
        throw error;
    } finally {
      connection.release();
    }
  }
}
