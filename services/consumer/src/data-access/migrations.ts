import type { Migration } from '@podlab/kit/db';

/** The consumer's schema, in order. Never edit a shipped migration: add the next one. */
export const migrations: Migration[] = [
  {
    id: '001-create-processed-messages',
    statements: [
      `CREATE TABLE IF NOT EXISTS processed_messages (
        message_id CHAR(36) NOT NULL,
        correlation_id VARCHAR(128) NOT NULL,
        payload JSON NOT NULL,
        processed_by VARCHAR(253) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        processed_at DATETIME(3) NOT NULL,
        PRIMARY KEY (message_id),
        KEY processed_messages_processed_at (processed_at),
        KEY processed_messages_processed_by (processed_by)
      )`,
    ],
  },
];
