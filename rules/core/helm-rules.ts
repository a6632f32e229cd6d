// Findings the render stage produces about Helm charts themselves. Their metadata documents them like
// any rule; the engine reports them (rules never see charts, only what they render to).
import { defineRule, type Rule, type RuleMeta } from '../../src/engine/rule.js';

function engineRule(meta: Omit<RuleMeta, 'presets'>): Rule {
  return defineRule({ meta: { presets: ['recommended'], ...meta }, create: () => ({}) });
}

const HELM_TEMPLATE_DOCS = { title: 'helm template', url: 'https://helm.sh/docs/helm/helm_template/' };

export const helmRenderError = engineRule({
  id: 'helm-render-error',
  title: 'Helm chart does not render',
  severity: 'high',
  category: 'parse',
  fires:
    "A chart cannot be rendered as `helm template` would render it: a `required` value is missing, a template calls `fail`, a template does not parse, a function gets the wrong type, a rendered document is not YAML, or a limit (include depth, output size, time) is reached. The finding sits on the template line Go names, with Go's message.",
  silent: 'Charts that render; every other chart in the tree is still rendered and linted.',
  assumes:
    "Release name `release-name`, namespace `default`, the chart's values.yaml (and each ci/*-values.yaml as its own render), no cluster (`lookup` returns an empty map).",
  rationale:
    'A chart that does not render installs nothing, and none of its objects could be checked: saying so loudly beats skipping it.',
  remediation:
    'Fix the template at the reported line, or give the value it requires (in values.yaml, a ci/*-values.yaml file, or `helm.charts[].values` in .kubeharden.yaml).',
  references: [HELM_TEMPLATE_DOCS],
});

export const helmDependencyMissing = engineRule({
  id: 'helm-dependency-missing',
  title: 'Helm chart dependency not found offline',
  severity: 'medium',
  category: 'parse',
  fires:
    'A dependency in Chart.yaml (or requirements.yaml) is neither vendored in charts/ (as a folder or .tgz), nor at its `file://` repository path, nor in a sibling folder whose Chart.yaml has that name. The chart is rendered without it; the finding sits on Chart.yaml.',
  silent:
    'Dependencies found in any of those places; dependencies disabled by a condition or tag still count as found.',
  rationale:
    'kubeharden never fetches charts from the network, so the objects and helper templates the dependency brings are not checked.',
  remediation:
    'Run `helm dependency build` and commit charts/, or keep the dependency chart in a sibling folder.',
  references: [{ title: 'helm dependency', url: 'https://helm.sh/docs/helm/helm_dependency/' }],
});

export const helmValuesSchema = engineRule({
  id: 'helm-values-schema',
  title: 'Helm values violate values.schema.json',
  severity: 'high',
  category: 'parse',
  fires:
    "The coalesced values of a render do not satisfy the chart's values.schema.json (or a subchart's), which makes `helm install` refuse the release.",
  silent: 'Charts without values.schema.json, and values that satisfy it.',
  rationale:
    'Helm refuses to install a release whose values break the schema, so what would be installed is nothing.',
  remediation: 'Fix the value named in the message, or the schema if the value is right.',
  references: [
    { title: 'Helm charts: schema files', url: 'https://helm.sh/docs/topics/charts/#schema-files' },
  ],
});

export const helmRules: readonly Rule[] = [helmRenderError, helmDependencyMissing, helmValuesSchema];
