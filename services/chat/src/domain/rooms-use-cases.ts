import type { CreateRoomRequest, ListRoomsQuery, ListRoomsResponse, Room } from '@podlab/contracts';
import type { AuthUser } from '@podlab/kit/auth';
import type { RoomsRepository } from '../data-access/rooms-repository.js';
import type { UserRateLimits } from '../data-access/user-rate-limits.js';
import { rateLimited } from './chat-errors.js';
import { findRoom } from './room-access.js';

/** Rooms: anyone signed in sees every room and may join any; the creator joins their own. */
export class RoomsUseCases {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly limits: UserRateLimits,
  ) {}

  /** A page of rooms, newest first; `nextCursor` continues after its last room. */
  async list(user: AuthUser, query: ListRoomsQuery): Promise<ListRoomsResponse> {
    // One more than asked tells whether another page exists.
    const rooms = await this.rooms.newestBefore(user.id, query.before, query.limit + 1);
    const page = rooms.slice(0, query.limit);
    const hasMore = rooms.length > query.limit;
    return { rooms: page, nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null };
  }

  async create(user: AuthUser, request: CreateRoomRequest): Promise<Room> {
    const admission = await this.limits.admitRoom(user.id);
    if (!admission.allowed)
      throw rateLimited('rooms created', this.limits.limits.rooms, admission.retryAfterSeconds);
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
