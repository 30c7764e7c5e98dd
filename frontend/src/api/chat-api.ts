import {
  CHAT_EVENTS_LAST_EVENT_ID_PARAM,
  CHAT_EVENTS_TOKEN_PARAM,
  chatMessageSchema,
  listMessagesResponseSchema,
  listRoomsResponseSchema,
  roomSchema,
} from '@podlab/contracts';
import { buildUrl, request } from './http-client.js';

const room = (id: string) => `/api/chat/rooms/${encodeURIComponent(id)}`;

export const chatApi = {
  /** A page of rooms, newest first; `before` is the previous page's `nextCursor`. */
  rooms: (before?: string, limit?: number) =>
    request('/api/chat/rooms', { query: { before, limit }, schema: listRoomsResponseSchema }),
  createRoom: (name: string) =>
    request('/api/chat/rooms', { method: 'POST', body: { name }, schema: roomSchema }),
  join: (id: string) => request(`${room(id)}/join`, { method: 'POST', schema: roomSchema }),
  messages: (id: string, before?: string, limit?: number) =>
    request(`${room(id)}/messages`, {
      query: { before, limit },
      schema: listMessagesResponseSchema,
    }),
  post: (id: string, text: string) =>
    request(`${room(id)}/messages`, { method: 'POST', body: { text }, schema: chatMessageSchema }),
  /** EventSource cannot send headers: this one endpoint takes the token, and where to resume, in the query. */
  eventsUrl: (id: string, token: string, lastEventId?: string) =>
    buildUrl(`${room(id)}/events`, {
      [CHAT_EVENTS_TOKEN_PARAM]: token,
      [CHAT_EVENTS_LAST_EVENT_ID_PARAM]: lastEventId,
    }),
};
