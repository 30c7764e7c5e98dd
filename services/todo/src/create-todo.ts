import { todoApi } from '@podlab/contracts/openapi';
import type { ServiceContext, ServiceParts } from '@podlab/kit';
import { jwtVerifierFor } from '@podlab/kit/auth';
import { openMysql, pingMysql } from '@podlab/kit/db';
import type { Config } from './config.js';
import { migrations } from './data-access/migrations.js';
import { TodosRepository } from './data-access/todos-repository.js';
import { ClearCompletedUseCase } from './domain/clear-completed-use-case.js';
import { CreateTodoUseCase } from './domain/create-todo-use-case.js';
import { DeleteTodoUseCase } from './domain/delete-todo-use-case.js';
import { ListTodosUseCase } from './domain/list-todos-use-case.js';
import { ToggleAllUseCase } from './domain/toggle-all-use-case.js';
import { UpdateTodoUseCase } from './domain/update-todo-use-case.js';
import { todosRoutes } from './entry-points/todos-routes.js';

/** Wires the todo service: database (migrated) → repository → use cases; tokens checked against auth's JWKS. */
export async function createTodo(context: ServiceContext<Config>): Promise<ServiceParts> {
  const { config } = context;
  const pool = await openMysql(config, migrations, context);
  const todos = new TodosRepository(pool);
  // Keys are fetched on the first token and cached: auth being away does not stop todo.
  const verifier = jwtVerifierFor(config);

  return {
    openApi: todoApi,
    api: todosRoutes(verifier, {
      listTodos: new ListTodosUseCase(todos),
      createTodo: new CreateTodoUseCase(todos, config.TODO_MAX_PER_USER),
      updateTodo: new UpdateTodoUseCase(todos),
      deleteTodo: new DeleteTodoUseCase(todos),
      toggleAll: new ToggleAllUseCase(todos),
      clearCompleted: new ClearCompletedUseCase(todos),
    }),
    // Not auth: todo keeps serving on its cached keys while auth restarts.
    readiness: { database: () => pingMysql(pool) },
    // A title is at most 500 characters; 16 KiB is room for any valid body, even fully escaped.
    bodyLimit: '16kb',
  };
}
