import type { LabelSelector } from '../k8s-types.js';
import {
  getField,
  selectedWorkloads,
  selectorMatches,
  sameNamespace,
  workloads,
} from '../objects.js';
import { problem, type Problem, type Rule } from '../model.js';

const describeSelector = (selector: LabelSelector): string =>
  [
    ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector.matchExpressions ?? []).map((e) =>
      `${e.key} ${e.operator} ${(e.values ?? []).join(',')}`.trim(),
    ),
  ].join(', ') || '(empty)';

const isEmpty = (selector: LabelSelector): boolean =>
  !selector.matchLabels && !selector.matchExpressions;

/** Selectors vs labels: each workload owns exactly its own pods, and every selector selects something. */
export const selectorsRule: Rule = {
  id: 'selectors',
  title:
    'workload selectors match their own pod labels and no other workload; Service, PDB and NetworkPolicy selectors select pods',
  check({ manifests }) {
    const problems: Problem[] = [];
    const all = workloads(manifests);
    for (const w of all) {
      if (w.manifest.object.kind === 'Job' || w.manifest.object.kind === 'CronJob') continue;
      const labels = w.template.metadata?.labels ?? {};
      if (!w.selector || isEmpty(w.selector)) {
        problems.push(
          problem(
            w.manifest,
            'spec.selector',
            'missing: a workload needs a selector naming its pods',
          ),
        );
        continue;
      }
      if (!selectorMatches(w.selector, labels)) {
        const missing = Object.entries(w.selector.matchLabels ?? {})
          .filter(([k, v]) => labels[k] !== v)
          .map(([k, v]) => `${k}=${v}`);
        problems.push(
          problem(
            w.manifest,
            'spec.selector',
            `does not match the labels of its own pod template (${w.path}.metadata.labels)${missing.length ? `: missing ${missing.join(', ')}` : ''}`,
          ),
        );
      }
      for (const other of all) {
        if (other === w || !sameNamespace(other.manifest, w.manifest)) continue;
        if (selectorMatches(w.selector, other.template.metadata?.labels)) {
          problems.push(
            problem(
              w.manifest,
              'spec.selector',
              `${describeSelector(w.selector)} also selects the pods of ${other.manifest.object.kind}/${other.manifest.object.metadata.name}: the two would fight over them; add a label that tells them apart (e.g. app.kubernetes.io/instance)`,
            ),
          );
        }
      }
    }

    const mustSelect = (
      manifest: (typeof manifests)[number],
      field: string,
      selector: LabelSelector | undefined,
    ) => {
      if (!selector || isEmpty(selector)) return;
      if (selectedWorkloads(manifests, manifest, selector).length === 0) {
        problems.push(
          problem(
            manifest,
            field,
            `${describeSelector(selector)} selects no pod template in this namespace`,
          ),
        );
      }
    };
    for (const m of manifests) {
      const { kind } = m.object;
      if (kind === 'Service') {
        const selector = getField(m.object, 'spec', 'selector') as
          Record<string, string> | undefined;
        if (selector) mustSelect(m, 'spec.selector', { matchLabels: selector });
      } else if (kind === 'PodDisruptionBudget') {
        mustSelect(
          m,
          'spec.selector',
          getField(m.object, 'spec', 'selector') as LabelSelector | undefined,
        );
      } else if (kind === 'NetworkPolicy') {
        mustSelect(
          m,
          'spec.podSelector',
          getField(m.object, 'spec', 'podSelector') as LabelSelector | undefined,
        );
        for (const direction of ['ingress', 'egress'] as const) {
          const rules =
            (getField(m.object, 'spec', direction) as
              { from?: unknown[]; to?: unknown[] }[] | undefined) ?? [];
          rules.forEach((rule, i) => {
            const peers = ((direction === 'ingress' ? rule.from : rule.to) ?? []) as {
              podSelector?: LabelSelector;
              namespaceSelector?: LabelSelector;
            }[];
            peers.forEach((peer, j) => {
              // A peer with a namespaceSelector points at pods elsewhere: not ours to check.
              if (peer.podSelector && !peer.namespaceSelector) {
                mustSelect(
                  m,
                  `spec.${direction}[${i}].${direction === 'ingress' ? 'from' : 'to'}[${j}].podSelector`,
                  peer.podSelector,
                );
              }
            });
          });
        }
      }
    }
    return problems;
  },
};
