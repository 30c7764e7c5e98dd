import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_GRANTS_SQL, type CatalogService } from '@podlab/catalog';
import { createConnection } from 'mysql2/promise';

/**
 * One schema and one user per service, as the cluster's MySQL initialisation creates them, with
 * the same privileges (the catalog's SERVICE_GRANTS).
 * Idempotent; passwords are generated once and kept in .data/ so a restart keeps them.
 * Returns each service's MYSQL_URL.
 */
export async function provisionDatabases(
  adminUrl: string,
  services: readonly CatalogService[],
  dataDir: string,
): Promise<Map<string, string>> {
  const secretsFile = join(dataDir, 'database-passwords.json');
  const passwords: Record<string, string> = existsSync(secretsFile)
    ? JSON.parse(readFileSync(secretsFile, 'utf8'))
    : {};
  const urls = new Map<string, string>();
  const admin = await createConnection({ uri: adminUrl });
  try {
    for (const service of services) {
      if (!service.database) continue;
      const { schema, user } = service.database;
      const password = (passwords[user] ??= randomBytes(18).toString('base64url'));
      // Identifiers come from our own service list, never from input.
      await admin.query(
        `CREATE DATABASE IF NOT EXISTS \`${schema}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
      await admin.query(`CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?`, [user, password]);
      await admin.query(`ALTER USER ?@'%' IDENTIFIED BY ?`, [user, password]);
      // Revoked first so a .data/ kept from before ends with exactly these privileges too.
      await admin.query(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ?@'%'`, [user]);
      await admin.query(`GRANT ${SERVICE_GRANTS_SQL} ON \`${schema}\`.* TO ?@'%'`, [user]);
      const url = new URL(adminUrl);
      url.username = user;
      url.password = password;
      url.pathname = `/${schema}`;
      urls.set(service.name, url.toString());
    }
  } finally {
    await admin.end();
  }
  writeFileSync(secretsFile, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  return urls;
}
