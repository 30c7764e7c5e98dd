import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { Logger } from 'pino';
import { checksumOf, editedMigrationsError } from './migration-checksum.js';

export interface Migration {
  /** Sortable and never renamed once shipped, e.g. `001-create-processed-messages`. */
  id: string;
  /**
   * One statement per entry: MySQL cannot roll back DDL, so each is recorded as it succeeds.
   * Never edited once applied anywhere: the migrator refuses to start when they differ from
   * what ran (add the next migration instead).
   */
  statements: string[];
}

/**
 * Applies pending migrations in id order, after checking that none already applied was edited
 * since. Safe when several replicas start at once: a named lock (GET_LOCK, on MySQL and MariaDB
 * alike) lets one replica migrate while the others wait, then find nothing left to do.
 */
export async function runMigrations(
  pool: Pool,
  migrations: Migration[],
  logger: Logger,
  lockTimeoutSeconds = 60,
): Promise<string[]> {
  const connection = await pool.getConnection();
  const [[schemaRow]] = await connection.query<RowDataPacket[]>('SELECT DATABASE() AS db');
  const schema = String(schemaRow?.db);
  const lockName = `podlab-migrations-${schema}`;
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
      const applied = await appliedChecksums(connection);
      const sorted = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
      const edited = sorted.filter((m) => {
        const recorded = applied.get(m.id);
        return typeof recorded === 'string' && recorded !== checksumOf(m);
      });
      if (edited.length > 0) throw editedMigrationsError(schema, edited);
      for (const migration of sorted.filter((m) => applied.get(m.id) === null)) {
        // Applied before checksums were recorded: what it is now is taken as what ran.
        await connection.query(
          'UPDATE schema_migrations SET checksum = ? WHERE id = ? AND checksum IS NULL',
          [checksumOf(migration), migration.id],
        );
      }
      const pending = sorted.filter((m) => !applied.has(m.id));
      for (const migration of pending) {
        for (const statement of migration.statements) await connection.query(statement);
        await connection.query('INSERT INTO schema_migrations (id, checksum) VALUES (?, ?)', [
          migration.id,
          checksumOf(migration),
        ]);
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

/** Id → checksum of each applied migration (null when it ran before checksums were recorded). */
async function appliedChecksums(connection: PoolConnection): Promise<Map<string, string | null>> {
  await connection.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id VARCHAR(191) NOT NULL PRIMARY KEY, checksum CHAR(64) NULL, applied_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))',
  );
  // A table made before checksums were recorded lacks the column; MySQL (unlike MariaDB) has no
  // ADD COLUMN IF NOT EXISTS, so ask the catalog.
  const [[column]] = await connection.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'schema_migrations' AND COLUMN_NAME = 'checksum'",
  );
  if (Number(column?.n) === 0)
    await connection.query(
      'ALTER TABLE schema_migrations ADD COLUMN checksum CHAR(64) NULL AFTER id',
    );
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT id, checksum FROM schema_migrations',
  );
  return new Map(
    rows.map((row) => [String(row.id), row.checksum === null ? null : String(row.checksum)]),
  );
}
