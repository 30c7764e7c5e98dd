import type { Lifecycle } from '@podlab/kit';
import {
  deadLetterQueueOf,
  QueueInspector,
  type AmqpConnectionManager,
  type WorkQueueTopology,
} from '@podlab/kit/messaging';
import type { QueueDepths } from '../domain/stats-use-case.js';

/** What still waits in the pipeline's queue and in its dead letters, asked of the broker. */
export class QueueDepthsReader implements QueueDepths {
  private readonly inspector: QueueInspector;

  constructor(
    connection: AmqpConnectionManager,
    lifecycle: Lifecycle,
    private readonly topology: WorkQueueTopology,
  ) {
    this.inspector = new QueueInspector(connection, lifecycle);
  }

  queueDepth(): Promise<number | null> {
    return this.inspector.depth(this.topology.queue);
  }

  deadLetterDepth(): Promise<number | null> {
    return this.inspector.depth(deadLetterQueueOf(this.topology));
  }
}
