import { consumerStatsSchema, publishResponseSchema, serviceInfoSchema } from '@podlab/contracts';
import { request } from './http-client.js';

export const SERVICES = ['auth', 'todo', 'chat', 'producer', 'consumer'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const CONSUMER_STATS_STREAM_URL = '/api/consumer/stats/stream';

export const pipelineApi = {
  publish: (count: number, payloadBytes: number) =>
    request('/api/producer/messages', {
      method: 'POST',
      body: { count, payloadBytes },
      auth: false,
      schema: publishResponseSchema,
    }),
  stats: () => request('/api/consumer/stats', { auth: false, schema: consumerStatsSchema }),
};

export const infoApi = {
  info: (service: ServiceName, signal?: AbortSignal) =>
    request(`/api/${service}/info`, { auth: false, schema: serviceInfoSchema, signal }),
};
