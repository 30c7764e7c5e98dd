import { publicServiceNames, type PublicServiceName } from '@podlab/catalog';
import { consumerStatsSchema, publishResponseSchema, serviceInfoSchema } from '@podlab/contracts';
import { request } from './http-client.js';

/** Every service behind `/api/<name>`, from the catalog: "Who served me" asks each one. */
export const SERVICES = publicServiceNames;

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
  info: (service: PublicServiceName, signal?: AbortSignal) =>
    request(`/api/${service}/info`, { auth: false, schema: serviceInfoSchema, signal }),
};
