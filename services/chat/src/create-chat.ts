import { chatApi } from '@podlab/contracts/openapi';
import type { ServiceContext, ServiceParts } from '@podlab/kit';
import { jwtVerifierFor } from '@podlab/kit/auth';
import { databaseUnavailable, openMysql, pingMysql } from '@podlab/kit/db';
import { currentSchema } from '@podlab/kit/rate-limit';
import { createAmqpConnection } from '@podlab/kit/messaging';
import { Router } from 'express';
import { Gauge } from 'prom-client';
import type { Config } from './config.js';
import { MessageBroadcast } from './data-access/message-broadcast.js';
import { MessagesRepository } from './data-access/messages-repository.js';
import { migrations } from './data-access/migrations.js';
import { RoomsRepository } from './data-access/rooms-repository.js';
import { StreamSlotsRepository } from './data-access/stream-slots-repository.js';
import { UserRateLimits } from './data-access/user-rate-limits.js';
import { FollowRoomUseCase } from './domain/follow-room-use-case.js';
import { ListMessagesUseCase } from './domain/list-messages-use-case.js';
import { LiveRooms } from './domain/live-rooms.js';
import { PostMessageUseCase } from './domain/post-message-use-case.js';
import { RoomsUseCases } from './domain/rooms-use-cases.js';
import { StreamQuota } from './domain/stream-quota.js';
import { eventsRoutes } from './entry-points/events-routes.js';
import { listenForLiveMessages } from './entry-points/live-messages-listener.js';
import { messagesRoutes } from './entry-points/messages-routes.js';
import { roomsRoutes } from './entry-points/rooms-routes.js';

/**
 * Wires chat: database (migrated) → repositories → use cases; the broker for the fan-out
 * (publish after commit, one exclusive queue per replica); routes behind local JWT checks.
 *
 * Ready means the database answers: it holds the truth, and every route needs it. The broker is
 * not a readiness check: with it away, chat still stores and lists messages and this replica's
 * own streams stay live; taking every replica out of the Service for it would turn a degraded
 * chat into no chat. Its state is the `chat_fanout_subscribed` gauge and the logs.
 */
export async function createChat(context: ServiceContext<Config>): Promise<ServiceParts> {
  const { config, logger, lifecycle } = context;
  const pool = await openMysql(config, migrations, context);
  const rooms = new RoomsRepository(pool);
  const messages = new MessagesRepository(pool);
  const limits = new UserRateLimits(pool, await currentSchema(pool), {
    rooms: {
      max: config.ROOM_CREATE_MAX_PER_USER,
      windowSeconds: config.ROOM_CREATE_RATE_WINDOW_SECONDS,
    },
    messages: {
      max: config.MESSAGE_POST_MAX_PER_USER,
      windowSeconds: config.MESSAGE_POST_RATE_WINDOW_SECONDS,
    },
  });
  const streamQuota = new StreamQuota(
    new StreamSlotsRepository(pool),
    config.STREAMS_MAX_PER_USER,
    logger,
  );
  // After the pool's closer, so it runs before it: releases reach the database first.
  lifecycle.onShutdown('stream slots', () => streamQuota.close());
  const verifier = jwtVerifierFor(config);

  const connection = createAmqpConnection(
    config.AMQP_URL,
    lifecycle,
    logger,
    `chat@${context.pod}`,
  );
  const live = new LiveRooms();
  const broadcast = new MessageBroadcast(connection, lifecycle, logger, config.AMQP_EXCHANGE);
  const subscriber = listenForLiveMessages(connection, context, live, (room, after, limit) =>
    messages.oldestAfter(room, after, limit),
  );

  const api = Router();
  api.use(roomsRoutes(new RoomsUseCases(rooms, limits), verifier));
  api.use(
    messagesRoutes(
      new ListMessagesUseCase(rooms, messages),
      new PostMessageUseCase(rooms, messages, live, broadcast, limits),
      verifier,
    ),
  );
  api.use(
    eventsRoutes(
      new FollowRoomUseCase(rooms, messages, live, streamQuota),
      verifier,
      lifecycle,
      logger,
    ),
  );
  api.use(databaseUnavailable);

  registerGauges(context.registry, {
    chat_live_streams: ['Live (SSE) streams open on this replica', () => live.followers],
    chat_fanout_subscribed: [
      '1 while this replica receives the fan-out of other replicas’ messages',
      () => (subscriber.queue ? 1 : 0),
    ],
    chat_broadcast_pending: [
      'New messages waiting for the broker to confirm their broadcast',
      () => broadcast.pending,
    ],
  });

  return {
    openApi: chatApi,
    api,
    readiness: { database: () => pingMysql(pool) },
    // A message is at most 2000 characters; even all escaped as \uXXXX pairs that is under 32 KiB.
    bodyLimit: '32kb',
  };
}

function registerGauges(
  registry: ServiceContext<Config>['registry'],
  gauges: Record<string, [string, () => number]>,
): void {
  for (const [name, [help, read]] of Object.entries(gauges)) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  }
}
