import { services } from '@podlab/catalog';
import { consumerStatsSchema, publishResponseSchema, serviceInfoSchema } from '@podlab/contracts';
import { request } from './http-client.js';

/** Every service behind `/api/<name>`, from the catalog: "Who served me" asks each one. */
export const SERVICES: readonly string[] = services.filter((s) => s.public).map((s) => s.name);
export type ServiceName = string;

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
