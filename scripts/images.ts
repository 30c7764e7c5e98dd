// `npm run images [-- producer consumer ...]`: bundles the projects with Nx and builds every
// podlab image (localhost/podlab/<name>:dev) with Docker or podman, whichever is installed, printing each
// image's size. No engine: one line naming what to install, exit 1.
// PODLAB_BASE_IMAGES=public|standin|auto (default auto) picks the base images; see docker/README.md.
import { detectEngine, NoEngineError } from './lib/container-engine.ts';
import { buildAllImages } from './lib/build-images.ts';

let engine;
try {
  engine = detectEngine();
} catch (error) {
  if (!(error instanceof NoEngineError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
console.log(
  `building images with ${engine.name}${engine.env.CONTAINERS_CONF ? ` (CONTAINERS_CONF=${engine.env.CONTAINERS_CONF})` : ''}`,
);
try {
  const { results } = buildAllImages(engine, { only: only.length ? only : undefined });
  const built = results.filter((r) => 'bytes' in r).length;
  console.log(
    `${built} image(s) built${results.length > built ? `, ${results.length - built} skipped` : ''}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
