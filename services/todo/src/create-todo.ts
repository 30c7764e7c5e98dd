import { todoApi } from '@podlab/contracts/openapi';
import type { ServiceContext, ServiceParts } from '@podlab/kit';
import { createJwtVerifier } from '@podlab/kit/auth';
import { createMysqlPool, pingMysql, runMigrations } from '@podlab/kit/db';
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
export async function createTodo({
  config,
  logger,
  lifecycle,
}: ServiceContext<Config>): Promise<ServiceParts> {
  const pool = createMysqlPool(config.MYSQL_URL, lifecycle, {
    connectionLimit: config.MYSQL_POOL_SIZE,
  });
  await runMigrations(pool, migrations, logger);
  const todos = new TodosRepository(pool);

  // Keys are fetched on the first token and cached; auth being away does not stop todo.
  // A token that verified is remembered until its exp (at most a minute): one signature check
  // per client and minute, not one per request.
  const verifier = createJwtVerifier({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });

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
