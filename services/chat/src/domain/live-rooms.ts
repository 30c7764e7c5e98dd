import type { ChatMessage } from '@podlab/contracts';
import type { LoadAfter, RoomFollower } from './room-follower.js';

/** This replica's open live streams, by room: where a message from any replica meets them. */
export class LiveRooms {
  private readonly byRoom = new Map<string, Set<RoomFollower>>();
  private count = 0;

  get followers(): number {
    return this.count;
  }

  add(follower: RoomFollower): void {
    const set = this.byRoom.get(follower.roomId) ?? new Set<RoomFollower>();
    this.byRoom.set(follower.roomId, set);
    if (!set.has(follower)) this.count += 1;
    set.add(follower);
  }

  remove(follower: RoomFollower): void {
    const set = this.byRoom.get(follower.roomId);
    if (!set?.delete(follower)) return;
    this.count -= 1;
    if (set.size === 0) this.byRoom.delete(follower.roomId);
  }

  /** `viaFanout` false: posted on this replica and handed over directly, broker or not. */
  dispatch(message: ChatMessage, viaFanout = true): void {
    for (const follower of this.byRoom.get(message.roomId) ?? [])
      follower.offer(message, viaFanout);
  }

  /** The fan-out is lost: every stream remembers where it stopped, for the catch-up after. */
  markGapAll(): void {
    for (const set of this.byRoom.values()) for (const follower of set) follower.markGap();
  }

  /**
   * After the broker was away, every stream fetches what was posted meanwhile (possibly on
   * other replicas, whose broadcasts never reached this one's new queue).
   */
  async catchUpAll(load: LoadAfter): Promise<void> {
    const all = [...this.byRoom.values()].flatMap((set) => [...set]);
    await Promise.all(
      // The database is away too: end the stream; the client's reconnect retries the catch-up.
      all.map((follower) => follower.catchUp(load).catch(() => follower.end())),
    );
  }
}
