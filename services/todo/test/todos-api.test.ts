import {
  bulkTodoResponseSchema,
  errorResponseSchema,
  listTodosResponseSchema,
  serviceInfoSchema,
  todoSchema,
  type Todo,
} from '@podlab/contracts';
import type { TestUser } from '@podlab/testing';
import { describe, expect, it } from 'vitest';
import { startTodoApi } from './support/todo-api.js';

const api = await startTodoApi({ TODO_MAX_PER_USER: '5' });

const create = async (user: TestUser, title: string): Promise<Todo> => {
  const response = await api.call('/todos', { method: 'POST', token: user.token, body: { title } });
  expect(response.status).toBe(201);
  return todoSchema.parse(await response.json());
};
const list = async (user: TestUser, query = ''): Promise<Todo[]> => {
  const response = await api.call(`/todos${query}`, { token: user.token });
  expect(response.status).toBe(200);
  return listTodosResponseSchema.parse(await response.json()).todos;
};
const patch = (user: TestUser, id: string, body: unknown) =>
  api.call(`/todos/${id}`, { method: 'PATCH', token: user.token, body });

describe('GET /api/todo/todos', () => {
  it('when the user has no todos, then it answers an empty list', async () => {
    expect(await list(await api.newUser())).toEqual([]);
  });

  it('when the user has todos, then it answers them oldest first, ids as strings, ISO dates', async () => {
    const user = await api.newUser();
    const titles = ['first', 'second', 'third'];
    for (const title of titles) await create(user, title);
    const todos = await list(user);
    expect(todos.map((t) => t.title)).toEqual(titles);
    expect(todos.every((t) => typeof t.id === 'string' && !t.completed)).toBe(true);
    expect(Number(todos[0]?.id)).toBeLessThan(Number(todos[2]?.id));
  });

  it('when filtered, then active and completed each answer their part and all answers both', async () => {
    const user = await api.newUser();
    const a = await create(user, 'active one');
    const b = await create(user, 'done one');
    expect((await patch(user, b.id, { completed: true })).status).toBe(200);
    expect((await list(user, '?filter=active')).map((t) => t.id)).toEqual([a.id]);
    expect((await list(user, '?filter=completed')).map((t) => t.id)).toEqual([b.id]);
    expect((await list(user, '?filter=all')).map((t) => t.id)).toEqual([a.id, b.id]);
  });

  it('when another user has todos, then they are not in this list', async () => {
    const [alice, bob] = [await api.newUser(), await api.newUser()];
    await create(alice, 'alice only');
    expect(await list(bob)).toEqual([]);
  });
});

