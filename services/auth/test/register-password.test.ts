import { describe, expect, it } from 'vitest';
import { PASSWORD, errorOf, startAuth, username } from './support/auth-test-service.js';

const auth = await startAuth();
const { api } = auth;

describe('POST /api/auth/register: common passwords (NIST SP 800-63B)', () => {
  for (const password of ['password1', 'Password123', 'qwertyuiop', 'iloveyou', '12345678']) {
    it(`when the password is "${password}" (long enough, but among the commonest), then it answers 400 naming body.password`, async () => {
      const response = await api.register(username('common'), password);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain('body.password');
      expect(error.details).toEqual([
        { path: 'body.password', message: 'is one of the most common passwords; choose another' },
      ]);
    });
  }

  it('when the password is the username (in any case), then it answers 400 naming body.password', async () => {
    const name = username('Selfish');
    const response = await api.register(name, name.toUpperCase());
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain('must not be the username');
  });

  it('when the password is uncommon, then it is accepted and signs in', async () => {
    const name = username('fine');
    expect((await api.register(name, PASSWORD)).status).toBe(201);
    expect((await api.login(name, PASSWORD)).status).toBe(200);
  });
});
