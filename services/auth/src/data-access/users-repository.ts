import type { Pool, RowDataPacket } from '@podlab/kit/db';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
}

const ER_DUP_ENTRY = 1062;

/** Rows of `users`. Lookups go by the username key (see usernameKey), never by the name as typed. */
export class UsersRepository {
  constructor(private readonly pool: Pool) {}

  /** Inserts a user; false when the username key is taken (the unique index decides, race-free). */
  async insert(user: UserRecord & { usernameKey: string }, createdAt: Date): Promise<boolean> {
    try {
      await this.pool.query(
        'INSERT INTO users (id, username, username_key, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
        [user.id, user.username, user.usernameKey, user.passwordHash, createdAt],
      );
      return true;
    } catch (error) {
      if ((error as { errno?: number }).errno === ER_DUP_ENTRY) return false;
      throw error;
    }
  }

  async findByUsernameKey(usernameKey: string): Promise<UserRecord | undefined> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT id, username, password_hash FROM users WHERE username_key = ?',
      [usernameKey],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT id, username, password_hash FROM users WHERE id = ?',
      [id],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, id]);
  }
}

function toUser(row: RowDataPacket): UserRecord {
  return {
    id: String(row.id),
    username: String(row.username),
    passwordHash: String(row.password_hash),
  };
}
