export {
  createAmqpConnection,
  checkAmqpConnected,
  type AmqpConnectionManager,
  type ChannelWrapper,
} from './amqp-connection.js';
export {
  declareWorkQueue,
  deadLetterExchangeOf,
  deadLetterQueueOf,
  type WorkQueueTopology,
} from './work-queue-topology.js';
export {
  ConfirmPublisher,
  currentTraceContext,
  type ConfirmPublisherOptions,
  type OutgoingMessage,
} from './confirm-publisher.js';
export {
  BatchConsumer,
  DEAD_LETTER_REASON_HEADER,
  type BatchConsumerOptions,
} from './batch-consumer.js';
export { jsonMessageDecoder, type Decoded } from './json-message-decoder.js';
export {
  consumeWorkQueue,
  type WorkQueueConsumerContext,
  type WorkQueueConsumerOptions,
} from './consume-work-queue.js';
export { QueueInspector } from './queue-depth.js';
export { FanoutSubscriber, type FanoutSubscriberOptions } from './fanout-subscriber.js';
export {
  amqpConfig,
  batchConsumerConfig,
  confirmPublisherConfig,
  fanoutConfig,
  workQueueConfig,
  type AmqpConfig,
  type BatchConsumerConfig,
  type ConfirmPublisherConfig,
  type FanoutConfig,
  type WorkQueueConfig,
} from './messaging-config.js';
export {
  workQueueConsumerSettings,
  workQueueOf,
  workQueuePublisherSettings,
} from './work-queue-settings.js';
