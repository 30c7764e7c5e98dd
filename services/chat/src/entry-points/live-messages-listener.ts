import { chatMessageSchema } from '@podlab/contracts';
import type { Logger } from '@podlab/kit';
import type { ConsumeMessage } from 'amqplib';
import type { LiveRooms } from '../domain/live-rooms.js';
import type { LoadAfter } from '../domain/room-follower.js';

/**
 * The AMQP entry point: a message any replica broadcast → this replica's streams of that room.
 * After a reconnect, streams catch up from the database on what the broker could not bring.
 */
export function liveMessagesListener(live: LiveRooms, loadAfter: LoadAfter, logger: Logger) {
  return {
    onMessage(delivery: ConsumeMessage): void {
      let body: unknown;
      try {
        body = JSON.parse(delivery.content.toString('utf8'));
      } catch {
        logger.warn({ messageId: delivery.properties.messageId }, 'broadcast is not JSON; dropped');
        return;
      }
      const parsed = chatMessageSchema.safeParse(body);
      if (!parsed.success) {
        logger.warn(
          { messageId: delivery.properties.messageId },
          'broadcast fails the chat message contract; dropped',
        );
        return;
      }
      live.dispatch(parsed.data);
    },
    onUnsubscribed(): void {
      live.markGapAll();
    },
    onSubscribed(again: boolean): void {
      if (!again) return;
      logger.info({ streams: live.followers }, 'fan-out back: streams catch up from the database');
      void live.catchUpAll(loadAfter);
    },
  };
}
