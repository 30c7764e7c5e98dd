import {
  createTodoRequestSchema,
  listTodosQuerySchema,
  toggleAllRequestSchema,
  updateTodoRequestSchema,
} from '@podlab/contracts';
import { parseInput } from '@podlab/kit';
import { requireAuth, userOf, type JwtVerifier } from '@podlab/kit/auth';
import { databaseUnavailable } from '@podlab/kit/db';
import { Router } from 'express';
import { z } from 'zod';
import type { ClearCompletedUseCase } from '../domain/clear-completed-use-case.js';
import type { CreateTodoUseCase } from '../domain/create-todo-use-case.js';
import type { DeleteTodoUseCase } from '../domain/delete-todo-use-case.js';
import type { ListTodosUseCase } from '../domain/list-todos-use-case.js';
import type { ToggleAllUseCase } from '../domain/toggle-all-use-case.js';
import type { UpdateTodoUseCase } from '../domain/update-todo-use-case.js';

export interface TodoUseCases {
  listTodos: ListTodosUseCase;
  createTodo: CreateTodoUseCase;
  updateTodo: UpdateTodoUseCase;
  deleteTodo: DeleteTodoUseCase;
  toggleAll: ToggleAllUseCase;
  clearCompleted: ClearCompletedUseCase;
}

/** Ids are the table's BIGINT keys as decimal strings; anything else is refused before SQL. */
const todoIdParamsSchema = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'must be a todo id (digits, no sign or exponent)'),
});

/** `/api/todo/todos...`: every route needs a valid access token; each works on the caller's own list. */
export function todosRoutes(verifier: JwtVerifier, useCases: TodoUseCases): Router {
  const router = Router();
  const auth = requireAuth(verifier);

  router.get('/todos', auth, async (req, res) => {
    const { filter } = parseInput(listTodosQuerySchema, req.query, 'query');
    res.json(await useCases.listTodos.execute(userOf(res).id, filter));
  });

  router.post('/todos', auth, async (req, res) => {
    const request = parseInput(createTodoRequestSchema, req.body, 'body');
    res.status(201).json(await useCases.createTodo.execute(userOf(res).id, request));
  });

  router.post('/todos/toggle-all', auth, async (req, res) => {
    const request = parseInput(toggleAllRequestSchema, req.body, 'body');
    res.json(await useCases.toggleAll.execute(userOf(res).id, request));
  });

  router.post('/todos/clear-completed', auth, async (_req, res) => {
    res.json(await useCases.clearCompleted.execute(userOf(res).id));
  });

  router.patch('/todos/:id', auth, async (req, res) => {
    const { id } = parseInput(todoIdParamsSchema, req.params, 'params');
    const changes = parseInput(updateTodoRequestSchema, req.body, 'body');
    res.json(await useCases.updateTodo.execute(userOf(res).id, id, changes));
  });

  router.delete('/todos/:id', auth, async (req, res) => {
    const { id } = parseInput(todoIdParamsSchema, req.params, 'params');
    await useCases.deleteTodo.execute(userOf(res).id, id);
    res.status(204).end();
  });

  router.use(databaseUnavailable);
  return router;
}
