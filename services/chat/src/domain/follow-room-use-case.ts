import type { AuthUser } from '@podlab/kit/auth';
import type { MessagesRepository } from '../data-access/messages-repository.js';
import type { RoomsRepository } from '../data-access/rooms-repository.js';
import type { LiveRooms } from './live-rooms.js';
import { RoomFollower, type FollowerSink } from './room-follower.js';
import { requireMember } from './room-access.js';

export interface FollowStart {
  roomId: string;
  /** The newest message id the client has: its Last-Event-ID, or the room's newest when it has none. */
  cursor: string;
}

/**
 * A member follows a room live: `check` before the stream opens (a refusal is a JSON 403/404,
 * not a broken stream); `open` registers the follower for live messages; `catchUp` then sends
 * what the database has after the cursor. Registering first means nothing posted in between
 * falls through: it is either in the catch-up or held and sent after it, once.
 */
export class FollowRoomUseCase {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly live: LiveRooms,
  ) {}

  async check(
    user: AuthUser,
    roomId: string,
    lastEventId: string | undefined,
  ): Promise<FollowStart> {
    await requireMember(this.rooms, roomId, user);
    return { roomId, cursor: lastEventId ?? (await this.messages.latestId(roomId)) };
  }

  open(start: FollowStart, sink: FollowerSink): RoomFollower {
    const follower = new RoomFollower(start.roomId, start.cursor, sink);
    this.live.add(follower);
    return follower;
  }

  catchUp(follower: RoomFollower): Promise<void> {
    return follower.catchUp((room, after, limit) => this.messages.oldestAfter(room, after, limit));
  }

  close(follower: RoomFollower): void {
    this.live.remove(follower);
  }
}
