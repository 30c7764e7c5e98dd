import { parse } from 'node:querystring';
import { describe, expect, it } from 'vitest';
import { logSafeUrl } from './log-safe-url.js';

const SECRET = 'eyJhbGciOiJFZERTQSJ9.c2VjcmV0.c2lnbg';

describe('logSafeUrl', () => {
  it('when the URL carries an access token, then the token is redacted and the rest kept', () => {
    expect(logSafeUrl('/api/chat/rooms/7/events?access_token=eyJ.abc.def&x=1')).toBe(
      '/api/chat/rooms/7/events?access_token=[redacted]&x=1',
    );
    expect(logSafeUrl('/a?x=1&ACCESS_TOKEN=secret')).toBe('/a?x=1&ACCESS_TOKEN=[redacted]');
  });

  it('when the URL has no credential parameter, then it is unchanged', () => {
    for (const url of [
      '/api/chat/rooms?limit=5&my_access_token_hint=1',
      '/api/chat/rooms',
      '/a?',
      '/a?x=%E4%BD%A0&y=a+b&&z',
      '/a?broken=%&q=%zz',
    ])
      expect(logSafeUrl(url)).toBe(url);
  });

  it.each([
    ['a percent-encoded underscore', '/e?access%5Ftoken=S'],
    ['a lower-case escape', '/e?access%5ftoken=S'],
    ['every letter encoded', '/e?%61%63%63%65%73%73%5F%74%6F%6B%65%6E=S'],
    ['mixed case and an escape', '/e?Access%5FToken=S'],
    ['a double-encoded name', '/e?access%255Ftoken=S'],
    ['the other credential name encoded', '/e?%74oken=S'],
    ['a qs-style array name', '/e?access_token[]=S'],
    ['an encoded array name', '/e?access_token%5B0%5D=S'],
    ['the name repeated', '/e?access_token=S&access%5Ftoken=S&x=1&access_token=S'],
    ['a value holding an encoded ampersand', '/e?x=1&access%5Ftoken=S%26more'],
  ])('when the name is written with %s, then the token is redacted', (_name, template) => {
    const url = template.replaceAll('=S', `=${SECRET}`);
    const safe = logSafeUrl(url);
    expect(safe).not.toContain(SECRET);
    expect(safe).toContain('[redacted]');
  });

  it('when express would read an access token from the URL, then the log never shows it', () => {
    // The query parser express 5 uses by default ("simple"): whatever it reads as access_token,
    // requireAuth would accept, so logSafeUrl must hide it.
    const names = [
      'access_token',
      'access%5Ftoken',
      'access%5ftoken',
      '%61ccess_token',
      'access_t%6Fken',
    ];
    for (const name of names) {
      const url = `/api/chat/rooms/1/events?x=1&${name}=${SECRET}`;
      expect(parse(url.split('?')[1] ?? '').access_token).toBe(SECRET);
      expect(logSafeUrl(url)).toBe(`/api/chat/rooms/1/events?x=1&${name}=[redacted]`);
    }
  });

  it('when the URL has a fragment, then the fragment is redacted whole after the redacted query', () => {
    expect(logSafeUrl(`/a?access%5Ftoken=${SECRET}#top`)).toBe(
      '/a?access%5Ftoken=[redacted]#[redacted]',
    );
  });

  it('when a careless client puts a token after a #, then it does not reach the log', () => {
    for (const url of [
      `/a?x=1#&access_token=${SECRET}`,
      `/a#access_token=${SECRET}`,
      `/a#b?token=${SECRET}`,
    ]) {
      expect(logSafeUrl(url)).not.toContain(SECRET);
    }
  });
});
