import type { Pool, PoolConnection, RowDataPacket } from '@podlab/kit/db';
import { inTransaction } from './transaction.js';

export interface NewRefreshToken {
  hash: Buffer;
  familyId: string;
  userId: string;
  expiresAt: Date;
}

/** What presenting a refresh token for rotation came to. */
export type RotationOutcome =
  | { outcome: 'rotated'; userId: string; familyId: string }
  /**
   * Exchanged moments ago and its successor is still unused: a concurrent refresh of the same
   * sign-in (a second tab), not theft. Nothing was changed.
   */
  | { outcome: 'recently-rotated'; userId: string; familyId: string }
  | { outcome: 'unknown' | 'expired' | 'revoked' }
  /** The token had already been exchanged: its whole family is now revoked. */
  | { outcome: 'reused'; userId: string; familyId: string };

const REVOKE_FAMILY =
  'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL';

/**
 * Rows of `refresh_tokens`: one per token ever issued (by hash), grouped in families — one
 * family per sign-in, one new member per refresh.
 */
export class RefreshTokensRepository {
  constructor(private readonly pool: Pool) {}

  /** Stores a new family's first token, and drops this user's long-expired rows on the way. */
  async insert(token: NewRefreshToken, now: Date): Promise<void> {
    await this.pool.query(
      'INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [token.hash, token.familyId, token.userId, now, token.expiresAt],
    );
    await this.pool.query('DELETE FROM refresh_tokens WHERE user_id = ? AND expires_at < ?', [
      token.userId,
      now,
    ]);
  }

  /**
   * Exchanges a token for the next one of its family, in one transaction. The row lock
   * (FOR UPDATE) lines up concurrent uses of one token, on one replica or on several: the
   * first rotates it; each later one finds it rotated, and is a concurrent refresh (within
   * `graceMs`, successor unused) or reuse, which revokes the family. Revoking a family locks all
   * its rows while a rotation may hold the newest one; such a deadlock is run again.
   */
  async rotate(
    presentedHash: Buffer,
    next: { hash: Buffer; expiresAt: Date },
    now: Date,
    graceMs: number,
  ): Promise<RotationOutcome> {
    return inTransaction(this.pool, (connection) =>
      this.rotateLocked(connection, presentedHash, next, now, graceMs),
    );
  }

  /** Sign-out: revokes the family the token belongs to (every token of that sign-in). */
  async revokeFamilyOf(presentedHash: Buffer, now: Date): Promise<void> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT family_id FROM refresh_tokens WHERE token_hash = ?',
      [presentedHash],
    );
    if (!rows[0]) return;
    await this.pool.query(REVOKE_FAMILY, [now, rows[0].family_id]);
  }

  private async rotateLocked(
    connection: PoolConnection,
    presentedHash: Buffer,
    next: { hash: Buffer; expiresAt: Date },
    now: Date,
    graceMs: number,
  ): Promise<RotationOutcome> {
    const [rows] = await connection.query<RowDataPacket[]>(
      `SELECT family_id, user_id, expires_at, rotated_at, replaced_by, revoked_at
       FROM refresh_tokens WHERE token_hash = ? FOR UPDATE`,
      [presentedHash],
    );
    const row = rows[0];
    if (!row) return { outcome: 'unknown' };
    if (row.revoked_at !== null) return { outcome: 'revoked' };
    const owner = { userId: String(row.user_id), familyId: String(row.family_id) };
    if (row.rotated_at !== null) {
      if (await this.isConcurrentRefresh(connection, row, now, graceMs))
        return { outcome: 'recently-rotated', ...owner };
      await connection.query(REVOKE_FAMILY, [now, owner.familyId]);
      return { outcome: 'reused', ...owner };
    }
    if ((row.expires_at as Date).getTime() <= now.getTime()) return { outcome: 'expired' };
    await connection.query(
      'UPDATE refresh_tokens SET rotated_at = ?, replaced_by = ? WHERE token_hash = ?',
      [now, next.hash, presentedHash],
    );
    await connection.query(
      'INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [next.hash, owner.familyId, owner.userId, now, next.expiresAt],
    );
    return { outcome: 'rotated', ...owner };
  }

  /**
   * Only within the grace, and only while the token this one was exchanged for is still the
   * family's live one: once that successor was exchanged in turn (this token is a grandparent),
   * a use of this one is reuse however recent.
   */
  private async isConcurrentRefresh(
    connection: PoolConnection,
    row: RowDataPacket,
    now: Date,
    graceMs: number,
  ): Promise<boolean> {
    // Rotated by a replica of the previous version: no successor link, so no grace.
    if (graceMs <= 0 || row.replaced_by === null) return false;
    // Negative when this request read the clock just before the winner did, or when replicas'
    // clocks differ slightly; a skew beyond the grace is treated as reuse, the safe side.
    const sinceRotation = now.getTime() - (row.rotated_at as Date).getTime();
    if (Math.abs(sinceRotation) > graceMs) return false;
    // Locked, so the successor cannot be exchanged while this answer is decided.
    const [successors] = await connection.query<RowDataPacket[]>(
      'SELECT expires_at, rotated_at, revoked_at FROM refresh_tokens WHERE token_hash = ? FOR UPDATE',
      [row.replaced_by],
    );
    const successor = successors[0];
    return (
      successor !== undefined &&
      successor.rotated_at === null &&
      successor.revoked_at === null &&
      (successor.expires_at as Date).getTime() > now.getTime()
    );
  }
}
