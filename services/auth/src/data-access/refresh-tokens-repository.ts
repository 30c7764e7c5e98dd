import type { Pool, RowDataPacket } from '@podlab/kit/db';

export interface NewRefreshToken {
  hash: Buffer;
  familyId: string;
  userId: string;
  expiresAt: Date;
}

/** What presenting a refresh token for rotation came to. */
export type RotationOutcome =
  | { outcome: 'rotated'; userId: string; familyId: string }
  | { outcome: 'unknown' | 'expired' | 'revoked' }
  /** The token had already been exchanged: its whole family is now revoked. */
  | { outcome: 'reused'; userId: string; familyId: string };

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
   * (FOR UPDATE) makes two concurrent uses of one token line up: the second sees it rotated,
   * which is reuse, and revokes the family.
   */
  async rotate(
    presentedHash: Buffer,
    next: { hash: Buffer; expiresAt: Date },
    now: Date,
  ): Promise<RotationOutcome> {
    const connection = await this.pool.getConnection();
    try {
      await connection.beginTransaction();
      const [rows] = await connection.query<RowDataPacket[]>(
        `SELECT family_id, user_id, expires_at, rotated_at, revoked_at
         FROM refresh_tokens WHERE token_hash = ? FOR UPDATE`,
        [presentedHash],
      );
      const row = rows[0];
      let result: RotationOutcome;
      if (!row) result = { outcome: 'unknown' };
      else if (row.revoked_at !== null) result = { outcome: 'revoked' };
      else if (row.rotated_at !== null) {
        await connection.query(
          'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
          [now, row.family_id],
        );
        result = {
          outcome: 'reused',
          userId: String(row.user_id),
          familyId: String(row.family_id),
        };
      } else if ((row.expires_at as Date).getTime() <= now.getTime())
        result = { outcome: 'expired' };
      else {
        await connection.query('UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ?', [
          now,
          presentedHash,
        ]);
        await connection.query(
          'INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
          [next.hash, row.family_id, row.user_id, now, next.expiresAt],
        );
        result = {
          outcome: 'rotated',
          userId: String(row.user_id),
          familyId: String(row.family_id),
        };
      }
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  /** Sign-out: revokes the family the token belongs to (every token of that sign-in). */
  async revokeFamilyOf(presentedHash: Buffer, now: Date): Promise<void> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT family_id FROM refresh_tokens WHERE token_hash = ?',
      [presentedHash],
    );
    if (!rows[0]) return;
    await this.pool.query(
      'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
      [now, rows[0].family_id],
    );
  }
}
