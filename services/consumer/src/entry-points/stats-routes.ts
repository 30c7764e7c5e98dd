import { CONSUMER_STATS_EVENT, type ConsumerStats } from '@podlab/contracts';
import { openEventStream, type Lifecycle } from '@podlab/kit';
import { databaseUnavailable } from '@podlab/kit/db';
import { Router } from 'express';
import type { StatsUseCase } from '../domain/stats-use-case.js';

const STREAM_INTERVAL_MS = 1_000;

/** `GET /api/consumer/stats` once, and `/stats/stream` as server-sent events every second. */
export function statsRoutes(stats: StatsUseCase, lifecycle: Lifecycle): Router {
  const router = Router();

  router.get('/stats', async (_req, res) => {
    res.json(await stats.execute());
  });

  // One reading per tick, shared by every open stream: N dashboards cost one query set.
  const subscribers = new Set<(stats: ConsumerStats) => void>();
  let ticker: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const current = await stats.execute();
      for (const send of subscribers) send(current);
    } catch {
      // The database is away: streams stay open and resume when it is back.
    }
  };

  router.get('/stats/stream', (req, res) => {
    const stream = openEventStream(req, res, lifecycle);
    const send = (current: ConsumerStats) => stream.send(current, { event: CONSUMER_STATS_EVENT });
    subscribers.add(send);
    void stats.execute().then(send, () => undefined);
    ticker ??= setInterval(() => void tick(), STREAM_INTERVAL_MS);
    stream.onClose(() => {
      subscribers.delete(send);
      if (subscribers.size === 0) {
        clearInterval(ticker);
        ticker = undefined;
      }
    });
  });

  router.use(databaseUnavailable);
  return router;
}
