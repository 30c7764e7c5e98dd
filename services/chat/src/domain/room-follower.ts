import type { ChatMessage } from '@podlab/contracts';

/** Ids remembered per stream to drop duplicates (the same message from the database and the broker). */
const RECENT_IDS = 1_000;
/** Catch-up reads the database a page at a time... */
export const CATCH_UP_PAGE = 100;
/** ...up to this many messages; a client further behind reloads the room's latest page instead. */
const CATCH_UP_MAX = 1_000;

export type LoadAfter = (roomId: string, afterId: string, limit: number) => Promise<ChatMessage[]>;

/** Where a follower's messages go: the SSE stream of one client. */
export interface FollowerSink {
  send(message: ChatMessage): void;
  /** Ends the stream; the client reconnects with Last-Event-ID and catches up then. */
  end(): void;
}

/**
 * One live stream of one room. Messages come from two sides: the fan-out (live, any replica,
 * in broker order) and the database (catch-up after a reconnect). The follower sends each
 * message once, and while it catches up it holds live messages back so the stream stays in
 * order: missed messages first, then what arrived meanwhile.
 */
export class RoomFollower {
  private readonly recent = new Set<string>();
  /**
   * The newest id that came through the fan-out or the database. A replica's own posts reach its
   * streams directly, even while the broker is away: counting those would let a catch-up skip an
   * older message another replica could not broadcast meanwhile.
   */
  private cursor: bigint;
  /** Where the fan-out stopped bringing messages: the next catch-up starts there. */
  private gapFrom: bigint | undefined;
  private held: { message: ChatMessage; viaFanout: boolean }[] | undefined;
  private again = false;
  /**
   * What the client had when the stream opened. A replica's fan-out can lag behind the database:
   * a broadcast of an older message may arrive after the stream opened, and must not be sent again.
   */
  private readonly clientHas: bigint;

  constructor(
    readonly roomId: string,
    /** The newest message id the client already has (Last-Event-ID, or the room's newest at open). */
    cursor: string,
    private readonly sink: FollowerSink,
  ) {
    this.cursor = BigInt(cursor);
    this.clientHas = this.cursor;
  }

  /** Gives up on this stream (the client will reconnect). */
  end(): void {
    this.sink.end();
  }

  /**
   * The fan-out was lost: remember where it stopped. Messages the new subscription delivers
   * before the catch-up runs must not move the catch-up's start past what was missed.
   */
  markGap(): void {
    this.gapFrom ??= this.cursor;
  }

  /** A live message for this room: from the fan-out, or posted on this replica (`viaFanout` false). */
  offer(message: ChatMessage, viaFanout = true): void {
    if (this.held) this.held.push({ message, viaFanout });
    else this.emit(message, viaFanout);
  }

  /** Sends what the database has after the newest id the fan-out or the database brought. */
  async catchUp(load: LoadAfter): Promise<void> {
    if (this.held) {
      // A catch-up is running: run once more when it ends, from where it got to.
      this.again = true;
      return;
    }
    this.held = [];
    try {
      do {
        this.again = false;
        let after = this.gapFrom ?? this.cursor;
        this.gapFrom = undefined;
        let sent = 0;
        for (;;) {
          const page = await load(this.roomId, after.toString(), CATCH_UP_PAGE);
          for (const message of page) this.emit(message, true);
          sent += page.length;
          const last = page.at(-1);
          if (last) after = BigInt(last.id);
          if (page.length < CATCH_UP_PAGE || sent >= CATCH_UP_MAX) break;
        }
      } while (this.again);
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const { message, viaFanout } of held) this.emit(message, viaFanout);
    }
  }

  private emit(message: ChatMessage, viaFanout: boolean): void {
    const id = BigInt(message.id);
    // Before the duplicate check: the fan-out's copy of a message already sent locally still counts.
    if (viaFanout && id > this.cursor) this.cursor = id;
    if (id <= this.clientHas || this.recent.has(message.id)) return;
    this.recent.add(message.id);
    if (this.recent.size > RECENT_IDS) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    this.sink.send(message);
  }
}
