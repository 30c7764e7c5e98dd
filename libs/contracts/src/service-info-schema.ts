import { z } from 'zod';

/** `GET /api/<service>/info`: which pod and version answered, so scaling can be seen. */
export const serviceInfoSchema = z.object({
  service: z.string(),
  version: z.string(),
  pod: z.string(),
  uptimeSeconds: z.number(),
});
export type ServiceInfo = z.infer<typeof serviceInfoSchema>;

/** Response headers every service sets on every answer. */
export const SERVED_BY_POD_HEADER = 'x-served-by-pod';
export const SERVED_BY_VERSION_HEADER = 'x-served-by-version';
export const CORRELATION_ID_HEADER = 'x-correlation-id';
