import { relative, resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import type { K8sObject, Manifest } from './model.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/**
 * Parses `kubectl kustomize` output rendered with `buildMetadata: [originAnnotations]`: each
 * object gets the repository-relative file it came from, and loses the annotation (it is not
 * part of what is applied).
 */
export function loadRendered(
  yamlText: string,
  kustomizationDir: string,
  repoRoot: string,
): Manifest[] {
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0)
      throw new Error(
        `rendered YAML of ${relative(repoRoot, kustomizationDir)} does not parse: ${doc.errors[0].message}`,
      );
    const object = doc.toJS() as K8sObject | null;
    if (!object) continue;
    const annotations = object.metadata?.annotations ?? {};
    const origin = annotations[ORIGIN_ANNOTATION]
      ? (parse(annotations[ORIGIN_ANNOTATION]) as { path?: string; configuredIn?: string })
      : {};
    const from = origin.path ?? origin.configuredIn;
    if (annotations[ORIGIN_ANNOTATION]) {
      delete annotations[ORIGIN_ANNOTATION];
      if (Object.keys(annotations).length === 0) delete object.metadata.annotations;
    }
    const file = from
      ? relative(repoRoot, resolve(kustomizationDir, from))
      : `${relative(repoRoot, kustomizationDir)} (generated)`;
    manifests.push({ object, file });
  }
  return manifests;
}
