import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBacking, type Backing } from './support/backing-services.js';
import {
  engine,
  freePorts,
  logsOf,
  removeContainers,
  startContainer,
  stopContainer,
  waitUntil,
} from './support/containers.js';
import { runName } from './support/names.js';
import { imageList } from './support/scripts.js';

const { services } = imageList;

const GRACE_SECONDS = 30;
const run = runName();
const built = new Set(inject('builtImages').flatMap((r) => ('ref' in r ? [r.name] : [])));
const started: { name: string; container: string; url: string }[] = [];
let backing: Backing;

beforeAll(async () => {
  backing = await createBacking(run);
  const ports = await freePorts(services.length);
  // auth's keys when auth is in the list; else an address nothing answers (tokens then get 503,
  // unauthenticated calls still their 401).
  const authPort = ports[services.findIndex((s) => s.name === 'auth')] ?? 9;
  const jwks = { JWKS_URL: `http://127.0.0.1:${authPort}/api/auth/.well-known/jwks.json` };
  services.forEach((service, i) => {
    const container = `${run}-${service.name}`;
    // The host network reaches the run's private MariaDB and RabbitMQ on 127.0.0.1; each gets its own port.
    startContainer({
      name: container,
      image: imageList.imageRef(service.name),
      flags: ['--network', 'host', '--user', '10001'],
      env: {
        PORT: String(ports[i]),
        POD_NAME: container,
        ...backing.envFor(service),
        ...(service.needs.includes('jwks') ? jwks : {}),
      },
    });
    started.push({ name: service.name, container, url: `http://127.0.0.1:${ports[i]}` });
  });
});

afterAll(async () => {
  removeContainers(started.map((s) => s.container));
  await backing?.drop();
});

const url = (name: string) => {
  const service = started.find((s) => s.name === name);
  if (!service) throw new Error(`${name} was not started`);
  return service.url;
};

describe(`service containers (${engine.name}, hardened: read-only root, non-root, no capabilities)`, () => {
  it('when every service image was built, then none was skipped', () => {
    expect(services.map((s) => s.name).filter((name) => !built.has(name))).toEqual([]);
  });

  it('when each container starts with config from its environment only, then /readyz answers 200', async () => {
    for (const { name, container, url } of started) {
      await waitUntil(
        `${name} ready (logs: ${container})`,
        async () => (await fetch(`${url}/readyz`)).status === 200,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${logsOf(container).slice(-2000)}`);
      });
      const info = await fetch(`${url}/api/${name}/info`);
      expect(info.status).toBe(200);
      expect(info.headers.get('x-served-by-pod')).toBe(container);
    }
  });

  it('when a message is posted to the producer, then the consumer stores it and counts it', async () => {
    const before = (await (await fetch(`${url('consumer')}/api/consumer/stats`)).json()) as {
      processed: number;
    };
    const payload = { from: run };
    const response = await fetch(`${url('producer')}/api/producer/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payload }),
    });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { accepted: number; id: string };
    expect(accepted.accepted).toBe(1);

    await waitUntil(
      'the consumer to count the message',
      async () => {
        const stats = (await (await fetch(`${url('consumer')}/api/consumer/stats`)).json()) as {
          processed: number;
        };
        return stats.processed >= before.processed + 1;
      },
      30_000,
    );
    const rows = await backing.query<{ n: number }>(`SELECT COUNT(*) AS n FROM processed_messages`);
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(1);
  });

  it('when the todo list is asked for without a token, then todo answers 401 in the JSON error format', async () => {
    const response = await fetch(`${url('todo')}/api/todo/todos`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('when the chat rooms are asked for without a token, then chat answers 401 in the JSON error format', async () => {
    const response = await fetch(`${url('chat')}/api/chat/rooms`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('when a user registers and signs in on auth, then the token is signed by a key its JWKS lists', async () => {
    const credentials = { username: `img.${run.slice(-10)}`, password: 'container test password' };
    const post = (path: string) =>
      fetch(`${url('auth')}/api/auth/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials),
      });
    expect((await post('register')).status).toBe(201);
    const login = await post('login');
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/^podlab_refresh=[\w-]{43};.*HttpOnly/);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const { kid } = JSON.parse(Buffer.from(accessToken.split('.')[0], 'base64url').toString()) as {
      kid: string;
    };
    const jwks = (await (await fetch(`${url('auth')}/api/auth/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toContain(kid);
    // The native argon2 addon was installed for the image's libc and CPU and hashed the password.
    const rows = await backing.query<{ h: string }>('SELECT password_hash AS h FROM users');
    expect(rows[0].h).toMatch(/^\$argon2id\$/);
  });

  it(`when each container gets SIGTERM, then it exits 0 well within the ${GRACE_SECONDS} s grace period`, () => {
    for (const { name, container } of started) {
      const { seconds, exitCode } = stopContainer(container, GRACE_SECONDS);
      console.log(`${name}: stopped in ${seconds.toFixed(1)} s, exit code ${exitCode}`);
      expect({ name, exitCode }).toEqual({ name, exitCode: 0 });
      expect(seconds).toBeLessThan(GRACE_SECONDS / 2);
    }
  });
});
