import { pipelineMessageSchema, type PipelineMessage } from '@podlab/contracts';
import type { Logger } from '@podlab/kit';
import { isTransientMysqlError } from '@podlab/kit/db';
import type { Decoded } from '@podlab/kit/messaging';
import type { ConsumeMessage } from 'amqplib';
import type { RecordMessagesUseCase } from '../domain/record-messages-use-case.js';

/** The AMQP entry point: body → contract-checked message → the same use case any entry point would call. */
export function pipelineHandlers(recordMessages: RecordMessagesUseCase, logger: Logger) {
  return {
    decode(message: ConsumeMessage): Decoded<PipelineMessage> {
      let body: unknown;
      try {
        body = JSON.parse(message.content.toString('utf8'));
      } catch (error) {
        return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
      }
      const result = pipelineMessageSchema.safeParse(body);
      if (!result.success) {
        const issues = result.error.issues
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; ');
        return { ok: false, reason: `body fails the pipeline message contract: ${issues}` };
      }
      return { ok: true, value: result.data };
    },
    async handle(batch: PipelineMessage[]): Promise<void> {
      await recordMessages.execute(batch);
      logger.debug({ count: batch.length }, 'batch recorded');
    },
    isTransient: isTransientMysqlError,
  };
}
