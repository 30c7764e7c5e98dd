import type { Todo } from '@podlab/contracts';
import { fireEvent } from '@testing-library/dom';
import { describe, expect, it } from 'vitest';
import { useAuthStore } from '../stores/auth-store.js';
import { fakeFetch, json, on, type RecordedCall } from '../testing/fake-fetch.js';
import { flushPromises, renderWithApp, typeInto } from '../testing/render.js';
import TodosPage from './TodosPage.vue';

const at = '2025-01-01T00:00:00.000Z';
const todo = (id: string, title: string, completed: boolean): Todo => ({
  id,
  title,
  completed,
  createdAt: at,
  updatedAt: at,
});

/** A todo API kept in memory, enough to drive the page. */
function todoServer(initial: Todo[]) {
  let todos = [...initial];
  const session = { accessToken: 't', expiresIn: 900, user: { id: 'u1', username: 'ada' } };
  const idFrom = (call: RecordedCall) => decodeURIComponent(call.url.split('/').pop() ?? '');
  const fake = fakeFetch(
    on('POST', '/api/auth/refresh', () => json(200, session)),
    on('GET', '/api/todo/todos', () => json(200, { todos })),
    on('POST', '/api/todo/todos', (call) => {
      const created = todo(
        String(todos.length + 100),
        (call.body as { title: string }).title,
        false,
      );
      todos = [...todos, created];
      return json(201, created);
    }),
    on('POST', '/api/todo/todos/clear-completed', () => {
      const before = todos.length;
      todos = todos.filter((t) => !t.completed);
      return json(200, { affected: before - todos.length });
    }),
    on('POST', '/api/todo/todos/toggle-all', (call) => {
      const { completed } = call.body as { completed: boolean };
      todos = todos.map((t) => ({ ...t, completed }));
      return json(200, { affected: todos.length });
    }),
    (call) => {
      if (!call.url.startsWith('/api/todo/todos/')) return undefined;
      const id = idFrom(call);
      if (call.method === 'DELETE') {
        todos = todos.filter((t) => t.id !== id);
        return new Response(null, { status: 204 });
      }
      todos = todos.map((t) => (t.id === id ? { ...t, ...(call.body as Partial<Todo>) } : t));
      return json(
        200,
        todos.find((t) => t.id === id),
      );
    },
  );
  return { ...fake, todos: () => todos };
}

async function renderTodos(initial: Todo[], path = '/todos') {
  const server = todoServer(initial);
  const view = await renderWithApp(TodosPage, { path });
  expect(useAuthStore().signedIn).toBe(true);
  return { ...view, server };
}

const titles = (screen: Awaited<ReturnType<typeof renderWithApp>>['screen']) =>
  screen
    .queryAllByRole('listitem')
    .filter((li) => li.classList.contains('todo-item'))
    .map((li) => li.querySelector('.title')?.textContent);

describe('TodosPage', () => {
  it('when todos load, then it lists them and counts the active ones', async () => {
    const { screen } = await renderTodos([
      todo('1', 'milk', false),
      todo('2', 'eggs', true),
      todo('3', 'tea', false),
    ]);
    expect(titles(screen)).toEqual(['milk', 'eggs', 'tea']);
    expect(screen.getByRole('status').textContent).toBe('2 items left');
  });

  it('when one item is left, then the count is singular', async () => {
    const { screen } = await renderTodos([todo('1', 'milk', false), todo('2', 'eggs', true)]);
    expect(screen.getByRole('status').textContent).toBe('1 item left');
  });

  it('when a filter is chosen, then only matching todos show and the count stays', async () => {
    const { screen, router } = await renderTodos([
      todo('1', 'milk', false),
      todo('2', 'eggs', true),
    ]);

    await fireEvent.click(screen.getByRole('link', { name: 'Active' }));
    await flushPromises();
    expect(router.currentRoute.value.query['filter']).toBe('active');
    expect(titles(screen)).toEqual(['milk']);
    expect(screen.getByRole('link', { name: 'Active' }).getAttribute('aria-current')).toBe('page');

    await router.push('/todos?filter=completed');
    await flushPromises();
    expect(titles(screen)).toEqual(['eggs']);
    expect(screen.getByRole('status').textContent).toBe('1 item left');
  });

  it('when clear completed is pressed, then completed todos go and the button hides', async () => {
    const { screen, server } = await renderTodos([
      todo('1', 'milk', false),
      todo('2', 'eggs', true),
    ]);

    await fireEvent.click(screen.getByRole('button', { name: 'Clear completed' }));
    await flushPromises();

    expect(titles(screen)).toEqual(['milk']);
    expect(server.todos().map((t) => t.id)).toEqual(['1']);
    expect(screen.queryByRole('button', { name: 'Clear completed' })).toBeNull();
  });

  it('when a todo is added, toggled and deleted, then the list follows', async () => {
    const { screen } = await renderTodos([]);
    expect(screen.getByText('Nothing here yet.')).toBeTruthy();

    await typeInto(screen.getByLabelText('What needs to be done?'), '  buy milk ');
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await flushPromises();
    expect(titles(screen)).toEqual(['buy milk']);
    expect((screen.getByLabelText('What needs to be done?') as HTMLInputElement).value).toBe('');

    await fireEvent.click(screen.getByRole('checkbox', { name: 'Mark “buy milk” as complete' }));
    await flushPromises();
    expect(screen.getByRole('status').textContent).toBe('0 items left');

    await fireEvent.click(screen.getByRole('button', { name: 'Delete “buy milk”' }));
    await flushPromises();
    expect(titles(screen)).toEqual([]);
  });

  it('when a title is edited in place, then Enter saves it and Escape cancels', async () => {
    const { screen, server } = await renderTodos([todo('1', 'milk', false)]);

    await fireEvent.click(screen.getByRole('button', { name: 'Edit “milk”' }));
    const input = screen.getByRole('textbox', { name: 'Edit title' });
    await typeInto(input, 'oat milk');
    await fireEvent.keyDown(input, { key: 'Enter' });
    await flushPromises();
    expect(titles(screen)).toEqual(['oat milk']);
    expect(server.todos()[0]?.title).toBe('oat milk');

    await fireEvent.click(screen.getByRole('button', { name: 'Edit “oat milk”' }));
    await typeInto(screen.getByRole('textbox', { name: 'Edit title' }), 'nope');
    await fireEvent.keyDown(screen.getByRole('textbox', { name: 'Edit title' }), { key: 'Escape' });
    await flushPromises();
    expect(titles(screen)).toEqual(['oat milk']);
  });

  it('when toggle all is checked, then every todo completes', async () => {
    const { screen } = await renderTodos([todo('1', 'milk', false), todo('2', 'eggs', false)]);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Mark all as complete' }));
    await flushPromises();
    expect(screen.getByRole('status').textContent).toBe('0 items left');
    expect(
      (screen.getByRole('checkbox', { name: 'Mark all as complete' }) as HTMLInputElement).checked,
    ).toBe(true);
  });
});
