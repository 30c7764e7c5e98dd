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
  type ConfirmPublisherOptions,
  type OutgoingMessage,
} from './confirm-publisher.js';
export {
  BatchConsumer,
  DEAD_LETTER_REASON_HEADER,
  type BatchConsumerOptions,
  type Decoded,
} from './batch-consumer.js';
export { QueueInspector } from './queue-depth.js';
export { FanoutSubscriber, type FanoutSubscriberOptions } from './fanout-subscriber.js';
