import type { ChatMessage } from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import { CATCH_UP_PAGE, RoomFollower, type LoadAfter } from './room-follower.js';

const message = (id: number): ChatMessage => ({
  id: String(id),
  roomId: '7',
  userId: 'u',
  username: 'u',
  text: `m${id}`,
  createdAt: new Date(0).toISOString(),
});

function follower(cursor = '0') {
  const sent: string[] = [];
  let ended = false;
  const f = new RoomFollower('7', cursor, {
    send: (m) => sent.push(m.id),
    end: () => {
      ended = true;
    },
  });
  return { f, sent, ended: () => ended };
}

/** A database of messages 1..n, answering "after id, up to limit". */
const database =
  (n: number): LoadAfter =>
  async (_room, after, limit) =>
    Array.from({ length: n }, (_, i) => message(i + 1))
      .filter((m) => Number(m.id) > Number(after))
      .slice(0, limit);

describe('RoomFollower', () => {
  it('when the same message comes from the database and the broker, then it is sent once', async () => {
    const { f, sent } = follower('0');
    await f.catchUp(database(2));
    f.offer(message(2));
    f.offer(message(3));
    f.offer(message(3));
    expect(sent).toEqual(['1', '2', '3']);
  });

  it('when a newer message was posted on this replica during a broker outage, then the catch-up still brings the older one from another replica', async () => {
    const { f, sent } = follower('3');
    // 4 was posted on another replica and never broadcast; 5 was posted here and handed over directly.
    f.offer(message(5), false);
    await f.catchUp(database(5));
    expect(sent).toEqual(['5', '4']);
  });

  it('when the new subscription delivers a newer message before the catch-up runs, then the catch-up still starts where the fan-out was lost', async () => {
    const { f, sent } = follower('3');
    f.markGap();
    // 4 was published while this replica was away; 5 arrives on the new queue first.
    f.offer(message(5));
    await f.catchUp(database(5));
    expect(sent).toEqual(['5', '4']);
  });

  // Regression (flaked under load): the fan-out of another replica lagged, and broadcasts of
  // messages older than the client's Last-Event-ID arrived after the stream opened.
  it('when the fan-out brings a message the client already had, then it is not sent again, during or after the catch-up', async () => {
    const { f, sent } = follower('3');
    let release: () => void = () => undefined;
    const slow: LoadAfter = async (...args) => {
      await new Promise<void>((resolve) => (release = resolve));
      return database(6)(...args);
    };
    const catchingUp = f.catchUp(slow);
    f.offer(message(2));
    release();
    await catchingUp;
    f.offer(message(3));
    f.offer(message(7));
    expect(sent).toEqual(['4', '5', '6', '7']);
  });

  it('when live messages arrive during a catch-up, then they are held and follow the missed ones', async () => {
    const { f, sent } = follower('1');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: LoadAfter = async (...args) => {
      await gate;
      return database(3)(...args);
    };
    const running = f.catchUp(slow);
    f.offer(message(4));
    f.offer(message(3));
    expect(sent).toEqual([]);
    release();
    await running;
    expect(sent).toEqual(['2', '3', '4']);
  });

  it('when more was missed than one page, then it reads page after page from the cursor', async () => {
    const { f, sent } = follower('0');
    await f.catchUp(database(CATCH_UP_PAGE * 2 + 5));
    expect(sent).toHaveLength(CATCH_UP_PAGE * 2 + 5);
    expect(sent.at(-1)).toBe(String(CATCH_UP_PAGE * 2 + 5));
  });

  it('when live messages arrive out of id order (two replicas), then both are sent and a later catch-up starts after the highest', async () => {
    const { f, sent } = follower('0');
    f.offer(message(6));
    f.offer(message(5));
    const asked: string[] = [];
    await f.catchUp(async (_room, after) => {
      asked.push(after);
      return [];
    });
    expect(sent).toEqual(['6', '5']);
    expect(asked).toEqual(['6']);
  });

  it('when the database fails during a catch-up, then the error reaches the caller and held messages are still sent', async () => {
    const { f, sent } = follower('0');
    const failing = f.catchUp(async () => {
      f.offer(message(9));
      throw new Error('database down');
    });
    await expect(failing).rejects.toThrow('database down');
    expect(sent).toEqual(['9']);
  });
});
