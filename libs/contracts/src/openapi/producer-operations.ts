import { publishRequestSchema, publishResponseSchema } from '../producer-api-schema.js';
import type { ServiceApi } from './api-operation.js';

export const producerApi: ServiceApi = {
  service: 'producer',
  description: 'Publishes messages to the pipeline queue (RabbitMQ, publisher confirms).',
  operations: [
    {
      operationId: 'publishMessages',
      method: 'post',
      path: '/messages',
      summary:
        'One message with a payload, or a generated batch; 202 once the broker confirmed all',
      security: 'none',
      body: publishRequestSchema,
      responses: { 202: { description: 'Every message confirmed', json: publishResponseSchema } },
      errors: { 503: 'BROKER_UNAVAILABLE: the broker did not confirm; retry after Retry-After' },
    },
  ],
};
