import type { ChatMessage } from '@podlab/contracts';
import type { AuthUser } from '@podlab/kit/auth';
import type { Pool, ResultSetHeader, RowDataPacket } from '@podlab/kit/db';

const columns = 'id, room_id, user_id, username, text, created_at';

/** Rows of `messages`. Ids increase with every insert, so "after id N" is "what I missed". */
export class MessagesRepository {
  constructor(private readonly pool: Pool) {}

  async insert(roomId: string, author: AuthUser, text: string, now: Date): Promise<ChatMessage> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'INSERT INTO messages (room_id, user_id, username, text, created_at) VALUES (?, ?, ?, ?, ?)',
      [roomId, author.id, author.username, text, now],
    );
    return {
      id: String(result.insertId),
      roomId,
      userId: author.id,
      username: author.username,
      text,
      createdAt: now.toISOString(),
    };
  }

  /** Up to `limit` messages older than `before` (or the newest), newest first. */
  async newestBefore(
    roomId: string,
    before: string | undefined,
    limit: number,
  ): Promise<ChatMessage[]> {
    const [rows] = before
      ? await this.pool.query<RowDataPacket[]>(
          `SELECT ${columns} FROM messages WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
          [roomId, before, limit],
        )
      : await this.pool.query<RowDataPacket[]>(
          `SELECT ${columns} FROM messages WHERE room_id = ? ORDER BY id DESC LIMIT ?`,
          [roomId, limit],
        );
    return rows.map(toMessage);
  }

  /** Up to `limit` messages newer than `after`, oldest first: a reconnecting client's gap. */
  async oldestAfter(roomId: string, after: string, limit: number): Promise<ChatMessage[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT ${columns} FROM messages WHERE room_id = ? AND id > ? ORDER BY id ASC LIMIT ?`,
      [roomId, after, limit],
    );
    return rows.map(toMessage);
  }

  /** The id of the room's newest message, '0' for an empty room. */
  async latestId(roomId: string): Promise<string> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT MAX(id) AS id FROM messages WHERE room_id = ?',
      [roomId],
    );
    return rows[0]?.id == null ? '0' : String(rows[0].id);
  }
}

function toMessage(row: RowDataPacket): ChatMessage {
  return {
    id: String(row.id),
    roomId: String(row.room_id),
    userId: String(row.user_id),
    username: String(row.username),
    text: String(row.text),
    createdAt: (row.created_at as Date).toISOString(),
  };
}
