import { describe, expect, it } from 'vitest';
import { PASSWORD, refreshCookieOf, startAuth } from './support/auth-test-service.js';

const auto = await startAuth({ COOKIE_SECURE: 'auto' });
const never = await startAuth(
  { COOKIE_SECURE: 'false' },
  { database: auto.database, key: auto.key },
);

describe('the Secure attribute', () => {
  it('when COOKIE_SECURE=auto and the request came over TLS (X-Forwarded-Proto from a trusted proxy), then the cookie is Secure', async () => {
    const { name } = await auto.api.signedIn();
    const response = await auto.api.post(
      '/login',
      { username: name, password: PASSWORD },
      { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' },
    );
    expect(refreshCookieOf(response)?.attributes).toContain('Secure');
  });

  it('when COOKIE_SECURE=auto and the request is plain http, then the cookie is not Secure (the browser would drop it)', async () => {
    const { name } = await auto.api.signedIn();
    const response = await auto.api.login(name);
    expect(refreshCookieOf(response)?.attributes).not.toContain('Secure');
  });

  it('when COOKIE_SECURE=false, then the cookie is not Secure even over TLS', async () => {
    const { name } = await never.api.signedIn();
    const response = await never.api.post(
      '/login',
      { username: name, password: PASSWORD },
      { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.8' },
    );
    expect(refreshCookieOf(response)?.attributes).not.toContain('Secure');
  });
});
