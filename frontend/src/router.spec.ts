import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter, safeRedirect } from './router.js';
import { useAuthStore } from './stores/auth-store.js';
import { apiError, fakeFetch, json, on } from './testing/fake-fetch.js';

const session = { accessToken: 'tok', expiresIn: 900, user: { id: 'u1', username: 'ada' } };

function makeRouter() {
  const pinia = createPinia();
  setActivePinia(pinia);
  return createAppRouter(pinia, createMemoryHistory());
}

describe('router guards', () => {
  it('when a signed-out visitor opens todos, then sign-in opens with a way back', async () => {
    fakeFetch(on('POST', '/api/auth/refresh', () => apiError(401, 'unauthenticated', 'no cookie')));
    const router = makeRouter();
    await router.push('/todos?filter=active');
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query['redirect']).toBe('/todos?filter=active');
  });

  it('when the refresh cookie still holds a session, then the protected page opens', async () => {
    const { calls } = fakeFetch(on('POST', '/api/auth/refresh', () => json(200, session)));
    const router = makeRouter();
    await router.push('/chat');
    await router.push('/todos');
    expect(router.currentRoute.value.name).toBe('todos');
    expect(calls).toHaveLength(1);
  });

  it('when a signed-in user opens sign-in, then they go to their todos', async () => {
    fakeFetch(on('POST', '/api/auth/refresh', () => json(200, session)));
    const router = makeRouter();
    await router.push('/sign-in');
    expect(router.currentRoute.value.name).toBe('todos');
    expect(useAuthStore().signedIn).toBe(true);
  });

  it('when a page is public, then it opens without waiting for the session', async () => {
    fakeFetch(on('POST', '/api/auth/refresh', () => new Promise<Response>(() => undefined)));
    const router = makeRouter();
    await router.push('/served-by');
    expect(router.currentRoute.value.name).toBe('served-by');
  });

  it('when the path is unknown, then the not-found page answers', async () => {
    fakeFetch(on('POST', '/api/auth/refresh', () => apiError(401, 'unauthenticated', 'no cookie')));
    const router = makeRouter();
    await router.push('/no/such/page');
    expect(router.currentRoute.value.name).toBe('not-found');
  });

  it('then only same-site paths are redirect targets', () => {
    expect(safeRedirect('/chat/1')).toBe('/chat/1');
    expect(safeRedirect('//evil.example')).toBeNull();
    expect(safeRedirect('https://evil.example')).toBeNull();
    expect(safeRedirect(['/x'])).toBeNull();
  });
});
