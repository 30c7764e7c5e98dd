import { describe, expect, it } from 'vitest';
import { logSafeUrl } from './log-safe-url.js';

describe('logSafeUrl', () => {
  it('when the URL carries an access token, then the token is redacted and the rest kept', () => {
    expect(logSafeUrl('/api/chat/rooms/7/events?access_token=eyJ.abc.def&x=1')).toBe(
      '/api/chat/rooms/7/events?access_token=[redacted]&x=1',
    );
    expect(logSafeUrl('/a?x=1&ACCESS_TOKEN=secret')).toBe('/a?x=1&ACCESS_TOKEN=[redacted]');
  });

  it('when the URL has no credential parameter, then it is unchanged', () => {
    expect(logSafeUrl('/api/chat/rooms?limit=5&my_access_token_hint=1')).toBe(
      '/api/chat/rooms?limit=5&my_access_token_hint=1',
    );
  });
});
