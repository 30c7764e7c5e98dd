import { CHAT_MESSAGE_EVENT } from '@podlab/contracts';
import { AppError, describeError, openEventStream, type Lifecycle, type Logger } from '@podlab/kit';
import { requireAuth, userOf, type JwtVerifier } from '@podlab/kit/auth';
import { Router, type Request } from 'express';
import type { FollowRoomUseCase } from '../domain/follow-room-use-case.js';

/**
 * `GET /api/chat/rooms/:id/events`: the room's new messages as server-sent events, `id:` the
 * message id. The one route that takes `?access_token=` (EventSource sends no headers). A
 * reconnecting browser sends Last-Event-ID and first gets what it missed, from the database.
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
    async (req, res) => {
      const start = await followRoom.check(
        userOf(res),
        req.params.id as string,
        lastEventIdOf(req),
      );
      const stream = openEventStream(req, res, lifecycle);
      const follower = followRoom.open(start, {
        send: (message) => stream.send(message, { event: CHAT_MESSAGE_EVENT, id: message.id }),
        end: () => res.end(),
      });
      stream.onClose(() => followRoom.close(follower));
      try {
        await followRoom.catchUp(follower);
      } catch (error) {
        // The stream is open: no JSON error now. End it; the client reconnects and retries.
        logger.warn({ err: describeError(error) }, 'catch-up failed; ending the stream');
        res.end();
      }
    },
  );
  return router;
}

const MESSAGE_ID = /^(0|[1-9][0-9]{0,18})$/;

function lastEventIdOf(req: Request): string | undefined {
  const value = req.headers['last-event-id'];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !MESSAGE_ID.test(value.trim())) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Invalid header: last-event-id must be the id of a message this stream sent',
      { status: 400, details: [{ path: 'headers.last-event-id', message: 'not a message id' }] },
    );
  }
  return value.trim();
}
