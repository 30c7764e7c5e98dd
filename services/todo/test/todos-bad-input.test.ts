import { errorResponseSchema, todoSchema, TODO_TITLE_MAX } from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import { startTodoApi } from './support/todo-api.js';

const api = await startTodoApi();
const user = await api.newUser();
const existing = todoSchema.parse(
  await (
    await api.call('/todos', { method: 'POST', token: user.token, body: { title: 'exists' } })
  ).json(),
);

interface BadCase {
  name: string;
  method: string;
  path: string;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** Text the error message must contain: the field or thing it names. */
  names?: string;
}

const json = { 'content-type': 'application/json' };
const cases: BadCase[] = [
  // POST /todos
  {
    name: 'invalid JSON',
    method: 'POST',
    path: '/todos',
    raw: '{"title": ',
    status: 400,
    code: 'INVALID_JSON',
  },
  { name: 'no body', method: 'POST', path: '/todos', status: 400, code: 'BODY_REQUIRED' },
  {
    name: 'an empty object',
    method: 'POST',
    path: '/todos',
    raw: '{}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.title',
  },
  {
    name: 'a title that is a number',
    method: 'POST',
    path: '/todos',
    raw: '{"title":42}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.title',
  },
  {
    name: 'a title that is null',
    method: 'POST',
    path: '/todos',
    raw: '{"title":null}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.title',
  },
  {
    name: 'a blank title',
    method: 'POST',
    path: '/todos',
    raw: '{"title":"   "}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.title',
  },
  {
    name: `a title over ${TODO_TITLE_MAX} characters`,
    method: 'POST',
    path: '/todos',
    raw: JSON.stringify({ title: 'x'.repeat(TODO_TITLE_MAX + 1) }),
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.title',
  },
  {
    name: 'an unknown field',
    method: 'POST',
    path: '/todos',
    raw: '{"title":"a","userId":"someone-else"}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'userId',
  },
  {
    name: 'a JSON array',
    method: 'POST',
    path: '/todos',
    raw: '[{"title":"a"}]',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a JSON string',
    method: 'POST',
    path: '/todos',
    raw: '"a"',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a body over the size limit',
    method: 'POST',
    path: '/todos',
    raw: JSON.stringify({ title: 'x'.repeat(200_000) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a form body',
    method: 'POST',
    path: '/todos',
    raw: 'title=a',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  // PATCH /todos/:id
  {
    name: 'an empty patch',
    method: 'PATCH',
    path: `/todos/${existing.id}`,
    raw: '{}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'give a title or completed',
  },
  {
    name: 'completed as a string',
    method: 'PATCH',
    path: `/todos/${existing.id}`,
    raw: '{"completed":"true"}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.completed',
  },
  {
    name: 'completed as 1',
    method: 'PATCH',
    path: `/todos/${existing.id}`,
    raw: '{"completed":1}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.completed',
  },
  {
    name: 'an unknown patch field',
    method: 'PATCH',
    path: `/todos/${existing.id}`,
    raw: '{"completed":true,"id":"1"}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'id',
  },
  {
    name: 'a blank new title',
    method: 'PATCH',
    path: `/todos/${existing.id}`,
    raw: '{"title":""}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.title',
  },
  // ids
  ...['abc', '-1', '0', '1e309', '1.5', '0x10', '99999999999999999999', '%2E%2E%2Fx', '%20'].map(
    (id): BadCase => ({
      name: `the id ${decodeURIComponent(id) === id ? id : `${id} (${decodeURIComponent(id)})`}`,
      method: 'PATCH',
      path: `/todos/${id}`,
      raw: '{"completed":true}',
      status: 400,
      code: 'VALIDATION_FAILED',
      names: 'params.id',
    }),
  ),
  {
    name: 'a bad id to delete',
    method: 'DELETE',
    path: '/todos/abc',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'params.id',
  },
  // toggle-all
  {
    name: 'toggle-all without completed',
    method: 'POST',
    path: '/todos/toggle-all',
    raw: '{}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.completed',
  },
  {
    name: 'toggle-all with completed "yes"',
    method: 'POST',
    path: '/todos/toggle-all',
    raw: '{"completed":"yes"}',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'body.completed',
  },
  {
    name: 'toggle-all with no body',
    method: 'POST',
    path: '/todos/toggle-all',
    status: 400,
    code: 'BODY_REQUIRED',
  },
  // list filter
  {
    name: 'an unknown filter',
    method: 'GET',
    path: '/todos?filter=done',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'query.filter',
  },
  {
    name: 'the filter twice',
    method: 'GET',
    path: '/todos?filter=all&filter=active',
    status: 400,
    code: 'VALIDATION_FAILED',
    names: 'query.filter',
  },
  // routes
  {
    name: 'an unknown route',
    method: 'GET',
    path: '/nope',
    status: 404,
    code: 'NOT_FOUND',
    names: 'GET /api/todo/nope',
  },
  {
    name: 'a path climbing out (../x)',
    method: 'GET',
    path: '/todos/../x',
    status: 404,
    code: 'NOT_FOUND',
    names: '/api/todo/x',
  },
  {
    name: 'PUT on a todo',
    method: 'PUT',
    path: `/todos/${existing.id}`,
    raw: '{"title":"a"}',
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'a nested path',
    method: 'DELETE',
    path: `/todos/${existing.id}/x`,
    status: 404,
    code: 'NOT_FOUND',
  },
];

describe('bad input to /api/todo', () => {
  for (const c of cases) {
    it(`when given ${c.name} (${c.method} ${c.path.slice(0, 40)}), then it answers ${c.status} ${c.code}`, async () => {
      const headers = c.raw === undefined ? c.headers : { ...json, ...c.headers };
      const response = await api.call(c.path, {
        method: c.method,
        token: user.token,
        raw: c.raw,
        headers,
      });
      expect(response.status).toBe(c.status);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = errorResponseSchema.parse(await response.json());
      expect(body.error.code).toBe(c.code);
      expect(body.error.message).not.toMatch(/at .*\.(ts|js):\d+/);
      if (c.names) expect(body.error.message).toContain(c.names);
    });
  }

  it('when all of that was sent, then the process still serves and the todo is unchanged', async () => {
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const list = await (await api.call('/todos', { token: user.token })).json();
    expect(list).toEqual({ todos: [existing] });
  });
});

describe('titles that look like code', () => {
  const titles = [
    "'; DROP TABLE todos; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM todos WHERE ('1'='1",
    '<script>alert("xss")</script>',
    '<img src=x onerror=alert(1)>',
    '\\x00 \\n %s %d ${process.env}',
    '✓ 繁體中文 🚀 émoji',
  ];

  it('when stored, then each is answered back literally, by create and by list', async () => {
    const author = await api.newUser();
    for (const title of titles) {
      const response = await api.call('/todos', {
        method: 'POST',
        token: author.token,
        body: { title },
      });
      expect(response.status).toBe(201);
      expect(todoSchema.parse(await response.json()).title).toBe(title);
    }
    const listed = (await (await api.call('/todos', { token: author.token })).json()) as {
      todos: { title: string }[];
    };
    expect(listed.todos.map((t) => t.title)).toEqual(titles);
  });

  it('when a title is renamed to markup, then the answer is JSON, never HTML', async () => {
    const author = await api.newUser();
    const created = await api.call('/todos', {
      method: 'POST',
      token: author.token,
      body: { title: 'plain' },
    });
    const { id } = todoSchema.parse(await created.json());
    const response = await api.call(`/todos/${id}`, {
      method: 'PATCH',
      token: author.token,
      body: { title: '<b>bold</b>' },
    });
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(todoSchema.parse(await response.json()).title).toBe('<b>bold</b>');
  });
});
