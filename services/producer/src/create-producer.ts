import { producerApi } from '@podlab/contracts/openapi';
import type { ServiceContext, ServiceParts } from '@podlab/kit';
import {
  ConfirmPublisher,
  createAmqpConnection,
  workQueuePublisherSettings,
} from '@podlab/kit/messaging';
import type { Config } from './config.js';
import { PublishMessagesUseCase } from './domain/publish-messages-use-case.js';
import { messagesRoutes } from './entry-points/messages-routes.js';

/** Wires the producer: broker connection → publisher → use case → routes. */
export async function createProducer({
  config,
  logger,
  lifecycle,
  pod,
  registry,
}: ServiceContext<Config>): Promise<ServiceParts> {
  const connection = createAmqpConnection(config.AMQP_URL, lifecycle, logger, `producer@${pod}`);
  const publisher = new ConfirmPublisher(connection, lifecycle, {
    ...workQueuePublisherSettings(config),
    registry,
  });
  const publishMessages = new PublishMessagesUseCase(publisher);
  return {
    openApi: producerApi,
    api: messagesRoutes(publishMessages),
    readiness: { broker: () => publisher.checkReady() },
    // A single message's payload may be up to 64 KiB of JSON; leave room for the envelope.
    bodyLimit: '80kb',
  };
}
