// The contract between the engine and rule modules. A rule is metadata plus `create`, which returns
// visitor callbacks the engine calls while it walks the model once for all rules (ESLint's shape).
import type { Span } from '../load/index.js';
import type { ContainerView, K8sObject, Model, PodSpecView } from '../model/index.js';
import type { FixSpec } from './fix/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export type Category =
  | 'parse'
  | 'pod-security'
  | 'workload'
  | 'images'
  | 'secrets'
  | 'rbac'
  | 'network'
  | 'admission'
  | 'exposure'
  | 'service-mesh'
  | 'governance'
  | 'control-plane'
  | 'node'
  | 'cluster-policy'
  | 'api-versions'
  | 'schema';

export const PRESET_NAMES = ['recommended', 'all', 'pss-baseline', 'pss-restricted'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Linters whose built-in checks a rule's `peers` entry maps (issue 14: a way in from each peer). */
export const PEER_LINTERS = [
  'kube-linter',
  'polaris',
  'kube-score',
  'checkov',
  'kics',
  'kubescape',
  'trivy',
] as const;
export type PeerLinter = (typeof PEER_LINTERS)[number];

export interface Reference {
  /** e.g. `CIS 5.2.2`, `PSS baseline: Privileged Containers`, `NSA/CISA: Pod security`. */
  readonly title: string;
  readonly url?: string;
}

export interface RuleMeta {
  /** kebab-case, stable: users reference it in config and ignores. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: Category;
  /** Why it matters. Cite the seed advice where it applies. */
  readonly rationale: string;
  /** How to fix it. */
  readonly remediation: string;
  /** What makes it fire, what does not, and the API default it assumes (shown in the docs). */
  readonly fires: string;
  readonly silent?: string;
  readonly assumes?: string;
  readonly references: readonly Reference[];
  /** Presets besides `all` that enable it. */
  readonly presets: readonly Exclude<PresetName, 'all'>[];
  /** JSON Schema of the rule's options, and their defaults. */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
  /** Each peer linter's equivalent check ids (absent: no known equivalent). */
  readonly peers?: Readonly<Partial<Record<PeerLinter, readonly string[]>>>;
  /** When set, `object` visitors are only called for these kinds. */
  readonly kinds?: readonly string[];
  /** What `--fix` does for this rule's findings (its presence marks the rule fixable). */
  readonly fixable?: string;
}

/** A place in some file other than the finding's own (the chain of an RBAC grant, say). */
export interface RelatedLocation {
  readonly object: K8sObject;
  readonly span: Span;
  readonly message: string;
}

/**
 * Edits on the finding's document (set, add, remove, rename at field paths), offered as a GitHub
 * suggestion and in SARIF, and applied by `--fix`; see src/engine/fix/types.ts.
 */
export type Fix = FixSpec;

export interface Report {
  /** The object the finding is about; it gives the file and the logical location. */
  readonly object: K8sObject;
  /** The offending node or pair; for a missing field, its nearest existing ancestor. */
  readonly span: Span;
  /** Field path of the offending field (written or missing), e.g. `spec.template.spec.hostNetwork`. */
  readonly path: string;
  readonly message: string;
  /** Overrides the rule's severity for this finding (e.g. a sensitive hostPath raises it). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  readonly fix?: Fix;
}

export interface RuleContext<O> {
  readonly model: Model;
  readonly options: O;
  /** Target Kubernetes minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  report(report: Report): void;
  /** Runs `fn` for one object, turning a throw into a `rule-error` finding on that object. */
  guard(object: K8sObject, fn: () => void): void;
}

export interface Visitors {
  object?(object: K8sObject): void;
  podSpec?(pod: PodSpecView): void;
  container?(container: ContainerView): void;
  /** After the walk: cross-resource checks over `context.model` (wrap per-object work in `guard`). */
  done?(): void;
}

export interface Rule<O = Record<string, unknown>> {
  readonly meta: RuleMeta;
  create(context: RuleContext<O>): Visitors;
}

/** Identity helper that gives rule modules type checking of their options. */
export function defineRule<O = Record<string, unknown>>(rule: Rule<O>): Rule<O> {
  return rule;
}
