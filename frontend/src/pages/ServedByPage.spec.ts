import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, on } from '../testing/fake-fetch.js';
import { renderWithApp } from '../testing/render.js';
import ServedByPage from './ServedByPage.vue';

describe('ServedByPage', () => {
  it('when services answer from different pods, then each row shows its version, pod and the pods seen', async () => {
    let todoCalls = 0;
    fakeFetch(
      on('POST', '/api/auth/refresh', () => json(401, { error: { code: 'unauthenticated', message: 'none' } })),
      on('GET', '/api/todo/info', () => json(200, { service: 'todo', version: '1.2.0', pod: `todo-${++todoCalls}`, uptimeSeconds: 65 })),
      on('GET', '/api/chat/info', () => json(503, { error: { code: 'unavailable', message: 'chat is draining' } })),
      (call) => {
        const service = /^\/api\/(\w+)\/info$/.exec(call.url)?.[1];
        return service ? json(200, { service, version: '1.0.0', pod: `${service}-abc`, uptimeSeconds: 3700 }) : undefined;
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
});
