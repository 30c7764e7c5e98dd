import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface BrokerLink {
  /** The broker's AMQP URL with this link as its host: give it to the one replica to cut off. */
  url: string;
  /** Drops every open connection and refuses new ones, as a network partition would. */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP link between one replica and a real broker that a test can cut: that replica loses the
 * broker while the broker and every other replica's connection stay up. Stopping the broker
 * instead would also drop the other replicas' queues, and whether they are back before a
 * message is published would be a race.
 */
export async function startBrokerLink(brokerUrl: string): Promise<BrokerLink> {
  const broker = new URL(brokerUrl);
  const open = new Set<Socket>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = connect(Number(broker.port), broker.hostname);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(socket);
      socket.pipe(other);
      // Errors end the pair through 'close'; a reset is what a partition looks like anyway.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        other.destroy();
      });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(brokerUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
