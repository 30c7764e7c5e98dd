import { describe, expect, it } from 'vitest';
import {
  createTodoRequestSchema,
  listTodosQuerySchema,
  todoSchema,
  updateTodoRequestSchema,
} from './todo-api-schema.js';

describe('listTodosQuerySchema', () => {
  it('when no filter is given, then it is all', () => {
    expect(listTodosQuerySchema.parse({})).toEqual({ filter: 'all' });
  });

  it('when the filter is unknown, then it fails', () => {
    expect(listTodosQuerySchema.safeParse({ filter: 'done' }).success).toBe(false);
  });
});

describe('createTodoRequestSchema', () => {
  it('when the title is blank, then it fails', () => {
    expect(createTodoRequestSchema.safeParse({ title: '   ' }).success).toBe(false);
  });

  it('when the title holds markup, then it is kept as text', () => {
    expect(createTodoRequestSchema.parse({ title: '<script>alert(1)</script>' })).toEqual({
      title: '<script>alert(1)</script>',
    });
  });
});

describe('updateTodoRequestSchema', () => {
  it('when the body is empty, then it fails', () => {
    expect(updateTodoRequestSchema.safeParse({}).success).toBe(false);
  });

  it('when only completed is given, then it parses', () => {
    expect(updateTodoRequestSchema.parse({ completed: true })).toEqual({ completed: true });
  });
});

describe('todoSchema', () => {
  it('when timestamps carry an offset, then it parses', () => {
    const todo = {
      id: '1',
      title: 't',
      completed: false,
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T08:00:00+08:00',
    };
    expect(todoSchema.parse(todo)).toEqual(todo);
  });
});
