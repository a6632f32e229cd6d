// The rule registry: every rule kubeharden ships, grouped as the issues that built them.
import type { Rule } from '../src/engine/rule.js';
import { availabilityRules } from './availability/index.js';
import { clusterRules } from './cluster/index.js';
import { controlPlaneRules } from './control-plane/index.js';
import { helmRules } from './core/helm-rules.js';
import { kustomizeRules } from './core/kustomize-rules.js';
import { coreRules } from './core/parse-rules.js';
import { referenceRules } from './references/index.js';
import { workloadRules } from './workload/index.js';

export const builtinRules: readonly Rule[] = [
  ...coreRules,
  ...helmRules,
  ...kustomizeRules,
  ...workloadRules,
  ...availabilityRules,
  ...clusterRules,
  ...controlPlaneRules,
  ...referenceRules,
];
