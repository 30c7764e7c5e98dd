import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  filesIn,
  freePorts,
  imageConfig,
  logsOf,
  removeContainers,
  startContainer,
  stopContainer,
  waitUntil,
} from './support/containers.js';
import { runName } from './support/names.js';
import { imageList } from './support/scripts.js';

const run = runName();
const container = `${run}-frontend`;
const frontend = inject('builtImages').find((r) => r.name === 'frontend');
const ref = imageList.imageRef('frontend');
afterAll(() => removeContainers([container]));

describe('the frontend container (nginx, read-only root, any non-root uid, no capabilities)', () => {
  let base = '';

  it('when it starts, then / serves the app and is never cached', async (context) => {
    if (!frontend || 'skipped' in frontend)
      return context.skip(
        `frontend image not built: ${frontend && 'skipped' in frontend ? frontend.skipped : 'not listed'}`,
      );
    const [port] = await freePorts(1);
    // An arbitrary uid, as OpenShift or a strict securityContext would pick.
    startContainer({
      name: container,
      image: ref,
      flags: ['--publish', `127.0.0.1:${port}:8080`, '--user', '10001'],
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(
      'the frontend to answer',
      async () => (await fetch(`${url}/healthz`)).ok,
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${logsOf(container).slice(-2000)}`);
    });
    base = url;
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toMatch(/<div id="app"/);
  });

  it('when a deep link is requested, then it gets the app too (SPA fallback), but a missing asset is a 404', async (context) => {
    if (!base) return context.skip('frontend not running');
    const deep = await fetch(`${base}/todos/some/deep/link`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toMatch(/<div id="app"/);
    expect((await fetch(`${base}/assets/not-there-1234.js`)).status).toBe(404);
  });

  it('when a hashed asset is requested with gzip, then it is cached for a year and compressed', async (context) => {
    if (!base) return context.skip('frontend not running');
    const html = await (await fetch(`${base}/`)).text();
    const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, 'index.html links a script under /assets').toBeDefined();
    const response = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('when it gets its stop signal, then nginx exits 0 at once', (context) => {
    if (!base) return context.skip('frontend not running');
    const { seconds, exitCode } = stopContainer(container, 30);
    expect(exitCode).toBe(0);
    expect(seconds).toBeLessThan(10);
  });

  it('when inspected, then it runs as a non-root user and carries no sources or node_modules', (context) => {
    if (!frontend || 'skipped' in frontend) return context.skip('frontend image not built');
    expect(imageConfig(ref).User).toMatch(/^[1-9]\d*(:\d+)?$/);
    const files = filesIn(ref, `${run}-frontend-files`);
    expect(files).toContain('/usr/share/nginx/html/index.html');
    expect(files.filter((f) => /\.(ts|vue)$|\/node_modules\//.test(f))).toEqual([]);
  });
});
