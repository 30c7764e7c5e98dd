import { uniqueName } from '@podlab/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { forgedTokens, FuzzState, signUp } from './support/fuzz-state.js';
import { knownFinding } from './support/known-findings.js';
import { memoryLimitBytes } from './support/memory-limits.js';
import { operationsOf, type OpenApiDocument, type Operation } from './support/operations.js';
import { requestPlans, type RequestPlan } from './support/request-plans.js';
import { ResponseChecks } from './support/response-checks.js';
import { describeRequest, materialize, send } from './support/send-request.js';
import { SERVICES, type ServiceName } from './support/service-process.js';
import { startSystem } from './support/system-under-fuzz.js';

/**
 * Every operation of every service, from the OpenAPI document the service serves, with valid,
 * boundary, invalid and hostile input, signed in and not, against the built services running
 * as processes on the run's RabbitMQ and MariaDB. Seeded: a failure prints the seed, and
 * `FUZZ_SEED=<seed> npx nx test @podlab/fuzz-tests` sends the same requests again (the
 * services' data differs, so an answer may too). `FUZZ_SCALE=10` sends ten times as many.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const SHRINK = process.env.FUZZ_SHRINK === '1';
/** Requests per service in `npm test`: about a minute on two cores, argon2 hashes included. */
const RUNS: Record<ServiceName, number> = {
  auth: 160,
  todo: 300,
  chat: 300,
  producer: 200,
  consumer: 60,
};

const KIT_OPERATIONS = new Set(['getInfo', 'getOpenApi']);

const system = await startSystem();

// Peak resident memory of each service, sampled through the whole run.
const peakRss = Object.fromEntries(SERVICES.map((name) => [name, 0])) as Record<
  ServiceName,
  number
>;
const sampler = setInterval(() => {
  for (const name of SERVICES) {
    if (system[name].exit === undefined)
      peakRss[name] = Math.max(peakRss[name], system[name].rssBytes());
  }
}, 100);
afterAll(() => clearInterval(sampler));

const documents = Object.fromEntries(
  await Promise.all(
    SERVICES.map(async (name) => {
      const response = await fetch(`${system[name].url}/api/${name}/openapi.json`);
      if (response.status !== 200)
        throw new Error(`${name} serves no OpenAPI document: ${response.status}`);
      return [name, (await response.json()) as OpenApiDocument];
    }),
  ),
) as Record<ServiceName, OpenApiDocument>;

const alice = await signUp(system, uniqueName('alice').slice(0, 30));
const bob = await signUp(system, uniqueName('bob').slice(0, 30));
const state = new FuzzState(alice, bob);
state.refreshTokens.push(alice.refreshToken, bob.refreshToken);
const forged = forgedTokens(alice.accessToken);
await seedData();

/** Answers by operation and status, for the summary. */
const tally = new Map<string, Map<number, number>>();

describe('every operation, from the OpenAPI documents, with valid, boundary, invalid and hostile input', () => {
  for (const [index, service] of SERVICES.entries()) {
    it(`${service}: no 5xx, no exit, no internals; every 4xx a JSON error naming the problem; every 2xx as documented`, async () => {
      const document = documents[service];
      const operations = operationsOf(service, document);
      const checks = new ResponseChecks(document);
      const resolve = (ref: string) => document.components.schemas[ref.split('/').pop()!]!;
      const plans = fc.oneof(
        ...operations.map((operation) => ({
          // The kit's own routes (info, this document) are the same in every service: less often.
          weight: KIT_OPERATIONS.has(operation.operationId) ? 1 : 4,
          arbitrary: requestPlans(operation, resolve).filter(
            (plan) => knownFinding(plan) === undefined,
          ),
        })),
      );
      const property = fc.asyncProperty(plans, async (plan) => {
        await sendAndCheck(plan, checks);
      });
      const details = await fc.check(property, {
        seed: SEED + index,
        numRuns: Math.round(RUNS[service] * SCALE),
        endOnFailure: !SHRINK,
      });
      if (details.failed) {
        // The request and what was wrong with its answer; the plan itself is too big to print.
        const cause =
          details.errorInstance instanceof Error
            ? details.errorInstance.message
            : String(details.errorInstance);
        throw new Error(
          `${service}: case ${details.numRuns} of ${RUNS[service] * SCALE} failed (seed ${details.seed}, path ${details.counterexamplePath}):\n${cause}\n\n` +
            `Re-run: FUZZ_SEED=${SEED} npx nx test @podlab/fuzz-tests (FUZZ_SHRINK=1 to shrink the input)`,
        );
      }
      expectEachOperationAnswered(operations);
    });
  }

  it('after the run: every service still runs, is ready, and stayed under its Kubernetes memory limit', async () => {
    const report: string[] = [];
    for (const name of SERVICES) {
      const service = system[name];
      expect(service.exit, `${name} ${service.exit}:\n${service.recentLogs()}`).toBeUndefined();
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
      const limit = memoryLimitBytes(name);
      const now = service.rssBytes();
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      const heap = Number(/^nodejs_heap_size_used_bytes\{[^}]*\} (\S+)/m.exec(metrics)?.[1] ?? 0);
      report.push(
        `${name}: peak RSS ${mib(peakRss[name])}, now ${mib(now)} (JS heap in use ${mib(heap)}), limit ${mib(limit)}`,
      );
      expect(peakRss[name], `${name} peak RSS`).toBeLessThan(limit);
    }
    console.log(`fuzz (seed ${SEED}):\n${summary()}\n${report.join('\n')}`);
  });

  it('after the run: the consumer stored every message the producer accepted (nothing dead-lettered)', async () => {
    const stats = (await (await fetch(`${system.consumer.url}/api/consumer/stats`)).json()) as {
      deadLetterDepth: number | null;
    };
    expect(stats.deadLetterDepth).toBe(0);
  });
});

