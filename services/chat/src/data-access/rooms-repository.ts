import type { Room } from '@podlab/contracts';
import type { Pool, ResultSetHeader, RowDataPacket } from '@podlab/kit/db';

const roomColumns = `r.id, r.name, r.created_at, (m.user_id IS NOT NULL) AS joined`;
const memberJoin = `LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = ?`;

/** Rows of `rooms` and `room_members`. Ids are BIGINT AUTO_INCREMENT, handed out as strings. */
export class RoomsRepository {
  constructor(private readonly pool: Pool) {}

  /** Creates the room and makes its creator a member, in one transaction. */
  async create(name: string, userId: string, now: Date): Promise<string> {
    const connection = await this.pool.getConnection();
    try {
      await connection.beginTransaction();
      const [result] = await connection.query<ResultSetHeader>(
        'INSERT INTO rooms (name, created_by, created_at) VALUES (?, ?, ?)',
        [name, userId, now],
      );
      const roomId = String(result.insertId);
      await connection.query(
        'INSERT INTO room_members (room_id, user_id, joined_at) VALUES (?, ?, ?)',
        [roomId, userId, now],
      );
      await connection.commit();
      return roomId;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  /** The room as `userId` sees it, or undefined when there is no such room. */
  async findFor(roomId: string, userId: string): Promise<Room | undefined> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT ${roomColumns} FROM rooms r ${memberJoin} WHERE r.id = ?`,
      [userId, roomId],
    );
    return rows[0] ? toRoom(rows[0]) : undefined;
  }

  /**
   * Up to `limit` rooms older than `before` (or the newest), newest first, each with whether
   * `userId` has joined it. A keyset page on the primary key: rooms created meanwhile never
   * shift a later page.
   */
  async newestBefore(userId: string, before: string | undefined, limit: number): Promise<Room[]> {
    const [rows] = before
      ? await this.pool.query<RowDataPacket[]>(
          `SELECT ${roomColumns} FROM rooms r ${memberJoin} WHERE r.id < ? ORDER BY r.id DESC LIMIT ?`,
          [userId, before, limit],
        )
      : await this.pool.query<RowDataPacket[]>(
          `SELECT ${roomColumns} FROM rooms r ${memberJoin} ORDER BY r.id DESC LIMIT ?`,
          [userId, limit],
        );
    return rows.map(toRoom);
  }

  /** Adds the member; joining a room twice changes nothing. */
  async addMember(roomId: string, userId: string, now: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO room_members (room_id, user_id, joined_at) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE room_id = room_id`,
      [roomId, userId, now],
    );
  }
}

function toRoom(row: RowDataPacket): Room {
  return {
    id: String(row.id),
    name: String(row.name),
    createdAt: (row.created_at as Date).toISOString(),
    joined: Number(row.joined) === 1,
  };
}
