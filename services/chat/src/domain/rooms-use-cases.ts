import type { CreateRoomRequest, ListRoomsResponse, Room } from '@podlab/contracts';
import type { AuthUser } from '@podlab/kit/auth';
import type { RoomsRepository } from '../data-access/rooms-repository.js';
import { findRoom } from './room-access.js';

/** Rooms: anyone signed in sees every room and may join any; the creator joins their own. */
export class RoomsUseCases {
  constructor(private readonly rooms: RoomsRepository) {}

  async list(user: AuthUser): Promise<ListRoomsResponse> {
    return { rooms: await this.rooms.listFor(user.id) };
  }

  async create(user: AuthUser, request: CreateRoomRequest): Promise<Room> {
    const id = await this.rooms.create(request.name, user.id, new Date());
    return findRoom(this.rooms, id, user);
  }

  /** Joining twice is fine: the answer is the same room, joined. */
  async join(user: AuthUser, roomId: string): Promise<Room> {
    const room = await findRoom(this.rooms, roomId, user);
    if (room.joined) return room;
    await this.rooms.addMember(room.id, user.id, new Date());
    return { ...room, joined: true };
  }
}
