import { z } from 'zod';

/**
 * Todo API (`/api/todo/...`), every route with `Authorization: Bearer <accessToken>`.
 * Another user's todo answers 404, exactly like a missing one.
 *
 * - `GET /todos[?filter=all|active|completed]` → 200 {@link listTodosResponseSchema}, oldest first
 * - `POST /todos` {@link createTodoRequestSchema} → 201 {@link todoSchema}
 * - `PATCH /todos/:id` {@link updateTodoRequestSchema} → 200 {@link todoSchema}
 * - `DELETE /todos/:id` → 204
 * - `POST /todos/toggle-all` {@link toggleAllRequestSchema} → 200 {@link bulkTodoResponseSchema}
 * - `POST /todos/clear-completed` → 200 {@link bulkTodoResponseSchema}
 */

export const TODO_TITLE_MAX = 500;

export const todoFilterSchema = z.enum(['all', 'active', 'completed']);
export type TodoFilter = z.infer<typeof todoFilterSchema>;

export const listTodosQuerySchema = z.object({
  filter: todoFilterSchema.default('all'),
});
export type ListTodosQuery = z.infer<typeof listTodosQuerySchema>;

export const todoTitleSchema = z.string().trim().min(1).max(TODO_TITLE_MAX);

export const todoSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  completed: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Todo = z.infer<typeof todoSchema>;

export const listTodosResponseSchema = z.object({ todos: z.array(todoSchema) });
export type ListTodosResponse = z.infer<typeof listTodosResponseSchema>;

export const createTodoRequestSchema = z.strictObject({ title: todoTitleSchema });
export type CreateTodoRequest = z.infer<typeof createTodoRequestSchema>;

export const updateTodoRequestSchema = z
  .strictObject({
    title: todoTitleSchema.optional(),
    completed: z.boolean().optional(),
  })
  .refine(
    (body) => body.title !== undefined || body.completed !== undefined,
    'give a title or completed',
  );
export type UpdateTodoRequest = z.infer<typeof updateTodoRequestSchema>;

export const toggleAllRequestSchema = z.strictObject({ completed: z.boolean() });
export type ToggleAllRequest = z.infer<typeof toggleAllRequestSchema>;

/** toggle-all and clear-completed: how many todos changed. */
export const bulkTodoResponseSchema = z.object({ affected: z.int().nonnegative() });
export type BulkTodoResponse = z.infer<typeof bulkTodoResponseSchema>;
