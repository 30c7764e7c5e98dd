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
