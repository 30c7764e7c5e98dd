import { createHash } from 'node:crypto';
import type { Migration } from './migrations.js';

/**
 * SHA-256 of a migration's statements, as recorded in schema_migrations when it runs. Any edit
 * to a statement changes it, whitespace included: the server ran the text, not its meaning.
 */
export function checksumOf(migration: Migration): string {
  return createHash('sha256').update(JSON.stringify(migration.statements)).digest('hex');
}

/**
 * Why the service must not start: an applied migration never runs again, so its edit would be
 * silently missing from this database (a kept `.data/`, a colleague's, a cluster's) while every
 * test, which starts from an empty database, passes.
 */
export function editedMigrationsError(schema: string, edited: readonly Migration[]): Error {
  const [what, were] = edited.length === 1 ? ['Migration', 'was'] : ['Migrations', 'were'];
  return new Error(
    `${what} ${edited.map((m) => m.id).join(', ')} of schema ${schema} ${were} edited after being ` +
      'applied: the statements differ from the ones that ran, and an applied migration never runs ' +
      'again. Put it back as it was (services list theirs in src/data-access/migrations.ts) and ' +
      'add the change as a new migration. Only a migration that never ran outside this machine ' +
      'may be edited, and then its schema must be dropped first (npm start keeps it in .data/).',
  );
}
