import type { AuthUser } from '@podlab/kit/auth';
import type { MessagesRepository } from '../data-access/messages-repository.js';
import type { RoomsRepository } from '../data-access/rooms-repository.js';
import type { LiveRooms } from './live-rooms.js';
import { RoomFollower, type FollowerSink } from './room-follower.js';
import { requireMember } from './room-access.js';
import type { StreamQuota, StreamSlot } from './stream-quota.js';

export interface FollowStart {
  roomId: string;
  /** The newest message id the client has: its Last-Event-ID, or the room's newest when it has none. */
  cursor: string;
  /** The user's stream slot this stream holds while open. */
  slot: StreamSlot;
}

/**
 * A member follows a room live: `check` before the stream opens (a refusal is a JSON 403/404,
 * or 429 when the user already holds their cap of open streams, not a broken stream); `open` registers the follower for live messages; `catchUp` then sends
 * what the database has after the cursor. Registering first means nothing posted in between
 * falls through: it is either in the catch-up or held and sent after it, once.
 */
export class FollowRoomUseCase {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly live: LiveRooms,
    private readonly quota: StreamQuota,
  ) {}

  async check(
    user: AuthUser,
    roomId: string,
    lastEventId: string | undefined,
  ): Promise<FollowStart> {
    await requireMember(this.rooms, roomId, user);
    const cursor = lastEventId ?? (await this.messages.latestId(roomId));
    return { roomId, cursor, slot: await this.quota.acquire(user) };
  }

  /** The client left before its stream opened. */
  abandon(start: FollowStart): void {
    this.quota.release(start.slot);
  }

  open(start: FollowStart, sink: FollowerSink): RoomFollower {
    const follower = new RoomFollower(start.roomId, start.cursor, sink);
    this.live.add(follower);
    return follower;
  }

  catchUp(follower: RoomFollower): Promise<void> {
    return follower.catchUp((room, after, limit) => this.messages.oldestAfter(room, after, limit));
  }

  close(follower: RoomFollower, start: FollowStart): void {
    this.live.remove(follower);
    this.quota.release(start.slot);
  }
}
