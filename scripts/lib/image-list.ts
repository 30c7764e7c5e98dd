import { services as catalogServices, type CatalogService } from '@podlab/catalog';

// Every image podlab builds: one per service of the catalog (libs/catalog), and the frontend.
// `needs` tells the image tests (and compose) which backing services the container must be
// given through its environment ('jwks': auth's public keys, JWKS_URL, for a service that
// verifies access tokens; 'signing-key': JWT_PRIVATE_KEY and JWT_KEY_ID, as auth's Secret
// gives them).
export type ServiceEntry = Pick<CatalogService, 'name' | 'needs'>;
export const services: readonly ServiceEntry[] = catalogServices;

// One fully qualified reference per image, used by `npm run images`, the manifests, compose, and
// the save/import steps alike. `localhost/` is the registry part: podman stores an unqualified
// `podlab/x:dev` as `localhost/podlab/x:dev` while a cluster reads `podlab/x:dev` as
// `docker.io/podlab/x:dev`, so only a reference that names its registry means the same image
// everywhere. No registry answers for `localhost`, so nothing is ever pulled by mistake.
export const imageRef = (name: string) => `localhost/podlab/${name}:dev`;

export interface ImageSpec {
  name: string;
  ref: string;
  kind: 'service' | 'frontend';
  project: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  output: string;
}

export function imageSpecs(): ImageSpec[] {
  return [
    ...services.map(({ name }) => ({
      name,
      ref: imageRef(name),
      kind: 'service' as const,
      project: `@podlab/${name}`,
      dockerfile: 'docker/service.Dockerfile',
      buildArgs: { SERVICE: name },
      output: `services/${name}/dist/main.js`,
    })),
    {
      name: 'frontend',
      ref: imageRef('frontend'),
      kind: 'frontend' as const,
      project: '@podlab/frontend',
      dockerfile: 'docker/frontend.Dockerfile',
      buildArgs: {},
      output: 'frontend/dist/index.html',
    },
  ];
}
