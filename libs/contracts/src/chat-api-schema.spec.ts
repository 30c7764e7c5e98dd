import { describe, expect, it } from 'vitest';
import {
  MESSAGE_TEXT_MAX,
  MESSAGES_PAGE_DEFAULT,
  ROOMS_PAGE_DEFAULT,
  ROOMS_PAGE_MAX,
  listMessagesQuerySchema,
  listRoomsQuerySchema,
  postMessageRequestSchema,
} from './chat-api-schema.js';

describe('listMessagesQuerySchema', () => {
  it('when no limit is given, then it defaults', () => {
    expect(listMessagesQuerySchema.parse({})).toEqual({ limit: MESSAGES_PAGE_DEFAULT });
  });

  it('when the limit comes as a query string, then it is coerced', () => {
    expect(listMessagesQuerySchema.parse({ before: 'abc', limit: '20' })).toEqual({
      before: 'abc',
      limit: 20,
    });
  });

  it('when the limit is out of range, then it fails', () => {
    expect(listMessagesQuerySchema.safeParse({ limit: '1000' }).success).toBe(false);
  });
});

describe('listRoomsQuerySchema', () => {
  it('when nothing is given, then the first page of the default size', () => {
    expect(listRoomsQuerySchema.parse({})).toEqual({ limit: ROOMS_PAGE_DEFAULT });
  });

  it('when a cursor and a limit come as query strings, then both are kept, the limit coerced', () => {
    expect(listRoomsQuerySchema.parse({ before: '42', limit: String(ROOMS_PAGE_MAX) })).toEqual({
      before: '42',
      limit: ROOMS_PAGE_MAX,
    });
  });

  for (const query of [
    { limit: '0' },
    { limit: String(ROOMS_PAGE_MAX + 1) },
    { limit: '1.5' },
    { before: '0' },
    { before: 'abc' },
    { before: '1'.repeat(20) },
    { before: ['1', '2'] },
  ]) {
    it(`when given ${JSON.stringify(query)}, then it fails`, () => {
      expect(listRoomsQuerySchema.safeParse(query).success).toBe(false);
    });
  }
});

describe('postMessageRequestSchema', () => {
  it('when the text is too long, then it fails', () => {
    expect(
      postMessageRequestSchema.safeParse({ text: 'x'.repeat(MESSAGE_TEXT_MAX + 1) }).success,
    ).toBe(false);
  });

  it('when the text holds markup, then it is kept literally', () => {
    expect(postMessageRequestSchema.parse({ text: '<script>alert(1)</script>' }).text).toBe(
      '<script>alert(1)</script>',
    );
  });
});
