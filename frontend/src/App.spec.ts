import { describe, expect, it, vi } from 'vitest';
import App from './App.vue';
import { apiError, fakeFetch, json, on } from './testing/fake-fetch.js';
import { renderWithApp } from './testing/render.js';

describe('App', () => {
  it('when the session ends on a protected page, then sign-in opens and says why', async () => {
    let refreshes = 0;
    fakeFetch(
      on('POST', '/api/auth/refresh', () =>
        ++refreshes === 1
          ? json(200, { accessToken: 'tok', expiresIn: 900, user: { id: 'u1', username: 'ada' } })
          : apiError(401, 'refresh_token_reused', 'session revoked'),
      ),
      on('GET', '/api/todo/todos', () => apiError(401, 'unauthenticated', 'token expired')),
    );

    const { screen, router } = await renderWithApp(App, { path: '/todos' });

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    expect(router.currentRoute.value.query['redirect']).toBe('/todos');
    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeTruthy();
  });

  it('when the user signs out on a protected page, then the server forgets the session and home opens', async () => {
    const { calls } = fakeFetch(
      on('POST', '/api/auth/refresh', () =>
        json(200, { accessToken: 'tok', expiresIn: 900, user: { id: 'u1', username: 'ada' } }),
      ),
      on('GET', '/api/todo/todos', () => json(200, { todos: [] })),
      on('POST', '/api/auth/logout', () => new Response(null, { status: 204 })),
    );
    const { screen, router } = await renderWithApp(App, { path: '/todos' });
    expect(screen.getByText('Signed in as ada')).toBeTruthy();

    screen.getByRole('button', { name: 'Sign out' }).click();

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
    expect(calls.find((c) => c.url === '/api/auth/logout')?.headers['Authorization']).toBe(
      'Bearer tok',
    );
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy();
  });

  it('then a skip link leads to the main content', async () => {
    fakeFetch(on('POST', '/api/auth/refresh', () => apiError(401, 'unauthenticated', 'no cookie')));
    const { screen } = await renderWithApp(App, { path: '/' });
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe(
      '#main',
    );
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'podlab' })).toBeTruthy();
  });
});
