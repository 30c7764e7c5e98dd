// Writes podlab's images to one tar archive that `k3d image import` and `minikube image load`
// read: the one way images leave this machine, for the cluster scripts and the by-hand steps
// (`npm run images:save -- <file>`) alike. The references come from image-list.ts and are fully
// qualified, so the archive names exactly what the manifests ask for.
import { imageExists, run, type Engine } from './container-engine.ts';
import { imageSpecs } from './image-list.ts';

/** The engine arguments that save these references to one archive (podman needs the multi-image format). */
export const saveArgs = (engineName: Engine['name'], refs: string[], tarPath: string) =>
  engineName === 'podman'
    ? ['save', '--quiet', '--multi-image-archive', '-o', tarPath, ...refs]
    : ['save', '-o', tarPath, ...refs];

/**
 * Saves every podlab image to `tarPath`. Fails before writing anything, naming each image that
 * is not built yet.
 * Returns the references saved.
 */
export function saveImages(
  engine: Engine,
  tarPath: string,
  refs: string[] = imageSpecs().map((spec) => spec.ref),
): string[] {
  const missing = refs.filter((ref) => !imageExists(engine, ref));
  if (missing.length > 0)
    throw new Error(`not built yet: ${missing.join(', ')}; run \`npm run images\` first`);
  run(engine, saveArgs(engine.name, refs, tarPath));
  return refs;
}
