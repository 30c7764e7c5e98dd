import { describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../stores/auth-store.js';
import { apiError, fakeFetch, json, on } from '../testing/fake-fetch.js';
import { flushPromises, renderWithApp, typeInto } from '../testing/render.js';
import AuthForm from './AuthForm.vue';

// The next page is a lazy import: on a loaded machine it takes longer than waitFor's 1 s default.
const LAZY_PAGE = { timeout: 10_000 };
const session = { accessToken: 'tok', expiresIn: 900, user: { id: 'u1', username: 'ada' } };
const noSession = on('POST', '/api/auth/refresh', () =>
  apiError(401, 'unauthenticated', 'no refresh cookie'),
);

async function fillAndSubmit(
  screen: Awaited<ReturnType<typeof renderWithApp>>['screen'],
  button: string,
) {
  await typeInto(screen.getByLabelText('Username'), ' ada ');
  await typeInto(screen.getByLabelText('Password'), 'correct horse');
  screen.getByRole('button', { name: button }).click();
  await flushPromises();
}

describe('AuthForm', { timeout: 20_000 }, () => {
  it('when sign-in is refused, then the server message shows in an alert and the user stays', async () => {
    fakeFetch(
      noSession,
      on('POST', '/api/auth/login', () =>
        apiError(401, 'invalid_credentials', 'Wrong username or password'),
      ),
    );
    const { screen, router } = await renderWithApp(AuthForm, {
      path: '/sign-in',
      props: { mode: 'sign-in' },
    });

    await fillAndSubmit(screen, 'Sign in');

    expect(screen.getByRole('alert').textContent).toContain('Wrong username or password');
    expect(router.currentRoute.value.name).toBe('sign-in');
  });

  it('when sign-in succeeds, then it goes to the page that asked for it', async () => {
    const { calls } = fakeFetch(
      noSession,
      on('POST', '/api/auth/login', () => json(200, session)),
    );
    const { screen, router } = await renderWithApp(AuthForm, {
      path: '/sign-in?redirect=/chat',
      props: { mode: 'sign-in' },
    });

    await fillAndSubmit(screen, 'Sign in');

    expect(calls.find((c) => c.url === '/api/auth/login')?.body).toEqual({
      username: 'ada',
      password: 'correct horse',
    });
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/chat'), LAZY_PAGE);
    expect(useAuthStore().user?.username).toBe('ada');
  });

  it('when the redirect points off-site, then it is ignored', async () => {
    fakeFetch(
      noSession,
      on('POST', '/api/auth/login', () => json(200, session)),
    );
    const { screen, router } = await renderWithApp(AuthForm, {
      path: '/sign-in?redirect=//evil.example',
      props: { mode: 'sign-in' },
    });
    await fillAndSubmit(screen, 'Sign in');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('todos'), LAZY_PAGE);
  });

  it('when signing up, then it registers, signs in and shows the policy hints', async () => {
    const { calls } = fakeFetch(
      noSession,
      on('POST', '/api/auth/register', () => json(201, { user: session.user })),
      on('POST', '/api/auth/login', () => json(200, session)),
    );
    const { screen, router } = await renderWithApp(AuthForm, {
      path: '/sign-up',
      props: { mode: 'sign-up' },
    });
    expect(screen.getByLabelText('Password').getAttribute('aria-describedby')).toBe(
      'auth-password-hint',
    );
    expect(screen.getByText('At least 8 characters')).toBeTruthy();

    await fillAndSubmit(screen, 'Sign up');

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('todos'), LAZY_PAGE);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/auth/refresh',
      '/api/auth/register',
      '/api/auth/login',
    ]);
  });

  it('when a sign-up name mixes scripts (a Cyrillic а in a Latin name), then the policy is shown and nothing is sent', async () => {
    const { calls } = fakeFetch(noSession);
    const { screen } = await renderWithApp(AuthForm, {
      path: '/sign-up',
      props: { mode: 'sign-up' },
    });
    await typeInto(screen.getByLabelText('Username'), 'p\u0430ypal');
    await typeInto(screen.getByLabelText('Password'), 'correct horse');
    screen.getByRole('button', { name: 'Sign up' }).click();
    await flushPromises();

    expect(screen.getByRole('alert').textContent).toContain(
      'Username: mixes the scripts Latin and Cyrillic',
    );
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/refresh']);
  });

  it('when the server refuses the sign-up, then its message and the field it names are shown', async () => {
    fakeFetch(
      noSession,
      on('POST', '/api/auth/register', () =>
        json(400, {
          error: {
            code: 'VALIDATION_FAILED',
            message:
              'Invalid body: body.password: is one of the most common passwords; choose another',
            correlationId: 'r-1',
            details: [
              {
                path: 'body.password',
                message: 'is one of the most common passwords; choose another',
              },
            ],
          },
        }),
      ),
    );
    const { screen, router } = await renderWithApp(AuthForm, {
      path: '/sign-up',
      props: { mode: 'sign-up' },
    });

    await fillAndSubmit(screen, 'Sign up');

    expect(screen.getByRole('alert').textContent).toContain(
      'body.password: is one of the most common passwords',
    );
    expect(router.currentRoute.value.name).toBe('sign-up');
  });
});
