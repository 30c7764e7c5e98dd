import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { describeError } from '../logging/describe-error.js';
import { readInClusterConnection, SERVICE_ACCOUNT_DIR } from './in-cluster.js';
import { createKubernetesLeaseApi, type LeaseApi } from './lease-api.js';
import { LeaderElector } from './leader-elector.js';

/** The parts of a ServiceContext leader election uses. */
export interface LeaderContext {
  pod: string;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Where `leader_is_leader{lease}` is exposed (the service's registry); omitted, nowhere. */
  registry?: Registry;
}

export interface LeaderElectionOptions {
  /** The Lease's name; the service account's Role must allow get and update on it (and create on leases). */
  leaseName: string;
  /** Default: the pod name. */
  identity?: string;
  leaseDurationSeconds?: number;
  retryPeriodMs?: number;
  renewDeadlineMs?: number;
  /** Where the token, namespace and ca.crt are mounted; tests point it elsewhere. */
  serviceAccountDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Use this instead of the in-cluster API (tests). */
  api?: LeaseApi;
  onStartedLeading?: () => void | Promise<void>;
  onStoppedLeading?: () => void | Promise<void>;
}

export interface Leadership {
  readonly isLeader: boolean;
  /** False outside a cluster, where this process simply acts as the leader. */
  readonly inCluster: boolean;
}

/**
 * Starts leader election for one Lease and stops it (releasing the lease) on shutdown. Outside
 * a cluster there is nobody to elect against: it says so and acts as the leader. Exposes
 * `leader_is_leader{lease}` on the service's registry.
 */
export async function startLeaderElection(
  context: LeaderContext,
  options: LeaderElectionOptions,
): Promise<Leadership> {
  const { logger, lifecycle, registry } = context;
  const { leaseName } = options;
  const gauge = registry && leaderGauge(registry).labels({ lease: leaseName });
  const onStartedLeading = async () => {
    gauge?.set(1);
    await options.onStartedLeading?.();
  };
  const onStoppedLeading = async () => {
    gauge?.set(0);
    await options.onStoppedLeading?.();
  };
  gauge?.set(0);

  let api = options.api;
  if (!api) {
    const found = await readInClusterConnection(
      options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR,
      options.env,
    );
    if (!found.inCluster) {
      // A pod that only looks half like one would have every replica lead: say so loudly.
      (found.partly ? logger.warn : logger.info).call(
        logger,
        { lease: leaseName, reason: found.reason },
        `not in a cluster: acting as leader of lease ${leaseName}`,
      );
      let leading = true;
      await onStartedLeading();
      lifecycle.onShutdown(`lease ${leaseName}`, async () => {
        leading = false;
        await onStoppedLeading();
      });
      return {
        get isLeader() {
          return leading;
        },
        inCluster: false,
      };
    }
    api = createKubernetesLeaseApi(found.connection);
  }

  const elector = new LeaderElector({
    api,
    leaseName,
    identity: options.identity ?? context.pod,
    logger,
    leaseDurationSeconds: options.leaseDurationSeconds,
    retryPeriodMs: options.retryPeriodMs,
    renewDeadlineMs: options.renewDeadlineMs,
    onStartedLeading,
    onStoppedLeading,
  });
  elector.start();
  lifecycle.onShutdown(`lease ${leaseName}`, () => elector.stop());
  return {
    get isLeader() {
      return elector.isLeader;
    },
    inCluster: true,
  };
}

/**
 * Runs `task` for as long as this replica leads: it starts on election and gets an AbortSignal
 * that fires when leadership ends (lost, or shutdown). The task should return soon after the
 * signal fires; leadership passes on (or the lease is released) only once it has. A task that
 * fails is logged and not restarted until the next election.
 */
export function runWhileLeader(
  context: LeaderContext,
  options: Omit<LeaderElectionOptions, 'onStartedLeading' | 'onStoppedLeading'>,
  task: (signal: AbortSignal) => Promise<void>,
): Promise<Leadership> {
  let current: { abort: AbortController; done: Promise<void> } | undefined;
  return startLeaderElection(context, {
    ...options,
    onStartedLeading: () => {
      const abort = new AbortController();
      const done = task(abort.signal).catch((error: unknown) =>
        context.logger.error(
          { lease: options.leaseName, err: describeError(error) },
          'leader task failed',
        ),
      );
      current = { abort, done };
    },
    onStoppedLeading: async () => {
      const running = current;
      current = undefined;
      running?.abort.abort();
      await running?.done;
    },
  });
}

function leaderGauge(registry: Registry): Gauge<'lease'> {
  const name = 'leader_is_leader';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<'lease'>;
  return new Gauge({
    name,
    help: '1 while this replica holds the lease, else 0',
    labelNames: ['lease'],
    registers: [registry],
  });
}
