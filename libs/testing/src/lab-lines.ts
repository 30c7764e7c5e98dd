/**
 * The tutorial's labs are kustomize components an overlay lists as commented-out lines; a learner
 * switches one on by uncommenting its line in place. The manifest checks and the control-plane
 * tests both read and make these set-ups, so they share this one reading of a lab line.
 */

/** `  # - ../../components/canary`: a commented-out lab line, the lab's name last. */
const COMMENTED_LAB = /^(\s*)#\s*(-\s+\S*components\/([\w-]+))\s*$/;

/** The labs a kustomization offers: the names of its commented component lines, in order. */
export function commentedComponents(kustomization: string): string[] {
  return kustomization
    .split('\n')
    .map((line) => COMMENTED_LAB.exec(line)?.[3])
    .filter((name): name is string => name !== undefined);
}

/** The kustomization with exactly these labs' lines uncommented, nothing else changed. */
export function uncomment(kustomization: string, components: string[]): string {
  return kustomization
    .split('\n')
    .map((line) => {
      const match = COMMENTED_LAB.exec(line);
      const name = match?.[3];
      return match && name && components.includes(name) ? `${match[1]}${match[2]}` : line;
    })
    .join('\n');
}
