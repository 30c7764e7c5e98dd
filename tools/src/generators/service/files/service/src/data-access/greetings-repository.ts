import type { StarterGreeting } from '@podlab/contracts';
import type { Pool, RowDataPacket } from '@podlab/kit/db';

/** Rows of `greetings`. Plain parameterized SQL that MySQL 8.4 and MariaDB both run. */
export class GreetingsRepository {
  constructor(private readonly pool: Pool) {}

  /** One statement for the batch; an id already there is left as it is, so a retry is harmless. */
  async record(greetings: StarterGreeting[]): Promise<void> {
    if (greetings.length === 0) return;
    await this.pool.query(
      `INSERT INTO greetings (id, text, served_by, created_at) VALUES ${greetings
        .map(() => '(?, ?, ?, ?)')
        .join(', ')}
       ON DUPLICATE KEY UPDATE id = id`,
      greetings.flatMap((g) => [g.id, g.text, g.servedBy, new Date(g.createdAt)]),
    );
  }

  async latest(limit: number): Promise<StarterGreeting[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT id, text, served_by, created_at FROM greetings ORDER BY created_at DESC, id LIMIT ?',
      [limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      text: String(row.text),
      servedBy: String(row.served_by),
      createdAt: (row.created_at as Date).toISOString(),
    }));
  }
}
