import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { rawGet } from '../src/index.js';

// A server that answers what it was asked: the path as sent and the Connection header.
const server = createServer((req, res) => {
  res.setHeader('x-seen-connection', req.headers.connection ?? '');
  res.end(req.url);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('rawGet', () => {
  it('when given a malformed path, then it is sent as written', async () => {
    expect(await rawGet(url, '/%zz')).toMatchObject({ status: 200, body: '/%zz' });
    expect((await rawGet(`${url}/a?b=c`)).body).toBe('/a?b=c');
  });

  it('when asking, then it asks for keep-alive, so a Connection: close answer is the server’s own', async () => {
    const { headers } = await rawGet(url, '/');
    expect(headers['x-seen-connection']).toBe('keep-alive');
  });
});
