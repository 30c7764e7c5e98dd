import { z } from 'zod';

/**
 * Chat API (`/api/chat/...`), every route with `Authorization: Bearer <accessToken>`.
 * Only members of a room read or post its messages (403 `NOT_A_MEMBER` otherwise).
 *
 * - `GET /rooms?before=<cursor>&limit=<n>` ({@link listRoomsQuerySchema}) → 200
 *   {@link listRoomsResponseSchema}: the newest `limit` rooms older than `before`, newest first;
 *   `nextCursor` is the `before` for the next page, or null after the oldest room. The cursor is
 *   a position (keyset), not an offset: rooms created meanwhile never shift or repeat a page.
 * - `POST /rooms` {@link createRoomRequestSchema} → 201 {@link roomSchema} (the creator joins it)
 * - `POST /rooms/:id/join` → 200 {@link roomSchema}; joining twice is fine
 * - `GET /rooms/:id/messages?before=<cursor>&limit=<n>` ({@link listMessagesQuerySchema})
 *   → 200 {@link listMessagesResponseSchema}: the newest `limit` messages older than `before`,
 *   oldest first; `nextCursor` is the `before` for the page older than this one, or null.
 * - `POST /rooms/:id/messages` {@link postMessageRequestSchema} → 201 {@link chatMessageSchema}
 * - `GET /rooms/:id/events`: server-sent events. EventSource cannot send headers, so this one
 *   endpoint also accepts the access token as the `?access_token=` query parameter
 *   ({@link CHAT_EVENTS_TOKEN_PARAM}). Each new message is an event named
 *   {@link CHAT_MESSAGE_EVENT} whose `id:` is the message id and whose `data:` is the
 *   {@link chatMessageSchema} JSON. A client reconnecting with `Last-Event-ID` first gets the
 *   messages it missed; a new EventSource cannot send that header, so the id may also come as
 *   `?lastEventId=` ({@link CHAT_EVENTS_LAST_EVENT_ID_PARAM}; the header wins when both are
 *   there). The stream lives no longer than its access token: at the token's `exp` it sends one
 *   {@link CHAT_TOKEN_EXPIRED_EVENT} event ({@link tokenExpiredEventSchema}, no `id:`) and
 *   ends; the client reconnects with a fresh token and its last event id. Comment lines
 *   (`: ping`) keep idle connections open.
 *
 * Quotas per user, counted in chat's database so every replica shares them (the numbers are
 * chat's configuration; see services/chat/README.md): rooms created and messages posted per
 * time window answer 429 {@link CHAT_RATE_LIMITED} once used up, and one stream more than the
 * user's open-stream cap answers 429 {@link CHAT_TOO_MANY_STREAMS} (as JSON, before any event).
 * Both carry `Retry-After` (seconds) and an error message naming the limit.
 */

export const ROOM_NAME_MAX = 80;
export const MESSAGE_TEXT_MAX = 2000;
export const MESSAGES_PAGE_DEFAULT = 50;
export const MESSAGES_PAGE_MAX = 100;

export const ROOMS_PAGE_DEFAULT = 50;
export const ROOMS_PAGE_MAX = 100;

/** Error codes of chat's quotas, both 429 with Retry-After. */
export const CHAT_RATE_LIMITED = 'RATE_LIMITED';
export const CHAT_TOO_MANY_STREAMS = 'TOO_MANY_STREAMS';

export const CHAT_EVENTS_TOKEN_PARAM = 'access_token';
export const CHAT_EVENTS_LAST_EVENT_ID_PARAM = 'lastEventId';
export const CHAT_MESSAGE_EVENT = 'message';
export const CHAT_TOKEN_EXPIRED_EVENT = 'token-expired';

export const roomSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Whether the caller is a member. */
  joined: z.boolean(),
});
export type Room = z.infer<typeof roomSchema>;

/** A room list cursor: the id of the last room of the previous page (ids are BIGINT). */
const roomCursorSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, 'must be a nextCursor from an earlier page');

export const listRoomsQuerySchema = z.object({
  before: roomCursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(ROOMS_PAGE_MAX).default(ROOMS_PAGE_DEFAULT),
});
export type ListRoomsQuery = z.infer<typeof listRoomsQuerySchema>;

export const listRoomsResponseSchema = z.object({
  /** Newest first. */
  rooms: z.array(roomSchema),
  nextCursor: z.string().nullable(),
});
export type ListRoomsResponse = z.infer<typeof listRoomsResponseSchema>;

export const createRoomRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(ROOM_NAME_MAX),
});
export type CreateRoomRequest = z.infer<typeof createRoomRequestSchema>;

export const chatMessageSchema = z.object({
  id: z.string().min(1),
  roomId: z.string().min(1),
  userId: z.string().min(1),
  username: z.string(),
  text: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const listMessagesQuerySchema = z.object({
  before: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(MESSAGES_PAGE_MAX).default(MESSAGES_PAGE_DEFAULT),
});
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export const listMessagesResponseSchema = z.object({
  messages: z.array(chatMessageSchema),
  nextCursor: z.string().nullable(),
});
export type ListMessagesResponse = z.infer<typeof listMessagesResponseSchema>;

export const postMessageRequestSchema = z.strictObject({
  text: z.string().trim().min(1).max(MESSAGE_TEXT_MAX),
});
export type PostMessageRequest = z.infer<typeof postMessageRequestSchema>;

/** The data of the stream's last event when its access token expired. */
export const tokenExpiredEventSchema = z.object({
  code: z.literal('TOKEN_EXPIRED'),
  message: z.string(),
  /** The token's `exp`. */
  expiredAt: z.iso.datetime({ offset: true }),
});
export type TokenExpiredEvent = z.infer<typeof tokenExpiredEventSchema>;
