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
  {
    id: '002-create-rate-limits',
    statements: [
      // Rooms created and messages posted per user (key prefixes `rooms`, `messages`), in
      // rate-limiter-flexible's MySQL store layout (it inserts positionally: these three columns).
      // The key is binary utf8mb4: any user id counts apart, exactly as the token names it.
      `CREATE TABLE IF NOT EXISTS rate_limits (
        \`key\` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        points INT NOT NULL DEFAULT 0,
        expire BIGINT UNSIGNED NULL,
        PRIMARY KEY (\`key\`)
      )`,
    ],
  },
  {
    id: '003-create-stream-slots',
    statements: [
      // Per user, slots 0 … STREAMS_MAX_PER_USER-1; an open stream holds one until `expires_at`
      // (epoch ms), a lease its replica renews while the stream lives. 0: free. A replica that
      // dies without closing its streams leaves leases that simply run out.
      `CREATE TABLE IF NOT EXISTS stream_slots (
        user_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        slot SMALLINT UNSIGNED NOT NULL,
        holder CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL,
        expires_at BIGINT UNSIGNED NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, slot),
        KEY stream_slots_holder (holder)
      ) DEFAULT CHARSET = utf8mb4`,
    ],
  },
];
