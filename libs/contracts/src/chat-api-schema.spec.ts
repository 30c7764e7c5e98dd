import { describe, expect, it } from 'vitest';
import {
  MESSAGE_TEXT_MAX,
  MESSAGES_PAGE_DEFAULT,
  listMessagesQuerySchema,
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
