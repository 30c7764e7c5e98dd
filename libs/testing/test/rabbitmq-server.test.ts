import { existsSync, readFileSync } from 'node:fs';
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRabbitMq, uniqueName, type RabbitMqServer } from '../src/index.js';
import { processesMentioning } from '../src/proc-fs.js';

/** Publishes with publisher confirms, so the broker has written the message before we crash it. */
async function publishConfirmed(url: string, queue: string, body: string): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    channel.sendToQueue(queue, Buffer.from(body), { persistent: true });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

/** Takes one message off the queue (acked), or undefined if it is empty. */
async function takeOne(url: string, queue: string): Promise<string | undefined> {
  const connection: ChannelModel = await connect(url);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true });
    const message = await channel.get(queue, { noAck: true });
    return message ? message.content.toString() : undefined;
  } finally {
    await connection.close();
  }
}

async function connectionRefused(url: string): Promise<boolean> {
  return connect(url).then(
    async (connection) => {
      await connection.close();
      return false;
    },
    () => true,
  );
}

/** The node's processes: anything whose command line or environment names its private folder (epmd is shared, not the node's). */
function nodeProcesses(server: RabbitMqServer) {
  return processesMentioning(server.dir).filter((p) => p.command !== 'epmd');
}

describe('startRabbitMq', () => {
  let server: RabbitMqServer;

  beforeAll(async () => {
    server = await startRabbitMq({ name: 'harness-test' });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('when started, then it serves AMQP for guest on its own loopback port, not on the machine one', async () => {
    expect(server.url).toBe(`amqp://guest:guest@127.0.0.1:${server.port}`);
    expect(server.port).not.toBe(5672);
    expect(server.nodeName).toMatch(/^podlab-harness-test-[0-9a-f]+@localhost$/);
    const queue = uniqueName('consume');
    await publishConfirmed(server.url, queue, 'hello');

    const connection = await connect(server.url);
    try {
      const channel = await connection.createChannel();
      const received = new Promise<string>((resolve) => {
        void channel.consume(queue, (message) => {
          if (!message) return;
          channel.ack(message);
          resolve(message.content.toString());
        });
      });
      await expect(received).resolves.toBe('hello');
    } finally {
      await connection.close();
    }
  });

  it('when stopped and started again, then a persistent message on a durable queue survived', async () => {
    await server.start();
    const queue = uniqueName('durable');
    await publishConfirmed(server.url, queue, 'kept across a clean restart');

    await server.stop();
    expect(await connectionRefused(server.url)).toBe(true);
    expect(readFileSync(server.logFile, 'utf8')).toMatch(/msg_store_persistent' is stopped/);
    await server.start();

    expect(await takeOne(server.url, queue)).toBe('kept across a clean restart');
  });

  // What survives a SIGKILL is RabbitMQ's business, not the harness's: on this machine's 3.10 a
  // confirmed message on a queue declared seconds earlier was lost after a kill in 2 of ~10 CI runs
  // (a settle pause did not help). The harness promises the crash and the restart; the clean
  // restart above shows data surviving.
  it('when killed, then no process of the node is left, and it starts again on the same port and serves', async () => {
    await server.start();
    expect(nodeProcesses(server).map((p) => p.command)).toContain('beam.smp');

    await server.kill();
    expect(nodeProcesses(server)).toEqual([]);
    expect(await connectionRefused(server.url)).toBe(true);
    await server.start();

    const queue = uniqueName('after_crash');
    await publishConfirmed(server.url, queue, 'served after a crash');
    expect(await takeOne(server.url, queue)).toBe('served after a crash');
  });

  it('when disposed, then its processes and its folder are gone', async () => {
    await server.start();
    await server.dispose();

    expect(nodeProcesses(server)).toEqual([]);
    expect(existsSync(server.dir)).toBe(false);
    await expect(server.start()).rejects.toThrow(/disposed/);
  });
});
