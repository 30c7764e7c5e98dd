import type { z } from 'zod';

/**
 * One HTTP operation of a service, described by the same zod schemas the service validates
 * with: the source its OpenAPI document is generated from, so the document cannot drift from
 * what the code accepts.
 */
export interface ApiOperation {
  operationId: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI path template under the service's `/api/<service>` prefix, e.g. `/todos/{id}`. */
  path: string;
  summary: string;
  /**
   * How the caller proves who it is: nothing, `Authorization: Bearer`, either that or the
   * `access_token` query parameter (EventSource sends no headers), or the refresh cookie.
   */
  security: 'none' | 'bearer' | 'bearerOrQueryToken' | 'refreshCookie';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Successful answers by status. */
  responses: Record<number, OperationResponse>;
  /** Error answers by status (each in the one error shape), besides those the kit adds to every route. */
  errors?: Record<number, string>;
}

export interface OperationResponse {
  description: string;
  /** The JSON body; none for an empty answer (204). */
  json?: z.ZodType;
  /** A server-sent event stream whose events' `data:` is this JSON. */
  eventStream?: z.ZodType;
}

/** A service's API: what its OpenAPI document says. */
export interface ServiceApi {
  service: string;
  description: string;
  operations: ApiOperation[];
}
