import { consumerStatsSchema } from '../consumer-api-schema.js';
import type { ServiceApi } from './api-operation.js';

export const consumerApi: ServiceApi = {
  service: 'consumer',
  description: 'Consumes the pipeline queue into MySQL and reports what it processed.',
  operations: [
    {
      operationId: 'getStats',
      method: 'get',
      path: '/stats',
      summary: 'Processed messages in total and by pod, rate, queue and dead-letter depth',
      security: 'none',
      responses: { 200: { description: 'The current reading', json: consumerStatsSchema } },
      errors: { 503: 'DATABASE_UNAVAILABLE' },
    },
    {
      operationId: 'streamStats',
      method: 'get',
      path: '/stats/stream',
      summary: 'The same reading every second, as server-sent events named `stats`',
      security: 'none',
      responses: { 200: { description: 'An event stream', eventStream: consumerStatsSchema } },
    },
  ],
};
