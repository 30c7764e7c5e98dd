import {
  createTestDatabase,
  sharedServers,
  startTokenIssuer,
  uniqueName,
  type TestUser,
  type TokenIssuer,
} from '@podlab/testing';
import { startTestService } from '@podlab/testing/service';
import { afterAll } from 'vitest';
import { configSchema } from '../../src/config.js';
import { createChat } from '../../src/create-chat.js';

/**
 * What chat replicas share, as the cluster runs them: a database of their own, one broker
 * exchange, and a token issuer standing in for auth. All are dropped after the file's tests.
 */
export async function chatBackends(
  options: { amqpUrl?: string; env?: Record<string, string> } = {},
) {
  const { amqpUrl, mysqlAdminUrl } = sharedServers();
  const database = await createTestDatabase(mysqlAdminUrl, 'chat');
  afterAll(() => database.drop());
  const issuer = await startTokenIssuer();
  afterAll(() => issuer.close());
  const env = {
    MYSQL_URL: database.url,
    AMQP_URL: options.amqpUrl ?? amqpUrl,
    JWKS_URL: issuer.jwksUrl,
    AMQP_EXCHANGE: uniqueName('chat_x'),
    ...options.env,
  };
  return { database, issuer, env };
}

/**
 * `replicas` chat instances in this process on chatBackends(), and small request helpers.
 */
export async function startChat(
  options: { replicas?: number; amqpUrl?: string; env?: Record<string, string> } = {},
) {
  const { database, issuer, env } = await chatBackends(options);
  const instances = [];
  for (let i = 0; i < (options.replicas ?? 1); i++) {
    instances.push(
      await startTestService('chat', configSchema, createChat, { ...env, POD_NAME: `chat-${i}` }),
    );
  }
  const api = chatClient(instances[0]!.url);
  const roomWithMembers = () => newRoomWithMembers(api, issuer);
  return { instances, database, issuer, env, api, roomWithMembers };
}

/** A room of alice's, created through `api`, with bob as a member too. */
export async function newRoomWithMembers(api: ReturnType<typeof chatClient>, issuer: TokenIssuer) {
  const alice = await issuer.newUser('alice');
  const bob = await issuer.newUser('bob');
  const room = await api.createRoom(alice);
  await api.call('POST', `/rooms/${room.id}/join`, bob.auth);
  return { alice, bob, room };
}

export type Headers = Record<string, string>;

/** Request helpers against one instance: each returns the status and the parsed JSON body. */
export function chatClient(base: string) {
  async function call<T = unknown>(
    method: string,
    path: string,
    headers: Headers = {},
    body?: unknown,
  ) {
    const response = await fetch(`${base}/api/chat${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }
  return {
    base,
    call,
    async createRoom(user: TestUser, name = uniqueName('room')) {
      const response = await call('POST', '/rooms', user.auth, { name });
      if (response.status !== 201) throw new Error(`create room answered ${response.status}`);
      return response.body as { id: string; name: string };
    },
    async post(user: TestUser, roomId: string, text: string) {
      const response = await call('POST', `/rooms/${roomId}/messages`, user.auth, { text });
      if (response.status !== 201) throw new Error(`post answered ${response.status}`);
      return response.body as { id: string; text: string; roomId: string };
    },
  };
}
