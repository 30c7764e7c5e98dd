import { containersOf, workloads } from '../objects.js';
import { isLocalImage, problem, type Problem, type Rule } from '../model.js';

/** Splits an image reference into repository and tag (digest references keep their digest). */
export function parseImage(image: string): { repository: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash)
    return {
      repository: withoutDigest.slice(0, colon),
      tag: withoutDigest.slice(colon + 1),
      digest,
    };
  return { repository: withoutDigest, digest };
}

/**
 * The registry part of a reference, or undefined when it has none: the first path segment when
 * it looks like a host (a dot, a port, or `localhost`), as container runtimes decide it.
 */
export function registryOf(image: string): string | undefined {
  const first = image.split('/')[0];
  return image.includes('/') &&
    (first === 'localhost' || first.includes('.') || first.includes(':'))
    ? first
    : undefined;
}

/** Image names vs what `npm run images` builds; every other image pinned. */
export const imagesRule: Rule = {
  id: 'images',
  title:
    'podlab images are ones `npm run images` builds and are never pulled; every other image has a pinned tag',
  check({ manifests, builtImages }) {
    const problems: Problem[] = [];
    for (const w of workloads(manifests)) {
      for (const { container, field } of containersOf(w)) {
        const add = (sub: string, message: string) =>
          problems.push(problem(w.manifest, `${field}.${sub}`, message));
        const image = container.image;
        if (!image) {
          add('image', 'missing');
          continue;
        }
        const { repository, tag, digest } = parseImage(image);
        if (isLocalImage(repository)) {
          if (!builtImages.includes(image)) {
            const unqualified =
              registryOf(image) === undefined
                ? `; without a registry part a cluster reads it as docker.io/${image}, never the imported image`
                : '';
            add(
              'image',
              `${image} is not built by \`npm run images\` (it builds ${builtImages.join(', ') || 'nothing'})${unqualified}`,
            );
          }
          if (container.imagePullPolicy === 'Always') {
            add(
              'imagePullPolicy',
              `Always: ${image} exists only where it was built and loaded, no registry has it (use IfNotPresent or Never)`,
            );
          }
        } else if (!digest && (!tag || tag === 'latest')) {
          add(
            'image',
            `${image} is not pinned: give a version tag (never latest) so every node runs the same thing`,
          );
        }
      }
    }
    return problems;
  },
};
