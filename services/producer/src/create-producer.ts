import { producerApi } from '@podlab/contracts/openapi';
import type { ServiceContext, ServiceParts } from '@podlab/kit';
import { ConfirmPublisher, createAmqpConnection, declareWorkQueue } from '@podlab/kit/messaging';
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
  const topology = {
    exchange: config.PIPELINE_EXCHANGE,
    queue: config.PIPELINE_QUEUE,
    deliveryLimit: config.PIPELINE_DELIVERY_LIMIT,
  };
  const connection = createAmqpConnection(config.AMQP_URL, lifecycle, logger, `producer@${pod}`);
  const publisher = new ConfirmPublisher(connection, lifecycle, {
    exchange: topology.exchange,
    routingKey: topology.queue,
    setup: (channel) => declareWorkQueue(channel, topology),
    confirmTimeoutMs: config.PUBLISH_CONFIRM_TIMEOUT_MS,
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
