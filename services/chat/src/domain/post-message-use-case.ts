import type { ChatMessage, PostMessageRequest } from '@podlab/contracts';
import type { AuthUser } from '@podlab/kit/auth';
import type { MessageBroadcast } from '../data-access/message-broadcast.js';
import type { MessagesRepository } from '../data-access/messages-repository.js';
import type { RoomsRepository } from '../data-access/rooms-repository.js';
import type { UserRateLimits } from '../data-access/user-rate-limits.js';
import { rateLimited } from './chat-errors.js';
import type { LiveRooms } from './live-rooms.js';
import { requireMember } from './room-access.js';

/**
 * A member posts: the database stores it (the truth), this replica's streams get it at once,
 * and the fan-out takes it to every other replica. The broadcast never fails the post: with the
 * broker away it waits in a bounded outbox, and streams catch up from the database anyway.
 * Posts per user are limited on every replica together (429 RATE_LIMITED).
 */
export class PostMessageUseCase {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly live: LiveRooms,
    private readonly broadcast: MessageBroadcast,
    private readonly limits: UserRateLimits,
  ) {}

  async execute(
    user: AuthUser,
    roomId: string,
    request: PostMessageRequest,
    correlationId: string,
  ): Promise<ChatMessage> {
    await requireMember(this.rooms, roomId, user);
    // Counted only for posts that would be stored: a refused one (not a member) costs nothing.
    const admission = await this.limits.admitMessage(user.id);
    if (!admission.allowed)
      throw rateLimited(
        'messages posted',
        this.limits.limits.messages,
        admission.retryAfterSeconds,
      );
    const message = await this.messages.insert(roomId, user, request.text, new Date());
    this.live.dispatch(message, false);
    this.broadcast.publish(message, correlationId);
    return message;
  }
}
