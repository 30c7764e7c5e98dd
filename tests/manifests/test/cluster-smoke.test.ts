import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run cluster:smoke` against a stand-in of the Ingress that keeps auth's sign-up rule
// (services/auth README: REGISTER_MAX_PER_CLIENT attempts per client address and window, a
// taken name counted too; here 2 instead of 10, to need fewer runs) and a pipeline that
// processes what it is sent. todo and chat are "not deployed" (the frontend answers their paths).
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const REGISTER_MAX_PER_CLIENT = 2;
const users = new Map<string, string>();
let registerAttempts = 0;
let processed = 0;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const bodyOf = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
};

const server = createServer(async (req, res) => {
  const route = `${req.method} ${req.url}`;
  if (
    route === 'GET /api/auth/info' ||
    route === 'GET /api/consumer/info' ||
    route === 'GET /api/producer/info'
  )
    return json(res, 200, { pod: 'stand-in' });
  if (route === 'POST /api/auth/register') {
    const { username, password } = await bodyOf(req);
    if (++registerAttempts > REGISTER_MAX_PER_CLIENT)
      return json(res, 429, { code: 'RATE_LIMITED' });
    if (users.has(username)) return json(res, 409, { code: 'USERNAME_TAKEN' });
    users.set(username, password);
    return json(res, 201, { user: { username } });
  }
  if (route === 'POST /api/auth/login') {
    const { username, password } = await bodyOf(req);
    return users.get(username) === password
      ? json(res, 200, { accessToken: 'token' })
      : json(res, 401, { code: 'INVALID_CREDENTIALS' });
  }
  if (route === 'GET /api/consumer/stats') return json(res, 200, { processed });
  if (route === 'POST /api/producer/messages') {
    processed += (await bodyOf(req)).count;
    return json(res, 202, { accepted: true });
  }
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>');
});

let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const smoke = () =>
  new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'run.mjs'), 'cluster-smoke'], {
      env: { ...process.env, PODLAB_URL: url },
      cwd: repoRoot,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolve({ status, output }));
  });

describe('npm run cluster:smoke', () => {
  it('when it runs more often than auth lets one address sign up, then every run passes, signing up once', async () => {
    for (let run = 1; run <= REGISTER_MAX_PER_CLIENT + 2; run++) {
      const { status, output } = await smoke();
      expect(status, `run ${run}:\n${output}`).toBe(0);
    }
    expect(registerAttempts).toBe(1);
  }, 60_000);
});
