import { z } from 'zod';
import {
  CHAT_EVENTS_LAST_EVENT_ID_PARAM,
  CHAT_EVENTS_TOKEN_PARAM,
  chatMessageSchema,
  createRoomRequestSchema,
  listMessagesQuerySchema,
  listMessagesResponseSchema,
  listRoomsQuerySchema,
  listRoomsResponseSchema,
  postMessageRequestSchema,
  roomSchema,
} from '../chat-api-schema.js';
import type { ServiceApi } from './api-operation.js';

const roomIdParams = z.object({ id: z.string().describe('A room id, as `id` in a room') });

const eventsQuery = z.object({
  [CHAT_EVENTS_TOKEN_PARAM]: z
    .string()
    .optional()
    .describe('The access token, for EventSource, which cannot send Authorization'),
  [CHAT_EVENTS_LAST_EVENT_ID_PARAM]: z
    .string()
    .optional()
    .describe('Resume after this message id (the Last-Event-ID header wins when both are sent)'),
});

const notAMember = 'NOT_A_MEMBER: join the room first';
const noRoom = 'ROOM_NOT_FOUND';
const rateLimited = (what: string) =>
  `RATE_LIMITED: this user's ${what} per time window are used up, on every replica together; see Retry-After`;

export const chatApi: ServiceApi = {
  service: 'chat',
  description: 'Rooms and their messages, live over server-sent events. Members only read or post.',
  operations: [
    {
      operationId: 'listRooms',
      method: 'get',
      path: '/rooms',
      summary:
        'The newest `limit` rooms older than `before`, newest first, with whether the caller joined each',
      security: 'bearer',
      query: listRoomsQuerySchema,
      responses: { 200: { description: 'A page of rooms', json: listRoomsResponseSchema } },
    },
    {
      operationId: 'createRoom',
      method: 'post',
      path: '/rooms',
      summary: 'Create a room; the creator joins it',
      security: 'bearer',
      body: createRoomRequestSchema,
      responses: { 201: { description: 'The new room', json: roomSchema } },
      errors: { 429: rateLimited('rooms created') },
    },
    {
      operationId: 'joinRoom',
      method: 'post',
      path: '/rooms/{id}/join',
      summary: 'Join a room (joining twice is fine)',
      security: 'bearer',
      params: roomIdParams,
      responses: { 200: { description: 'The room', json: roomSchema } },
      errors: { 404: noRoom },
    },
    {
      operationId: 'listMessages',
      method: 'get',
      path: '/rooms/{id}/messages',
      summary: 'The newest `limit` messages older than `before`, oldest first',
      security: 'bearer',
      params: roomIdParams,
      query: listMessagesQuerySchema,
      responses: { 200: { description: 'A page', json: listMessagesResponseSchema } },
      errors: { 403: notAMember, 404: noRoom },
    },
    {
      operationId: 'postMessage',
      method: 'post',
      path: '/rooms/{id}/messages',
      summary: 'Post a message; every member’s live stream gets it',
      security: 'bearer',
      params: roomIdParams,
      body: postMessageRequestSchema,
      responses: { 201: { description: 'The stored message', json: chatMessageSchema } },
      errors: { 403: notAMember, 404: noRoom, 429: rateLimited('messages posted') },
    },
    {
      operationId: 'followRoom',
      method: 'get',
      path: '/rooms/{id}/events',
      summary: 'New messages as server-sent events named `message`, `id:` the message id',
      security: 'bearerOrQueryToken',
      params: roomIdParams,
      query: eventsQuery,
      responses: { 200: { description: 'An event stream', eventStream: chatMessageSchema } },
      errors: {
        403: notAMember,
        404: noRoom,
        429: 'TOO_MANY_STREAMS: the user holds their cap of open streams, on every replica together; close one, or see Retry-After',
      },
    },
  ],
};
