import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Logger } from 'pino';

export interface Migration {
  /** Sortable and never renamed once shipped, e.g. `001-create-processed-messages`. */
  id: string;
  /** One statement per entry: MySQL cannot roll back DDL, so each is recorded as it succeeds. */
  statements: string[];
}

/**
 * Applies pending migrations in id order. Safe when several replicas start at once: a named
 * lock (GET_LOCK, on MySQL and MariaDB alike) lets one replica migrate while the others wait,
 * then find nothing left to do.
 */
export async function runMigrations(
  pool: Pool,
  migrations: Migration[],
  logger: Logger,
  lockTimeoutSeconds = 60,
): Promise<string[]> {
  const connection = await pool.getConnection();
  const [[schemaRow]] = await connection.query<RowDataPacket[]>('SELECT DATABASE() AS db');
  const lockName = `podlab-migrations-${String(schemaRow?.db)}`;
  try {
    const [[lock]] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [
      lockName,
      lockTimeoutSeconds,
    ]);
    if (lock?.acquired !== 1)
      throw new Error(
        `Could not take the migration lock ${lockName} within ${lockTimeoutSeconds} s`,
      );
    try {
      await connection.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (id VARCHAR(191) NOT NULL PRIMARY KEY, applied_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))',
      );
      const [rows] = await connection.query<RowDataPacket[]>('SELECT id FROM schema_migrations');
      const applied = new Set(rows.map((row) => String(row.id)));
      const pending = [...migrations]
        .sort((a, b) => a.id.localeCompare(b.id))
        .filter((m) => !applied.has(m.id));
      for (const migration of pending) {
        for (const statement of migration.statements) await connection.query(statement);
        await connection.query('INSERT INTO schema_migrations (id) VALUES (?)', [migration.id]);
        logger.info({ migration: migration.id }, 'migration applied');
      }
      return pending.map((m) => m.id);
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  } finally {
    connection.release();
  }
}
