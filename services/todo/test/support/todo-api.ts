import {
  createTestDatabase,
  sharedServers,
  startTokenIssuer,
  type TestUser,
  type TokenIssuer,
} from '@podlab/testing';
import { startTestService } from '@podlab/testing/service';
import { afterAll } from 'vitest';
import { configSchema } from '../../src/config.js';
import { createTodo } from '../../src/create-todo.js';

export interface TodoTestApi {
  /** Base URL of the service (health routes live here). */
  url: string;
  issuer: TokenIssuer;
  /** A fresh user (own `sub`) with a valid token: each test's data is its own. */
  newUser(): Promise<TestUser>;
  /** fetch against `/api/todo<path>`. */
  call(
    path: string,
    init?: {
      method?: string;
      token?: string;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
}

/**
 * The todo service in process on port 0 against its own database on the run's MariaDB, and a
 * local token issuer standing in for auth; both are stopped after the file's tests.
 */
export async function startTodoApi(env: Record<string, string> = {}): Promise<TodoTestApi> {
  const database = await createTestDatabase(sharedServers().mysqlAdminUrl, 'todo_api');
  const issuer = await startTokenIssuer();
  afterAll(async () => {
    await issuer.close();
    await database.drop();
  });
  const service = await startTestService('todo', configSchema, createTodo, {
    MYSQL_URL: database.url,
    JWKS_URL: issuer.jwksUrl,
    ...env,
  });
  return {
    url: service.url,
    issuer,
    newUser: () => issuer.newUser(),
    call(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      let body = init.raw;
      if (init.body !== undefined) body = JSON.stringify(init.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      return fetch(`${service.url}/api/todo${path}`, {
        method: init.method ?? 'GET',
        headers,
        body,
      });
    },
  };
}
