import type { Migration } from '@podlab/kit/db';

/**
 * chat's schema, in order. Never edit a shipped migration: add the next one. Message ids come
 * from AUTO_INCREMENT, so they increase with every insert: the SSE `id:` and the
 * Last-Event-ID a client reconnects with are simply "the last message id I have".
 */
export const migrations: Migration[] = [
  {
    id: '001-create-rooms-members-messages',
    statements: [
      `CREATE TABLE IF NOT EXISTS rooms (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(80) NOT NULL,
        created_by VARCHAR(128) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY rooms_name (name)
      ) DEFAULT CHARSET = utf8mb4`,
      `CREATE TABLE IF NOT EXISTS room_members (
        room_id BIGINT UNSIGNED NOT NULL,
        user_id VARCHAR(128) NOT NULL,
        joined_at DATETIME(3) NOT NULL,
        PRIMARY KEY (room_id, user_id),
        KEY room_members_user (user_id),
        CONSTRAINT room_members_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE
      ) DEFAULT CHARSET = utf8mb4`,
      `CREATE TABLE IF NOT EXISTS messages (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        room_id BIGINT UNSIGNED NOT NULL,
        user_id VARCHAR(128) NOT NULL,
        username VARCHAR(128) NOT NULL,
        text VARCHAR(2000) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY messages_room_id (room_id, id),
        CONSTRAINT messages_room FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE
      ) DEFAULT CHARSET = utf8mb4`,
    ],
  },
];
