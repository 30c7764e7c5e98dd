import type { PipelineMessage } from '@podlab/contracts';
import type { ProcessedMessagesRepository } from '../data-access/processed-messages-repository.js';

/** The consumer's one job: record each message once, stamped with the pod that processed it. */
export class RecordMessagesUseCase {
  constructor(
    private readonly repository: ProcessedMessagesRepository,
    private readonly pod: string,
  ) {}

  execute(messages: PipelineMessage[]): Promise<void> {
    return this.repository.insertBatch(messages, this.pod, new Date());
  }
}
