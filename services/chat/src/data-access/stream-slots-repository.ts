import type { Pool, ResultSetHeader, RowDataPacket } from '@podlab/kit/db';

/**
 * Rows of `stream_slots`: per user, numbered slots 0 … cap-1, each free (`expires_at` in the
 * past) or held by one open stream (`holder`) until its lease ends. Claiming is one UPDATE of
 * one free row, so two replicas claiming at once can never both take the last slot: InnoDB
 * locks the row, and the second UPDATE re-reads it as taken and moves on to the next one.
 * Times are epoch milliseconds from the caller's clock.
 */
export class StreamSlotsRepository {
  constructor(private readonly pool: Pool) {}

  /** Takes a free (or expired) slot below `cap` for `holder` until `expiresAt`; false when none is left. */
  async claim(
    userId: string,
    holder: string,
    cap: number,
    now: number,
    expiresAt: number,
  ): Promise<boolean> {
    if (await this.take(userId, holder, cap, now, expiresAt)) return true;
    // The user's first streams (or a cap raised since): make the missing slots, free, and retry.
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS slots FROM stream_slots WHERE user_id = ? AND slot < ?',
      [userId, cap],
    );
    if (Number(rows[0]?.slots) >= cap) return false;
    const values = Array.from({ length: cap }, (_, slot) => [userId, slot, null, 0]);
    try {
      await this.pool.query(
        `INSERT INTO stream_slots (user_id, slot, holder, expires_at) VALUES ?
         ON DUPLICATE KEY UPDATE slot = slot`,
        [values],
      );
    } catch (error) {
      // Another replica makes the same rows this instant: they exist either way.
      if ((error as { code?: string }).code !== 'ER_LOCK_DEADLOCK') throw error;
    }
    return this.take(userId, holder, cap, now, expiresAt);
  }

  /** When the first of the user's held slots below `cap` runs out, if it is not released before. */
  async soonestExpiry(userId: string, cap: number): Promise<number | undefined> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT MIN(expires_at) AS soonest FROM stream_slots WHERE user_id = ? AND slot < ?',
      [userId, cap],
    );
    return rows[0]?.soonest == null ? undefined : Number(rows[0].soonest);
  }

  /** Extends the leases of these holders (the open streams of one replica). */
  async renew(holders: readonly string[], expiresAt: number): Promise<void> {
    if (holders.length === 0) return;
    await this.pool.query('UPDATE stream_slots SET expires_at = ? WHERE holder IN (?)', [
      expiresAt,
      holders,
    ]);
  }

  async release(userId: string, holder: string): Promise<void> {
    await this.pool.query(
      'UPDATE stream_slots SET holder = NULL, expires_at = 0 WHERE user_id = ? AND holder = ?',
      [userId, holder],
    );
  }

  private async take(
    userId: string,
    holder: string,
    cap: number,
    now: number,
    expiresAt: number,
  ): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>(
      `UPDATE stream_slots SET holder = ?, expires_at = ?
       WHERE user_id = ? AND slot < ? AND expires_at <= ? ORDER BY slot LIMIT 1`,
      [holder, expiresAt, userId, cap, now],
    );
    return result.affectedRows === 1;
  }
}
