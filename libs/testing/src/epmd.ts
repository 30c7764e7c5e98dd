import { connect } from 'node:net';

/** Erlang's port mapper: one per machine, shared with the machine's own RabbitMQ. */
const EPMD_PORT = 4369;
/** NAMES_REQ: a 2-byte length, then request code 110 ('n'). */
const NAMES_REQUEST = Uint8Array.from([0, 1, 110]);

/**
 * The short names of the Erlang nodes registered with epmd. A node killed with SIGKILL stays
 * registered until epmd notices its connection closed; starting the same node name before
 * that fails with "name in use", so a restart waits for the name to disappear first.
 */
export function epmdNodeNames(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: EPMD_PORT });
    const chunks: Buffer[] = [];
    socket.setTimeout(2_000, () => socket.destroy(new Error('epmd did not answer within 2 s')));
    socket.once('connect', () => socket.write(NAMES_REQUEST));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // No epmd at all: no node is registered, so no name can be in use.
      if (error.code === 'ECONNREFUSED') resolve([]);
      else reject(error);
    });
    socket.once('end', () => {
      // The reply starts with epmd's own 4-byte port, then "name <node> at port <port>\n" lines.
      const text = Buffer.concat(chunks).subarray(4).toString('utf8');
      resolve([...text.matchAll(/^name (\S+) at port \d+$/gm)].map((match) => match[1] as string));
    });
  });
}
