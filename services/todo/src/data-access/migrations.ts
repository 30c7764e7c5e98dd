import type { Migration } from '@podlab/kit/db';

/** The todo schema, in order. Never edit a shipped migration: add the next one. */
export const migrations: Migration[] = [
  {
    id: '001-create-todos',
    statements: [
      // `user_id` is the token's `sub` (auth owns users; no foreign key across schemas).
      // The (user_id, id) key serves every query: one user's todos, oldest (lowest id) first.
      `CREATE TABLE IF NOT EXISTS todos (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id VARCHAR(255) NOT NULL,
        title VARCHAR(500) NOT NULL,
        completed BOOLEAN NOT NULL DEFAULT FALSE,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY todos_user_id (user_id, id)
      ) DEFAULT CHARSET = utf8mb4`,
    ],
  },
];
