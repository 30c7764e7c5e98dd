import { pipelineMessageSchema, type PipelineMessage } from '@podlab/contracts';
import type { ServiceContext } from '@podlab/kit';
import { isTransientMysqlError } from '@podlab/kit/db';
import {
  BatchConsumer,
  jsonMessageDecoder,
  workQueueConsumerSettings,
  type AmqpConnectionManager,
} from '@podlab/kit/messaging';
import type { Config } from '../config.js';
import type { ProcessMessagesUseCase } from '../domain/process-messages-use-case.js';

/**
 * The AMQP entry point: the pipeline queue, taken in batches (queue, prefetch and batch size from
 * the config), each body checked against the contract — a message that breaks it is
 * dead-lettered with the reason — then processed by the same use case any entry point would call.
 * A message is acked only once its batch committed.
 */
export function consumePipelineMessages(
  connection: AmqpConnectionManager,
  { config, lifecycle, logger, registry }: ServiceContext<Config>,
  processMessages: ProcessMessagesUseCase,
): BatchConsumer<PipelineMessage> {
  return new BatchConsumer(connection, lifecycle, {
    ...workQueueConsumerSettings(config),
    decode: jsonMessageDecoder(pipelineMessageSchema, 'pipeline message contract'),
    async handle(batch) {
      await processMessages.execute(batch);
      logger.debug({ count: batch.length }, 'batch processed');
    },
    // Worth waiting out: the database being away. Anything else about a batch never succeeds.
    isTransient: isTransientMysqlError,
    logger,
    registry,
  });
}
