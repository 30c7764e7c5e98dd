import { randomBytes } from 'node:crypto';
import { SERVICE_GRANTS_SQL } from '@podlab/catalog';
import { createConnection } from 'mysql2/promise';
import { uniqueName } from './unique-name.js';

export interface TestDatabase {
  readonly name: string;
  /** mysql://user:pass@host:port/name, for a user that owns only this database. */
  readonly url: string;
  /** Drops the database and its user; safe to call twice. */
  drop(): Promise<void>;
}

/** MySQL 8 caps user names at 32 characters (MariaDB at 80); the database name may be longer. */
const MAX_USER_LENGTH = 32;

async function withAdmin<T>(
  adminUrl: string,
  work: (admin: Awaited<ReturnType<typeof createConnection>>) => Promise<T>,
): Promise<T> {
  const admin = await createConnection({ uri: adminUrl });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Creates a fresh database and a user with rights on it alone, the way each service gets its
 * own schema and user in production, so a test also catches a query that reaches into
 * another service's tables. The user has exactly the cluster's privileges (the catalog's
 * SERVICE_GRANTS), so a migration that needs one more fails here first.
 */
export async function createTestDatabase(adminUrl: string, prefix: string): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  const user = name.length <= MAX_USER_LENGTH ? name : uniqueName('u');
  const password = randomBytes(16).toString('hex');
  // `name` is [a-z0-9_] by construction, so quoting it with backticks is safe.
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await admin.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [user, password]);
    await admin.query(`GRANT ${SERVICE_GRANTS_SQL} ON \`${name}\`.* TO ?@'%'`, [user]);
  });
  const url = new URL(adminUrl);
  url.username = user;
  url.password = password;
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdmin(adminUrl, async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await admin.query(`DROP USER IF EXISTS ?@'%'`, [user]);
      }),
  };
}
