// Types of image-list.mjs, for the TypeScript tests.
export interface ServiceEntry {
  name: string;
  needs: ('amqp' | 'mysql' | 'signing-key' | 'jwks')[];
}
export interface ImageSpec {
  name: string;
  ref: string;
  kind: 'service' | 'frontend';
  project: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  output: string;
}
export const services: ServiceEntry[];
export function imageRef(name: string): string;
export function imageSpecs(): ImageSpec[];
