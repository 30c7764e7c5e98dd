import type { PipelineMessage } from '@podlab/contracts';
import type { ProcessedMessagesRepository } from '../data-access/processed-messages-repository.js';

/** The consumer's one job: mark each message processed once, by this pod. */
export class ProcessMessagesUseCase {
  constructor(
    private readonly repository: Pick<ProcessedMessagesRepository, 'markProcessed'>,
    /** This pod's name: what `processedBy` says in the stats. */
    private readonly processedBy: string,
  ) {}

  execute(messages: PipelineMessage[]): Promise<void> {
    return this.repository.markProcessed(messages, this.processedBy, new Date());
  }
}
