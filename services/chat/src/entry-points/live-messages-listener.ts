import { chatMessageSchema } from '@podlab/contracts';
import type { ServiceContext } from '@podlab/kit';
import {
  FanoutSubscriber,
  jsonMessageDecoder,
  type AmqpConnectionManager,
} from '@podlab/kit/messaging';
import type { Config } from '../config.js';
import type { LiveRooms } from '../domain/live-rooms.js';
import type { LoadAfter } from '../domain/room-follower.js';

const decode = jsonMessageDecoder(chatMessageSchema, 'chat message contract');

/**
 * The AMQP entry point: subscribes this replica to the fan-out exchange, so a message any replica
 * broadcast reaches this replica's streams of that room. After a reconnect, streams catch up from
 * the database on what the broker could not bring.
 */
export function listenForLiveMessages(
  connection: AmqpConnectionManager,
  { config, lifecycle, logger }: Pick<ServiceContext<Config>, 'config' | 'lifecycle' | 'logger'>,
  live: LiveRooms,
  loadAfter: LoadAfter,
): FanoutSubscriber {
  return new FanoutSubscriber(connection, lifecycle, {
    exchange: config.AMQP_EXCHANGE,
    logger,
    onMessage(delivery) {
      const decoded = decode(delivery);
      if (!decoded.ok) {
        // Nobody to send it back to: a broadcast is live news, and the database keeps the message.
        logger.warn(
          { messageId: delivery.properties.messageId, reason: decoded.reason },
          'broadcast dropped',
        );
        return;
      }
      live.dispatch(decoded.value);
    },
    onUnsubscribed() {
      live.markGapAll();
    },
    onSubscribed(again) {
      if (!again) return;
      logger.info({ streams: live.followers }, 'fan-out back: streams catch up from the database');
      void live.catchUpAll(loadAfter);
    },
  });
}
