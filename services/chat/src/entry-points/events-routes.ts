import {
  CHAT_EVENTS_LAST_EVENT_ID_PARAM,
  CHAT_MESSAGE_EVENT,
  CHAT_TOKEN_EXPIRED_EVENT,
  type TokenExpiredEvent,
} from '@podlab/contracts';
import { AppError, describeError, openEventStream, type Lifecycle, type Logger } from '@podlab/kit';
import { requireAuth, tokenExpiryOf, userOf, type JwtVerifier } from '@podlab/kit/auth';
import { Router, type Request } from 'express';
import type { FollowRoomUseCase } from '../domain/follow-room-use-case.js';
import { endAtExpiry, refuseExpiredToken } from './token-expiry.js';

/**
 * `GET /api/chat/rooms/:id/events`: the room's new messages as server-sent events, `id:` the
 * message id. The one route that takes `?access_token=` (EventSource sends no headers). A
 * reconnecting browser sends Last-Event-ID and first gets what it missed, from the database.
 * The stream lives as long as its token: at `exp` it says so in a last event and ends, so a
 * signed-out user stops receiving once their last access token runs out.
 */
export function eventsRoutes(
  followRoom: FollowRoomUseCase,
  verifier: JwtVerifier,
  lifecycle: Lifecycle,
  logger: Logger,
): Router {
  const router = Router();

  router.get(
    '/rooms/:id/events',
    requireAuth(verifier, { allowQueryToken: true }),
    refuseExpiredToken,
    async (req, res) => {
      // The client may leave while the checks run; the stream's own close watch starts later.
      let gone = false;
      res.once('close', () => (gone = true));
      const start = await followRoom.check(
        userOf(res),
        req.params.id as string,
        lastEventIdOf(req),
      );
      if (gone) return followRoom.abandon(start);
      const stream = openEventStream(req, res, lifecycle);
      const follower = followRoom.open(start, {
        send: (message) => stream.send(message, { event: CHAT_MESSAGE_EVENT, id: message.id }),
        end: () => stream.end(),
      });
      stream.onClose(() => followRoom.close(follower, start));
      endAtExpiry(stream, tokenExpiryOf(res), (expiresAt) =>
        // No `id:`: the client's Last-Event-ID must stay the last message it got.
        stream.end({ data: tokenExpired(expiresAt), event: CHAT_TOKEN_EXPIRED_EVENT }),
      );
      try {
        await followRoom.catchUp(follower);
      } catch (error) {
        // The stream is open: no JSON error now. End it; the client reconnects and retries.
        logger.warn({ err: describeError(error) }, 'catch-up failed; ending the stream');
        stream.end();
      }
    },
  );
  return router;
}

function tokenExpired(expiresAt: number): TokenExpiredEvent {
  return {
    code: 'TOKEN_EXPIRED',
    message: 'The access token expired: reconnect with a fresh one and the last event id',
    expiredAt: new Date(expiresAt).toISOString(),
  };
}

const MESSAGE_ID = /^(0|[1-9][0-9]{0,18})$/;

/** The header a reconnecting EventSource sends wins over the query a new EventSource was opened with. */
function lastEventIdOf(req: Request): string | undefined {
  const header = req.headers['last-event-id'];
  if (header !== undefined && header !== '') return messageId(header, 'header', 'last-event-id');
  const query = req.query[CHAT_EVENTS_LAST_EVENT_ID_PARAM];
  if (query !== undefined && query !== '')
    return messageId(query, 'query', CHAT_EVENTS_LAST_EVENT_ID_PARAM);
  return undefined;
}

function messageId(value: unknown, where: 'header' | 'query', name: string): string {
  if (typeof value !== 'string' || !MESSAGE_ID.test(value.trim())) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid ${where}: ${name} must be the id of a message this stream sent`,
      {
        status: 400,
        details: [
          {
            path: `${where === 'header' ? 'headers' : 'query'}.${name}`,
            message: 'not a message id',
          },
        ],
      },
    );
  }
  return value.trim();
}
