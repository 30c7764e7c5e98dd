import { CHAT_RATE_LIMITED, CHAT_TOO_MANY_STREAMS } from '@podlab/contracts';
import { AppError } from '@podlab/kit';

/** Room ids are the rooms table's BIGINT ids; anything else names no room. */
const ROOM_ID = /^[1-9][0-9]{0,18}$/;

export function isRoomId(value: string): boolean {
  return ROOM_ID.test(value);
}

export function roomNotFound(roomId: string): AppError {
  return new AppError('ROOM_NOT_FOUND', `No room ${JSON.stringify(roomId.slice(0, 40))}`, {
    status: 404,
  });
}

export function notAMember(roomId: string): AppError {
  return new AppError(
    'NOT_A_MEMBER',
    `Join room ${roomId} first: only its members read, post or follow its messages`,
    { status: 403 },
  );
}

/** A per-user quota is used up: `what` names it ("rooms created"), with its numbers. */
export function rateLimited(
  what: string,
  limit: { max: number; windowSeconds: number },
  retryAfterSeconds: number,
): AppError {
  return new AppError(
    CHAT_RATE_LIMITED,
    `Too many ${what}: at most ${limit.max} per user every ${limit.windowSeconds} s; retry in ${retryAfterSeconds} s`,
    { status: 429, retryAfterSeconds },
  );
}

export function tooManyStreams(max: number, retryAfterSeconds: number): AppError {
  return new AppError(
    CHAT_TOO_MANY_STREAMS,
    `Too many open streams: at most ${max} per user, on all chat replicas together; close one, or retry in ${retryAfterSeconds} s`,
    { status: 429, retryAfterSeconds },
  );
}
