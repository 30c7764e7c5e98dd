import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel } from 'amqplib';
import type { Lifecycle } from '../lifecycle/lifecycle.js';

/** Reads how many messages wait in a queue (ready, not yet delivered), or null while the broker is unreachable. */
export class QueueInspector {
  private readonly wrapper: ChannelWrapper;
  private channel?: Channel;

  constructor(connection: AmqpConnectionManager, lifecycle: Lifecycle) {
    this.wrapper = connection.createChannel({
      name: 'queue-inspector',
      setup: async (channel: Channel) => {
        this.channel = channel;
        channel.once('close', () => {
          if (this.channel === channel) this.channel = undefined;
        });
      },
    });
    lifecycle.onShutdown('amqp inspector channel', () => this.wrapper.close());
  }

  async depth(queue: string): Promise<number | null> {
    const channel = this.channel;
    if (!channel) return null;
    try {
      const { messageCount } = await withTimeout(channel.checkQueue(queue), 1_000);
      return messageCount;
    } catch {
      return null;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
