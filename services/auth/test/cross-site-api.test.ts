import { describe, expect, it } from 'vitest';
import { errorOf, refreshCookieOf, sessionOf, startAuth } from './support/auth-test-service.js';

const auth = await startAuth();
const { api } = auth;
const self = new URL(auth.service.url).origin;

const cases: [string, Record<string, string>][] = [
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
  ['another Origin and no Fetch Metadata', { origin: 'https://evil.example' }],
  ['Origin: null (a sandboxed frame)', { origin: 'null' }],
  [
    'Sec-Fetch-Site: cross-site even with this Origin',
    { 'sec-fetch-site': 'cross-site', origin: self },
  ],
];

describe('refresh and logout from another site', () => {
  for (const [what, headers] of cases) {
    it(`when a refresh comes with ${what}, then it answers 403 CROSS_SITE_REQUEST naming why, and the session lives on`, async () => {
      const { refreshToken } = await api.signedIn();
      const response = await api.refresh(refreshToken, headers);
      expect(response.status).toBe(403);
      const error = await errorOf(response);
      expect(error.code).toBe('CROSS_SITE_REQUEST');
      expect(error.message).toMatch(/Sec-Fetch-Site|Origin/);
      expect(refreshCookieOf(response)).toBeUndefined();
      // The token was not touched: the page's own refresh still works.
      expect((await api.refresh(refreshToken)).status).toBe(200);
    });
  }

  it('when a logout comes from another site, then it answers 403 and the sign-in is not revoked', async () => {
    const { refreshToken } = await api.signedIn();
    const response = await api.logout(refreshToken, { 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('CROSS_SITE_REQUEST');
    expect((await api.refresh(refreshToken)).status).toBe(200);
  });
});

describe('refresh and logout from this site', () => {
  const allowed: [string, Record<string, string>][] = [
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: self }],
    ['this Origin and no Fetch Metadata (an older browser)', { origin: self }],
    ['neither header (not a browser: curl, a native client)', {}],
  ];
  for (const [what, headers] of allowed) {
    it(`when a refresh comes with ${what}, then it answers 200`, async () => {
      const { refreshToken } = await api.signedIn();
      const response = await api.refresh(refreshToken, headers);
      expect((await sessionOf(response)).session.accessToken).toBeTruthy();
      expect((await api.logout(refreshCookieOf(response)?.value, headers)).status).toBe(204);
    });
  }

  it('when the Ingress forwards the Host as X-Forwarded-Host, then that host is this site (TRUST_PROXY)', async () => {
    const { refreshToken } = await api.signedIn();
    const response = await api.refresh(refreshToken, {
      origin: 'https://podlab.example',
      'x-forwarded-host': 'podlab.example',
    });
    expect(response.status).toBe(200);
  });
});
