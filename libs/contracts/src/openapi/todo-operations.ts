import { z } from 'zod';
import {
  bulkTodoResponseSchema,
  createTodoRequestSchema,
  listTodosQuerySchema,
  listTodosResponseSchema,
  todoSchema,
  toggleAllRequestSchema,
  updateTodoRequestSchema,
} from '../todo-api-schema.js';
import type { ServiceApi } from './api-operation.js';

const todoIdParams = z.object({ id: z.string().describe('A todo id, as `id` in a todo') });

export const todoApi: ServiceApi = {
  service: 'todo',
  description:
    'Each signed-in user’s own todo list. Another user’s todo answers 404, like a missing one.',
  operations: [
    {
      operationId: 'listTodos',
      method: 'get',
      path: '/todos',
      summary: 'The caller’s todos, oldest first',
      security: 'bearer',
      query: listTodosQuerySchema,
      responses: { 200: { description: 'The list', json: listTodosResponseSchema } },
    },
    {
      operationId: 'createTodo',
      method: 'post',
      path: '/todos',
      summary: 'Add a todo',
      security: 'bearer',
      body: createTodoRequestSchema,
      responses: { 201: { description: 'The new todo', json: todoSchema } },
      errors: { 409: 'TODO_LIMIT_REACHED: the list is full' },
    },
    {
      operationId: 'updateTodo',
      method: 'patch',
      path: '/todos/{id}',
      summary: 'Change a todo’s title or completed flag',
      security: 'bearer',
      params: todoIdParams,
      body: updateTodoRequestSchema,
      responses: { 200: { description: 'The changed todo', json: todoSchema } },
      errors: { 404: 'TODO_NOT_FOUND' },
    },
    {
      operationId: 'deleteTodo',
      method: 'delete',
      path: '/todos/{id}',
      summary: 'Delete a todo',
      security: 'bearer',
      params: todoIdParams,
      responses: { 204: { description: 'Deleted' } },
      errors: { 404: 'TODO_NOT_FOUND' },
    },
    {
      operationId: 'toggleAll',
      method: 'post',
      path: '/todos/toggle-all',
      summary: 'Mark every todo completed or active',
      security: 'bearer',
      body: toggleAllRequestSchema,
      responses: { 200: { description: 'How many changed', json: bulkTodoResponseSchema } },
    },
    {
      operationId: 'clearCompleted',
      method: 'post',
      path: '/todos/clear-completed',
      summary: 'Delete every completed todo',
      security: 'bearer',
      responses: { 200: { description: 'How many were deleted', json: bulkTodoResponseSchema } },
    },
  ],
};
