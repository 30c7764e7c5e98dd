import { z } from 'zod';

/** The SSE event name of each reading on `/api/consumer/stats/stream`. */
export const CONSUMER_STATS_EVENT = 'stats';

/** `GET /api/consumer/stats` and each event of `/api/consumer/stats/stream`. */
export const consumerStatsSchema = z.object({
  processed: z.int(),
  /** How many messages each consumer pod processed, by pod name. */
  processedBy: z.record(z.string(), z.int()),
  ratePerSecond: z.number(),
  queueDepth: z.int().nullable(),
  deadLetterDepth: z.int().nullable(),
  at: z.iso.datetime(),
});
export type ConsumerStats = z.infer<typeof consumerStatsSchema>;
