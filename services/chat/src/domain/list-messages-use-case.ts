import type { ListMessagesQuery, ListMessagesResponse } from '@podlab/contracts';
import type { AuthUser } from '@podlab/kit/auth';
import type { MessagesRepository } from '../data-access/messages-repository.js';
import type { RoomsRepository } from '../data-access/rooms-repository.js';
import { requireMember } from './room-access.js';

/** A page of a room's history: the newest `limit` before the cursor, oldest first. */
export class ListMessagesUseCase {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
  ) {}

  async execute(
    user: AuthUser,
    roomId: string,
    query: ListMessagesQuery,
  ): Promise<ListMessagesResponse> {
    await requireMember(this.rooms, roomId, user);
    // One more than asked tells whether an older page exists.
    const newestFirst = await this.messages.newestBefore(roomId, query.before, query.limit + 1);
    const page = newestFirst.slice(0, query.limit).reverse();
    const hasOlder = newestFirst.length > query.limit;
    return { messages: page, nextCursor: hasOlder ? (page[0]?.id ?? null) : null };
  }
}
