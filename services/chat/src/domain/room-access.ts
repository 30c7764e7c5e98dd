import type { Room } from '@podlab/contracts';
import type { AuthUser } from '@podlab/kit/auth';
import type { RoomsRepository } from '../data-access/rooms-repository.js';
import { isRoomId, notAMember, roomNotFound } from './chat-errors.js';

/** The room as the user sees it, or 404 ROOM_NOT_FOUND. */
export async function findRoom(
  rooms: RoomsRepository,
  roomId: string,
  user: AuthUser,
): Promise<Room> {
  const room = isRoomId(roomId) ? await rooms.findFor(roomId, user.id) : undefined;
  if (!room) throw roomNotFound(roomId);
  return room;
}

/** The room, if the user is a member: 404 ROOM_NOT_FOUND, or 403 NOT_A_MEMBER. */
export async function requireMember(
  rooms: RoomsRepository,
  roomId: string,
  user: AuthUser,
): Promise<Room> {
  const room = await findRoom(rooms, roomId, user);
  if (!room.joined) throw notAMember(roomId);
  return room;
}
