import { connect } from 'node:net';

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Connects to 127.0.0.1:port, optionally writes `greeting`, and resolves with the first chunk
 * the server sends. A plain "port is open" is not enough: both servers can accept a TCP
 * connection a moment before they answer their protocol.
 */
export function firstBytesFrom(port: number, greeting?: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(PROBE_TIMEOUT_MS, () =>
      socket.destroy(new Error(`no answer on port ${port} within ${PROBE_TIMEOUT_MS} ms`)),
    );
    socket.once('connect', () => {
      if (greeting) socket.write(greeting);
    });
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data);
    });
    socket.once('error', reject);
    socket.once('close', () =>
      reject(new Error(`port ${port} closed the connection without answering`)),
    );
  });
}

/** True once nothing listens on 127.0.0.1:port any more (the connection is refused). */
export function isPortClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(PROBE_TIMEOUT_MS, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    socket.once('close', () => resolve(false));
  });
}

/** The AMQP 0-9-1 protocol header; a ready broker answers with a Connection.Start method frame (type 1). */
const AMQP_HEADER = Uint8Array.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

export async function amqpAnswers(port: number): Promise<boolean> {
  const reply = await firstBytesFrom(port, AMQP_HEADER);
  return reply[0] === 1;
}

/** A ready MySQL/MariaDB server greets first with a handshake packet, protocol version 10 (0xff would be an error packet). */
export async function mysqlAnswers(port: number): Promise<boolean> {
  const greeting = await firstBytesFrom(port);
  return greeting.length > 4 && greeting[4] === 10;
}
