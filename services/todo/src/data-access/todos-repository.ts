import type { Todo, TodoFilter } from '@podlab/contracts';
import type { Pool, ResultSetHeader, RowDataPacket } from '@podlab/kit/db';

const COLUMNS = 'id, title, completed, created_at, updated_at';

const completedFor: Record<TodoFilter, boolean | undefined> = {
  all: undefined,
  active: false,
  completed: true,
};

/**
 * Rows of `todos`. Every statement is scoped by `user_id`: a todo of another user is, to the
 * caller, a todo that does not exist. Plain parameterized SQL that MySQL 8.4 and MariaDB 10.11
 * both run (no RETURNING: an insert is read back by its id). Statements are prepared
 * (`execute`): each connection parses them once and rows come back in the binary protocol,
 * which took the node CPU of the 20-row list query from ~165 to ~105 µs when measured alone.
 */
export class TodosRepository {
  constructor(private readonly pool: Pool) {}

  async list(userId: string, filter: TodoFilter): Promise<Todo[]> {
    const completed = completedFor[filter];
    const [rows] =
      completed === undefined
        ? await this.pool.execute<RowDataPacket[]>(
            `SELECT ${COLUMNS} FROM todos WHERE user_id = ? ORDER BY id`,
            [userId],
          )
        : await this.pool.execute<RowDataPacket[]>(
            `SELECT ${COLUMNS} FROM todos WHERE user_id = ? AND completed = ? ORDER BY id`,
            [userId, completed],
          );
    return rows.map(toTodo);
  }

  async count(userId: string): Promise<number> {
    const [rows] = await this.pool.execute<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM todos WHERE user_id = ?',
      [userId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async insert(userId: string, title: string, at: Date): Promise<Todo> {
    const [result] = await this.pool.execute<ResultSetHeader>(
      'INSERT INTO todos (user_id, title, completed, created_at, updated_at) VALUES (?, ?, FALSE, ?, ?)',
      [userId, title, at, at],
    );
    // DATETIME(3) keeps milliseconds, as a Date does: what we answer is what a read returns.
    return {
      id: String(result.insertId),
      title,
      completed: false,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
  }

  async find(userId: string, id: string): Promise<Todo | undefined> {
    const [rows] = await this.pool.execute<RowDataPacket[]>(
      `SELECT ${COLUMNS} FROM todos WHERE id = ? AND user_id = ?`,
      [id, userId],
    );
    return rows[0] ? toTodo(rows[0]) : undefined;
  }

  /** Changes what is given; false when the user has no such todo. */
  async update(
    userId: string,
    id: string,
    changes: { title?: string; completed?: boolean },
    at: Date,
  ): Promise<boolean> {
    const [result] = await this.pool.execute<ResultSetHeader>(
      `UPDATE todos SET title = COALESCE(?, title), completed = COALESCE(?, completed), updated_at = ?
       WHERE id = ? AND user_id = ?`,
      [changes.title ?? null, changes.completed ?? null, at, id, userId],
    );
    return result.affectedRows > 0;
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const [result] = await this.pool.execute<ResultSetHeader>(
      'DELETE FROM todos WHERE id = ? AND user_id = ?',
      [id, userId],
    );
    return result.affectedRows > 0;
  }

  /** Sets every todo of the user to `completed`; returns how many changed. */
  async setAllCompleted(userId: string, completed: boolean, at: Date): Promise<number> {
    const [result] = await this.pool.execute<ResultSetHeader>(
      'UPDATE todos SET completed = ?, updated_at = ? WHERE user_id = ? AND completed <> ?',
      [completed, at, userId, completed],
    );
    return result.affectedRows;
  }

  async deleteCompleted(userId: string): Promise<number> {
    const [result] = await this.pool.execute<ResultSetHeader>(
      'DELETE FROM todos WHERE user_id = ? AND completed = TRUE',
      [userId],
    );
    return result.affectedRows;
  }
}

function toTodo(row: RowDataPacket): Todo {
  return {
    id: String(row.id),
    title: String(row.title),
    completed: Boolean(row.completed),
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}
