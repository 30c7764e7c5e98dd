import { createServer } from 'node:net';

function listenOnAnyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('Could not read the port the kernel assigned'));
        return;
      }
      resolve({
        port: address.port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/**
 * Asks the kernel for `count` distinct free loopback ports. All are held open until every one
 * is chosen, so the same port is never returned twice. There is still a window between closing
 * and the server binding: callers retry a start that fails with "address in use".
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const held = [];
  try {
    for (let i = 0; i < count; i++) held.push(await listenOnAnyPort());
    return held.map((h) => h.port);
  } finally {
    await Promise.all(held.map((h) => h.close()));
  }
}
