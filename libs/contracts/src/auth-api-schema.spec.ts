import { describe, expect, it } from 'vitest';
import { authSessionSchema, loginRequestSchema, registerRequestSchema } from './auth-api-schema.js';

describe('registerRequestSchema', () => {
  it('when the username has spaces around it, then it is trimmed', () => {
    expect(registerRequestSchema.parse({ username: '  ada ', password: 'correct horse' })).toEqual({
      username: 'ada',
      password: 'correct horse',
    });
  });

  it('when the username is an email address or Chinese, then it is accepted', () => {
    expect(
      registerRequestSchema.safeParse({ username: 'ada@example.com', password: '12345678' })
        .success,
    ).toBe(true);
    expect(
      registerRequestSchema.safeParse({ username: '小明同學', password: '12345678' }).success,
    ).toBe(true);
  });

  it('when the password is short or the username has markup, then it fails', () => {
    expect(registerRequestSchema.safeParse({ username: 'ada', password: 'short' }).success).toBe(
      false,
    );
    expect(
      registerRequestSchema.safeParse({ username: '<b>ada</b>', password: '12345678' }).success,
    ).toBe(false);
  });

  it('when the body has extra keys, then it fails', () => {
    expect(
      registerRequestSchema.safeParse({ username: 'ada', password: '12345678', admin: true })
        .success,
    ).toBe(false);
  });
});

describe('loginRequestSchema', () => {
  it('when the password is shorter than the register policy, then it still parses', () => {
    expect(loginRequestSchema.safeParse({ username: 'ada', password: 'x' }).success).toBe(true);
  });

  it('when a field is empty, then it fails', () => {
    expect(loginRequestSchema.safeParse({ username: '', password: 'x' }).success).toBe(false);
  });
});

describe('authSessionSchema', () => {
  it('when given a login answer, then it parses', () => {
    const session = { accessToken: 'a.b.c', expiresIn: 900, user: { id: 'u1', username: 'ada' } };
    expect(authSessionSchema.parse(session)).toEqual(session);
  });
});