describe('POST /api/todo/todos', () => {
  it('when given a title, then it answers 201 with an active todo whose dates are now', async () => {
    const before = Date.now();
    const todo = await create(await api.newUser(), 'buy milk');
    expect(todo).toMatchObject({ title: 'buy milk', completed: false });
    expect(todo.id).toMatch(/^[1-9]\d*$/);
    expect(todo.createdAt).toBe(todo.updatedAt);
    expect(Date.parse(todo.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(todo.createdAt)).toBeLessThanOrEqual(Date.now());
  });

  it('when the title has spaces around it, then they are trimmed', async () => {
    expect((await create(await api.newUser(), '  walk the dog \n')).title).toBe('walk the dog');
  });

  it('when created, then a list answers exactly what the create answered', async () => {
    const user = await api.newUser();
    const todo = await create(user, 'round trip');
    expect(await list(user)).toEqual([todo]);
  });

  it('when the list is full, then it answers 409 TODO_LIMIT_REACHED and stores nothing more', async () => {
    const user = await api.newUser();
    for (let i = 1; i <= 5; i++) await create(user, `todo ${i}`);
    const response = await api.call('/todos', {
      method: 'POST',
      token: user.token,
      body: { title: 'six' },
    });
    expect(response.status).toBe(409);
    const body = errorResponseSchema.parse(await response.json());
    expect(body.error.code).toBe('TODO_LIMIT_REACHED');
    expect(body.error.message).toContain('at most 5');
    expect(await list(user)).toHaveLength(5);
  });

  it('when a full list drops one, then a new one fits again', async () => {
    const user = await api.newUser();
    const todos = [];
    for (let i = 1; i <= 5; i++) todos.push(await create(user, `todo ${i}`));
    const removed = await api.call(`/todos/${todos[0]?.id}`, {
      method: 'DELETE',
      token: user.token,
    });
    expect(removed.status).toBe(204);
    expect((await create(user, 'fits again')).title).toBe('fits again');
  });
});

describe('PATCH /api/todo/todos/:id', () => {
  it('when given a new title, then it answers 200 with the todo renamed and a later updatedAt', async () => {
    const user = await api.newUser();
    const todo = await create(user, 'old title');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await patch(user, todo.id, { title: 'new title' });
    expect(response.status).toBe(200);
    const updated = todoSchema.parse(await response.json());
    expect(updated).toMatchObject({
      id: todo.id,
      title: 'new title',
      completed: false,
      createdAt: todo.createdAt,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(todo.updatedAt));
    expect(await list(user)).toEqual([updated]);
  });

  it('when toggled twice, then it is completed, then active again', async () => {
    const user = await api.newUser();
    const todo = await create(user, 'toggle me');
    expect(
      todoSchema.parse(await (await patch(user, todo.id, { completed: true })).json()).completed,
    ).toBe(true);
    expect(
      todoSchema.parse(await (await patch(user, todo.id, { completed: false })).json()).completed,
    ).toBe(false);
  });

  it('when given the values it already has, then it still answers 200 with the todo', async () => {
    const user = await api.newUser();
    const todo = await create(user, 'same');
    const response = await patch(user, todo.id, { title: 'same', completed: false });
    expect(response.status).toBe(200);
    expect(todoSchema.parse(await response.json()).title).toBe('same');
  });

  it('when given title and completed together, then both change', async () => {
    const user = await api.newUser();
    const todo = await create(user, 'both');
    const updated = todoSchema.parse(
      await (await patch(user, todo.id, { title: 'both!', completed: true })).json(),
    );
    expect(updated).toMatchObject({ title: 'both!', completed: true });
  });

  it('when the todo does not exist, then it answers 404 TODO_NOT_FOUND', async () => {
    const response = await patch(await api.newUser(), '999999999', { completed: true });
    expect(response.status).toBe(404);
    expect(errorResponseSchema.parse(await response.json()).error.code).toBe('TODO_NOT_FOUND');
  });
});

describe('DELETE /api/todo/todos/:id', () => {
  it('when the todo exists, then it answers 204 with no body and it is gone', async () => {
    const user = await api.newUser();
    const keep = await create(user, 'keep');
    const drop = await create(user, 'drop');
    const response = await api.call(`/todos/${drop.id}`, { method: 'DELETE', token: user.token });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(await list(user)).toEqual([keep]);
  });

  it('when deleted twice, then the second answers 404 TODO_NOT_FOUND', async () => {
    const user = await api.newUser();
    const todo = await create(user, 'once');
    await api.call(`/todos/${todo.id}`, { method: 'DELETE', token: user.token });
    const again = await api.call(`/todos/${todo.id}`, { method: 'DELETE', token: user.token });
    expect(again.status).toBe(404);
    expect(errorResponseSchema.parse(await again.json()).error.code).toBe('TODO_NOT_FOUND');
  });
});

describe('POST /api/todo/todos/toggle-all', () => {
  it('when completing all, then every todo is completed and affected counts the ones that changed', async () => {
    const user = await api.newUser();
    const a = await create(user, 'a');
    await create(user, 'b');
    await create(user, 'c');
    await patch(user, a.id, { completed: true });
    const response = await api.call('/todos/toggle-all', {
      method: 'POST',
      token: user.token,
      body: { completed: true },
    });
    expect(response.status).toBe(200);
    expect(bulkTodoResponseSchema.parse(await response.json())).toEqual({ affected: 2 });
    expect((await list(user)).every((t) => t.completed)).toBe(true);
  });

  it('when un-completing all, then every todo is active again', async () => {
    const user = await api.newUser();
    await create(user, 'a');
    await api.call('/todos/toggle-all', {
      method: 'POST',
      token: user.token,
      body: { completed: true },
    });
    const response = await api.call('/todos/toggle-all', {
      method: 'POST',
      token: user.token,
      body: { completed: false },
    });
    expect(bulkTodoResponseSchema.parse(await response.json())).toEqual({ affected: 1 });
    expect((await list(user, '?filter=active')).map((t) => t.title)).toEqual(['a']);
  });

  it("when one user toggles all, then another user's todos stay as they were", async () => {
    const [alice, bob] = [await api.newUser(), await api.newUser()];
    await create(bob, 'bob stays active');
    await create(alice, 'alice');
    await api.call('/todos/toggle-all', {
      method: 'POST',
      token: alice.token,
      body: { completed: true },
    });
    expect((await list(bob, '?filter=active')).map((t) => t.title)).toEqual(['bob stays active']);
  });
});

describe('POST /api/todo/todos/clear-completed', () => {
  it('when some are completed, then exactly those are deleted and counted', async () => {
    const user = await api.newUser();
    const a = await create(user, 'done 1');
    const b = await create(user, 'done 2');
    const c = await create(user, 'still to do');
    await patch(user, a.id, { completed: true });
    await patch(user, b.id, { completed: true });
    const response = await api.call('/todos/clear-completed', {
      method: 'POST',
      token: user.token,
    });
    expect(response.status).toBe(200);
    expect(bulkTodoResponseSchema.parse(await response.json())).toEqual({ affected: 2 });
    expect((await list(user)).map((t) => t.id)).toEqual([c.id]);
  });

  it("when nothing is completed, then it answers affected 0 and another user's completed todos stay", async () => {
    const [alice, bob] = [await api.newUser(), await api.newUser()];
    const bobs = await create(bob, 'bob done');
    await patch(bob, bobs.id, { completed: true });
    await create(alice, 'alice active');
    const response = await api.call('/todos/clear-completed', {
      method: 'POST',
      token: alice.token,
      body: {},
    });
    expect(bulkTodoResponseSchema.parse(await response.json())).toEqual({ affected: 0 });
    expect(await list(bob)).toHaveLength(1);
  });
});

describe('GET /api/todo/info and health', () => {
  it('when asked without a token, then info names the service, version and pod', async () => {
    const response = await api.call('/info');
    expect(response.status).toBe(200);
    const info = serviceInfoSchema.parse(await response.json());
    expect(info.service).toBe('todo');
    expect(response.headers.get('x-served-by-pod')).toBe(info.pod);
  });

  it('when the database answers, then /readyz reports ready and names the database check', async () => {
    const response = await fetch(`${api.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('database');
  });

  it('when scraped, then /metrics has todo routes by pattern, never by id', async () => {
    const user = await api.newUser();
    const todo = await create(user, 'metrics');
    await patch(user, todo.id, { completed: true });
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(text).toContain('route="/api/todo/todos/:id"');
    expect(text).not.toContain(`/api/todo/todos/${todo.id}`);
  });
});
