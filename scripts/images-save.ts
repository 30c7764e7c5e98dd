// `npm run images:save -- <file.tar>`: every podlab image (scripts/lib/image-list.ts) in one
// archive, for `k3d image import <file.tar> -c podlab` or `minikube image load <file.tar> -p podlab`.
// With Docker or podman, whichever built them (`npm run images`).
import { resolve } from 'node:path';
import { detectEngine } from './lib/container-engine.ts';
import { saveImages } from './lib/save-images.ts';

const [file] = process.argv.slice(2);
try {
  if (!file)
    throw new Error(
      'usage: npm run images:save -- <file.tar>   (then k3d image import <file.tar> -c podlab, or minikube image load <file.tar> -p podlab)',
    );
  const engine = detectEngine();
  const refs = saveImages(engine, resolve(process.env.INIT_CWD ?? process.cwd(), file));
  console.log(`saved ${refs.length} images to ${file}: ${refs.join(' ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
