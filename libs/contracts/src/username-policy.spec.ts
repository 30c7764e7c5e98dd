import { describe, expect, it } from 'vitest';
import { registerRequestSchema } from './auth-api-schema.js';
import { usernameKey, usernameProblem } from './username-policy.js';

const PASSWORD = 'long enough password';
const parse = (username: string) =>
  registerRequestSchema.safeParse({ username, password: PASSWORD });
const problemOf = (username: string) => {
  const result = parse(username);
  return result.success ? undefined : result.error.issues.map((i) => i.message).join('; ');
};

describe('username policy (RFC 8265 UsernameCaseMapped, approximated)', () => {
  it('when the name is accented Latin, CJK or Hangul, then it is accepted', () => {
    for (const name of [
      'ñandú',
      'José.García',
      '小明同學',
      '山田たろう',
      '김민준',
      'Ελένη',
      'Мария',
      'राजेश',
    ]) {
      expect(problemOf(name), name).toBeUndefined();
    }
  });

  it('when Latin is mixed with Han and Kana (as Japanese names are), then it is accepted', () => {
    expect(problemOf('taro山田たろう')).toBeUndefined();
  });

  it('when the name is typed decomposed or full-width, then it parses to its NFKC form', () => {
    expect(parse('n\u0303andu\u0301').data?.username).toBe('ñandú');
    expect(parse('Ａｄａ').data?.username).toBe('Ada');
    expect(usernameKey('Ａｄａ')).toBe(usernameKey('ADA'));
  });

  it('when a Cyrillic а sits in a Latin name, then it is refused naming both scripts', () => {
    const problem = problemOf('p\u0430ypal');
    expect(problem).toContain('Latin');
    expect(problem).toContain('Cyrillic');
    expect(problemOf('αlpha')).toContain('Greek');
  });

  it('when the name holds emoji, then it is refused as emoji', () => {
    for (const name of ['ada🚀', '🦊🦊🦊', 'ada👍🏽', 'flag🇹🇼'])
      expect(problemOf(name), name).toContain('emoji');
  });

  it('when normalisation expands it past 64 characters, then it is refused by the length after NFKC', () => {
    const expanding = '\uFDFA'.repeat(64);
    expect(expanding.length).toBe(64);
    expect(problemOf(expanding)).toContain('once normalised');
    expect(problemOf('\uFDFA'.repeat(3))).toBeDefined();
    // 64 precomposed letters typed decomposed are 128 code units, 64 characters once normalised.
    expect(problemOf('e\u0301'.repeat(64))).toBeUndefined();
    expect(problemOf('é'.repeat(65))).toContain('this one is 65');
  });

  it('when the name has spaces, symbols or invisible characters, then it is refused', () => {
    for (const name of ['al ice', 'a\u200Dda', 'ada\u0000', '<b>x</b>', 'ad\u00ADa', '\u0301ada']) {
      expect(problemOf(name), JSON.stringify(name)).toBeDefined();
    }
  });

  it('when a problem is found, then it is reported on body.username', () => {
    const result = parse('p\u0430ypal');
    expect(result.error?.issues[0]?.path).toEqual(['username']);
    expect(usernameProblem('ok_name')).toBeUndefined();
  });
});
