import { pipelineMessageSchema, type PipelineMessage } from '@podlab/contracts';
import type { ServiceContext } from '@podlab/kit';
import {
  consumeWorkQueue,
  type AmqpConnectionManager,
  type BatchConsumer,
} from '@podlab/kit/messaging';
import type { Config } from '../config.js';
import type { ProcessMessagesUseCase } from '../domain/process-messages-use-case.js';

/**
 * The AMQP entry point: the pipeline queue in batches, each message checked against the pipeline
 * contract (one that breaks it is dead-lettered with the reason), then processed by the same use
 * case any entry point would call. A message is acked only once its batch committed.
 */
export function consumePipelineMessages(
  connection: AmqpConnectionManager,
  context: ServiceContext<Config>,
  processMessages: ProcessMessagesUseCase,
): BatchConsumer<PipelineMessage> {
  return consumeWorkQueue(connection, context, {
    schema: pipelineMessageSchema,
    contract: 'pipeline message contract',
    async processBatch(batch) {
      await processMessages.execute(batch);
      context.logger.debug({ count: batch.length }, 'batch processed');
    },
  });
}
