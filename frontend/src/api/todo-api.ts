import {
  bulkTodoResponseSchema,
  listTodosResponseSchema,
  todoSchema,
  type TodoFilter,
  type UpdateTodoRequest,
} from '@podlab/contracts';
import { request } from './http-client.js';

const base = '/api/todo/todos';

export const todoApi = {
  list: (filter: TodoFilter = 'all') =>
    request(base, { query: { filter }, schema: listTodosResponseSchema }),
  create: (title: string) => request(base, { method: 'POST', body: { title }, schema: todoSchema }),
  update: (id: string, body: UpdateTodoRequest) =>
    request(`${base}/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: todoSchema }),
  remove: (id: string) => request(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  toggleAll: (completed: boolean) =>
    request(`${base}/toggle-all`, {
      method: 'POST',
      body: { completed },
      schema: bulkTodoResponseSchema,
    }),
  clearCompleted: () =>
    request(`${base}/clear-completed`, { method: 'POST', schema: bulkTodoResponseSchema }),
};