async function sendAndCheck(plan: RequestPlan, checks: ResponseChecks): Promise<void> {
  const { operation } = plan;
  const service = system[operation.service as ServiceName];
  const request = materialize(plan, service.url, state, forged);
  const eventStream = Object.values(operation.responses).some((response) => response.eventStream);
  let answer;
  try {
    answer = await send(request, eventStream);
  } catch (error) {
    throw new Error(`${describeRequest(request)}\n→ no answer: ${String(error)}`, { cause: error });
  }
  const counts = tally.get(operation.operationId) ?? new Map<number, number>();
  tally.set(operation.operationId, counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1));
  if (answer.status < 300) {
    let body: unknown;
    try {
      body = answer.text ? JSON.parse(answer.text) : undefined;
    } catch {
      // Not JSON: the checks below say so.
    }
    state.learn(
      operation.service,
      typeof plan.caller === 'string' ? plan.caller : 'other',
      body,
      answer.response,
    );
  }
  const mutated = {
    path: Object.values(plan.pathValues).some((value) => !('known' in value)),
    method: plan.method !== undefined && plan.method !== operation.method,
  };
  const problems = checks.problems(operation, request, answer, mutated);
  if (service.exit) problems.push(`${operation.service} ${service.exit}:\n${service.recentLogs()}`);
  if (problems.length > 0)
    throw new Error(`${describeRequest(request)}\n→ ${answer.status}\n- ${problems.join('\n- ')}`);
}

function expectEachOperationAnswered(operations: Operation[]): void {
  for (const operation of operations) {
    const counts = tally.get(operation.operationId);
    expect(counts, `${operation.service} ${operation.operationId} was never called`).toBeDefined();
    const successes = [...counts!.entries()].filter(([status]) => status < 300).length;
    expect(
      successes,
      `${operation.service} ${operation.operationId} never succeeded: ${JSON.stringify([...counts!])}`,
    ).toBeGreaterThan(0);
  }
}

/** Something to find: alice's room (bob not in it) and bob's, todos of each, a message. */
async function seedData(): Promise<void> {
  const call = async (service: ServiceName, path: string, user: 'alice' | 'bob', body: unknown) => {
    const token = state[user].accessToken;
    const response = await fetch(`${system[service].url}/api/${service}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { id: string };
    if (response.status !== 201) throw new Error(`seeding ${path}: ${response.status}`);
    state.learn(service, user, json, response);
    return json;
  };
  const room = await call('chat', '/rooms', 'alice', { name: 'fuzz' });
  await call('chat', `/rooms/${room.id}/messages`, 'alice', { text: 'hello' });
  await call('chat', '/rooms', 'bob', { name: 'bob’s' });
  for (const title of ['one', 'two', 'three']) await call('todo', '/todos', 'alice', { title });
  await call('todo', '/todos', 'bob', { title: 'bob’s' });
}

function summary(): string {
  return [...tally.entries()]
    .map(([operation, counts]) => {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const byStatus = [...counts.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      return `  ${operation}: ${total} (${byStatus.join(' ')})`;
    })
    .join('\n');
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
