import { services } from '@podlab/catalog';
import { describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n/use-i18n.js';
import { fakeFetch, json, on } from '../testing/fake-fetch.js';
import { renderWithApp } from '../testing/render.js';
import ServedByPage from './ServedByPage.vue';

describe('ServedByPage', () => {
  it('when services answer from different pods, then each row shows its version, pod and the pods seen', async () => {
    let todoCalls = 0;
    fakeFetch(
      on('POST', '/api/auth/refresh', () =>
        json(401, { error: { code: 'unauthenticated', message: 'none' } }),
      ),
      on('GET', '/api/todo/info', () =>
        json(200, {
          service: 'todo',
          version: '1.2.0',
          pod: `todo-${++todoCalls}`,
          uptimeSeconds: 65,
        }),
      ),
      on('GET', '/api/chat/info', () =>
        json(503, { error: { code: 'unavailable', message: 'chat is draining' } }),
      ),
      (call) => {
        const service = /^\/api\/(\w+)\/info$/.exec(call.url)?.[1];
        return service
          ? json(200, { service, version: '1.0.0', pod: `${service}-abc`, uptimeSeconds: 3700 })
          : undefined;
      },
    );
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { screen } = await renderWithApp(ServedByPage, { path: '/served-by' });

    const todoRow = () => screen.getByTestId('served-by-todo');
    await vi.waitFor(() => expect(todoRow().textContent).toContain('todo-1'));
    expect(todoRow().textContent).toContain('1.2.0');
    expect(todoRow().textContent).toContain('1m 5s');
    expect(screen.getByTestId('served-by-auth').textContent).toContain('1h 1m');
    expect(screen.getByTestId('served-by-chat').textContent).toContain('chat is draining');

    await vi.advanceTimersByTimeAsync(3000);
    await vi.waitFor(() => expect(todoRow().querySelectorAll('.pod-chip')).toHaveLength(2));
    vi.useRealTimers();
  });

  it('when the catalog lists a public service, then it has a row (a generated service shows too)', async () => {
    fakeFetch(
      on('POST', '/api/auth/refresh', () =>
        json(401, { error: { code: 'unauthenticated', message: 'none' } }),
      ),
      (call) => {
        const service = /^\/api\/([\w-]+)\/info$/.exec(call.url)?.[1];
        return service
          ? json(200, { service, version: '1.0.0', pod: `${service}-abc`, uptimeSeconds: 1 })
          : undefined;
      },
    );
    const { screen } = await renderWithApp(ServedByPage, { path: '/served-by' });

    const publicServices = services.filter((s) => s.public).map((s) => s.name);
    expect(publicServices).toContain('todo');
    for (const name of publicServices)
      await vi.waitFor(() =>
        expect(screen.getByTestId(`served-by-${name}`).textContent).toContain(`${name}-abc`),
      );
  });

  it('when the page is read in 繁體中文, then its title and the uptimes are in Chinese', async () => {
    setLocale('zh-TW');
    fakeFetch(
      on('POST', '/api/auth/refresh', () =>
        json(401, { error: { code: 'unauthenticated', message: 'none' } }),
      ),
      (call) => {
        const service = /^\/api\/(\w+)\/info$/.exec(call.url)?.[1];
        const uptimes: Record<string, number> = { todo: 65, chat: 9 };
        const uptimeSeconds = uptimes[service ?? ''] ?? 3900;
        return service
          ? json(200, { service, version: '1.0.0', pod: `${service}-abc`, uptimeSeconds })
          : undefined;
      },
    );
    const { screen } = await renderWithApp(ServedByPage, { path: '/served-by' });

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('是哪個 Pod 回應的？');
    await vi.waitFor(() =>
      expect(screen.getByTestId('served-by-auth').textContent).toContain('1 小時 5 分'),
    );
    expect(screen.getByTestId('served-by-todo').textContent).toContain('1 分 5 秒');
    expect(screen.getByTestId('served-by-chat').textContent).toContain('9 秒');
  });
});
