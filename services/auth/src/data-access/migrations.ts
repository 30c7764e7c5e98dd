import type { Migration } from '@podlab/kit/db';

/**
 * auth's schema, in order. Never edit a shipped migration: add the next one. Plain SQL that
 * MySQL 8.4 and MariaDB 10.11 both run.
 */
export const migrations: Migration[] = [
  {
    id: '001-create-users',
    statements: [
      `CREATE TABLE IF NOT EXISTS users (
        id CHAR(36) NOT NULL,
        username VARCHAR(64) NOT NULL,
        username_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        password_hash VARCHAR(255) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY users_username_key (username_key)
      ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    ],
  },
  {
    id: '002-create-refresh-tokens',
    statements: [
      // Only the SHA-256 of a token is stored: a leaked table signs nobody in.
      `CREATE TABLE IF NOT EXISTS refresh_tokens (
        token_hash BINARY(32) NOT NULL,
        family_id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        rotated_at DATETIME(3) NULL,
        revoked_at DATETIME(3) NULL,
        PRIMARY KEY (token_hash),
        KEY refresh_tokens_family (family_id),
        KEY refresh_tokens_user_expiry (user_id, expires_at),
        CONSTRAINT refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    ],
  },
  {
    id: '003-create-login-failures',
    statements: [
      // rate-limiter-flexible's MySQL store layout (key, points, expire in ms), created here so
      // the schema has one owner; the limiter is told the table exists.
      `CREATE TABLE IF NOT EXISTS login_failures (
        \`key\` VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        points INT NOT NULL DEFAULT 0,
        expire BIGINT UNSIGNED NULL,
        PRIMARY KEY (\`key\`)
      )`,
    ],
  },
  {
    id: '004-refresh-tokens-replaced-by',
    statements: [
      // Links a rotated token to its successor, so a second use moments later can be told apart
      // from theft: only while that successor is still the family's live token. Nullable, and
      // inserts name their columns, so replicas of the previous version keep working beside it.
      'ALTER TABLE refresh_tokens ADD COLUMN replaced_by BINARY(32) NULL AFTER rotated_at',
    ],
  },
  {
    id: '005-create-registration-attempts',
    statements: [
      // The same rate-limiter-flexible layout as login_failures, for sign-ups per client.
      `CREATE TABLE IF NOT EXISTS registration_attempts (
        \`key\` VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        points INT NOT NULL DEFAULT 0,
        expire BIGINT UNSIGNED NULL,
        PRIMARY KEY (\`key\`)
      )`,
    ],
  },
  {
    id: '006-rate-limit-keys-utf8mb4',
    statements: [
      // Keys may carry what a user typed (a name in any script): utf8mb4 with a binary collation,
      // so counts are per exact key and never folded. 255 characters fit the index limit of
      // InnoDB (3072 bytes) on MySQL 8.4 and MariaDB 10.11; existing ASCII keys convert as they are.
      `ALTER TABLE login_failures
        MODIFY \`key\` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`,
      `ALTER TABLE registration_attempts
        MODIFY \`key\` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`,
    ],
  },
];
