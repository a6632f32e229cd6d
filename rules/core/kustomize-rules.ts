// Findings the render stage produces about Kustomize overlays themselves. Their metadata documents
// them like any rule; the engine reports them (rules never see kustomizations, only what they build).
import { defineRule, type Rule, type RuleMeta } from '../../src/engine/rule.js';

function engineRule(meta: Omit<RuleMeta, 'presets'>): Rule {
  return defineRule({ meta: { presets: ['recommended'], ...meta }, create: () => ({}) });
}

const KUSTOMIZE_DOCS = {
  title: 'Kustomize: kustomization file',
  url: 'https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/',
};

export const kustomizeBuildError = engineRule({
  id: 'kustomize-build-error',
  title: 'Kustomize overlay does not build',
  severity: 'high',
  category: 'parse',
  fires:
    'An overlay cannot be built as `kustomize build` would build it: a listed file or folder is missing, kustomizations include each other in a cycle, a strategic-merge patch names no resource, two resources share an id, a generator repeats a key or merges into nothing, a name reference is ambiguous, or a path leaves the kustomization folder or the repository. The finding sits on the kustomization line that caused it.',
  silent:
    'Overlays that build; a failure that a skipped remote resource explains (a patch, merge or replacement whose target is in a base kubeharden does not fetch) is a notice that the overlay was not checked. Every other overlay and every file no kustomization includes is still linted.',
  assumes:
    "kustomize v5's builtin transformers and field specs, legacy output order, and its load restrictor (files only under the kustomization's folder).",
  rationale:
    'An overlay that does not build deploys nothing, and none of its objects could be checked: saying so loudly beats skipping it.',
  remediation:
    'Fix the kustomization at the reported line (run `kubectl kustomize` on the folder to see the same failure).',
  references: [KUSTOMIZE_DOCS],
});

export const kustomizeUnsupported = engineRule({
  id: 'kustomize-unsupported',
  title: 'Kustomize plugin skipped',
  severity: 'high',
  category: 'parse',
  fires:
    'A kustomization lists `transformers`, `generators` or `validators`: plugin configurations that may run programs (exec or container KRM functions, legacy plugins). kubeharden never runs anything from the repository, so the overlay is built without them; the finding names the field.',
  silent:
    'Kustomizations without plugin fields. Remote resources and `helmCharts` are skipped with a notice instead.',
  rationale:
    'What the skipped plugins would add or change is not checked, so the built objects may differ from what the cluster gets.',
  remediation:
    'Express the change with builtin fields (patches, replacements, labels, images), or lint the output of `kustomize build --enable-alpha-plugins` instead.',
  references: [
    { title: 'Kustomize: plugins', url: 'https://kubectl.docs.kubernetes.io/guides/extending_kustomize/' },
  ],
});

export const kustomizeRules: readonly Rule[] = [kustomizeBuildError, kustomizeUnsupported];
