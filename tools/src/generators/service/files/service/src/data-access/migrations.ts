import type { Migration } from '@podlab/kit/db';

/** The starter schema, in order. Never edit a shipped migration: add the next one. */
export const migrations: Migration[] = [
  {
    id: '001-create-greetings',
    statements: [
      // The id is the greeting's uuid: writing the same greeting twice (a redelivered message)
      // keeps one row.
      `CREATE TABLE IF NOT EXISTS greetings (
        id CHAR(36) NOT NULL,
        text VARCHAR(200) NOT NULL,
        served_by VARCHAR(253) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY greetings_created_at (created_at)
      ) DEFAULT CHARSET = utf8mb4`,
    ],
  },
];
