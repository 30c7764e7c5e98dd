import { baseConfigSchema } from '@podlab/kit';
import { jwtVerifierConfig } from '@podlab/kit/auth';
import { mysqlConfig } from '@podlab/kit/db';
import { fanoutConfig } from '@podlab/kit/messaging';
import { z } from 'zod';

/** Every environment variable chat reads. Kubernetes: the URLs with passwords from the Secret, the rest from the ConfigMap. */
export const configSchema = baseConfigSchema.extend({
  ...mysqlConfig('chat'),
  ...jwtVerifierConfig,
  // The exchange every chat replica broadcasts new messages on.
  ...fanoutConfig({ exchange: 'podlab.chat' }),
  ROOM_CREATE_MAX_PER_USER: count(10).describe(
    'Rooms one user may create within ROOM_CREATE_RATE_WINDOW_SECONDS before 429 (counted in the database: every replica shares the count)',
  ),
  ROOM_CREATE_RATE_WINDOW_SECONDS: windowSeconds(3_600).describe(
    'The window the room counts live in',
  ),
  MESSAGE_POST_MAX_PER_USER: count(60).describe(
    'Messages one user may post within MESSAGE_POST_RATE_WINDOW_SECONDS before 429, all rooms together (shared by every replica)',
  ),
  MESSAGE_POST_RATE_WINDOW_SECONDS: windowSeconds(60).describe(
    'The window the message counts live in',
  ),
  STREAMS_MAX_PER_USER: count(10, 1_000).describe(
    'Live (SSE) streams one user may hold open at once, on all replicas together, before 429 (a tab follows one room at a time)',
  ),
});

function count(fallback: number, max = 1_000_000) {
  return z.coerce.number().int().min(1).max(max).default(fallback);
}

function windowSeconds(fallback: number) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3_600)
    .default(fallback);
}
export type Config = z.infer<typeof configSchema>;
