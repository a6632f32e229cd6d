// RBAC graph: roles (from the tree, built in, aggregated), bindings, subjects, and rule matching as
// the API server's RBAC authorizer does it. Knows nothing of which grants are dangerous; rules decide.
import { parse as parseYaml } from 'yaml';
import {
  get,
  getPair,
  items,
  pairSpan,
  type Span,
  str,
  type YMap,
  type YNode,
  type YPair,
} from '../load/index.js';
import type { Model } from './index.js';
import { type K8sObject, UNSET_NAMESPACE } from './object.js';
import { type LabelSelector, matchesSelector, readLabelSelector } from './selector.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** One entry of a role's `rules`, read into plain lists. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
  /** The role that wrote this rule (for an aggregated role, the component role). */
  readonly role: RoleView;
  /** Index in that role's `rules`. */
  readonly index: number;
  /** The `rules[i]` node in the tree; undefined for built-in roles. */
  readonly node?: YMap;
}

/** A Role or ClusterRole, from the tree or built in. */
export interface RoleView {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  /** For a Role, its namespace. */
  readonly namespace?: string;
  /** The object in the tree; undefined for built-in roles. */
  readonly object?: K8sObject;
  readonly builtin: boolean;
  /** False for built-in roles whose rules are not modelled (system controllers): no grants known. */
  readonly rulesKnown: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** The role's own rules (for an aggregated ClusterRole, empty: the controller fills them). */
  readonly ownRules: readonly PolicyRule[];
  readonly aggregation?: readonly LabelSelector[];
}

export interface Subject {
  /** `ServiceAccount`, `User` or `Group` (anything else matches no request). */
  readonly kind: string;
  readonly name: string;
  /** For ServiceAccounts: written, else the binding's namespace. */
  readonly namespace?: string;
  /** The subject's `namespace` was omitted (the binding's namespace applies). */
  readonly namespaceDefaulted: boolean;
  readonly node: YMap;
  readonly index: number;
}

export interface BindingView {
  readonly object: K8sObject;
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  /** RoleBinding: the namespace the grant applies in; ClusterRoleBinding: undefined (cluster-wide). */
  readonly namespace?: string;
  readonly roleRefKind?: string;
  readonly roleRefName?: string;
  /** The `roleRef` pair; the `roleRef.name` pair when present. */
  readonly roleRefSpan: Span;
  readonly roleRefNamePair?: YPair;
  readonly subjects: readonly Subject[];
}

/** A rule of a role in effect for a binding: the binding, the role it names, and the rule. */
export interface Grant {
  readonly binding: BindingView;
  readonly role: RoleView;
  readonly rule: PolicyRule;
}

function strings(node: YNode | undefined): string[] {
  const out: string[] = [];
  for (const n of items(node)) {
    if (n.type === 'scalar' && n.value !== null) out.push(String(n.value));
  }
  return out;
}

function readRules(role: RoleView, node: YNode | undefined): PolicyRule[] {
  const out: PolicyRule[] = [];
  items(node).forEach((r, index) => {
    if (r.type !== 'map') return;
    out.push({
      verbs: strings(get(r, 'verbs')),
      apiGroups: strings(get(r, 'apiGroups')),
      resources: strings(get(r, 'resources')),
      resourceNames: strings(get(r, 'resourceNames')),
      nonResourceURLs: strings(get(r, 'nonResourceURLs')),
      role,
      index,
      node: r,
    });
  });
  return out;
}

// --- Matching, as the RBAC authorizer's rule matching does it ---------------------------------

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.includes('*') || rule.verbs.includes(verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.includes('*') || rule.apiGroups.includes(group);
}

/**
 * `resource` may carry a subresource (`pods/exec`). `*` covers every resource and subresource,
 * `*\/exec` covers that subresource of any resource, and `pods` alone does not cover `pods/exec`.
 */
export function resourceMatches(rule: PolicyRule, resource: string): boolean {
  const slash = resource.indexOf('/');
  const sub = slash < 0 ? '' : resource.slice(slash + 1);
  for (const r of rule.resources) {
    if (r === '*' || r === resource) return true;
    if (sub && r.startsWith('*/') && r.slice(2) === sub) return true;
  }
  return false;
}

/** Whether the rule allows `verb` on `group`/`resource` for some object name. */
export function ruleAllows(rule: PolicyRule, verb: string, group: string, resource: string): boolean {
  return (
    rule.resources.length > 0 &&
    verbMatches(rule, verb) &&
    apiGroupMatches(rule, group) &&
    resourceMatches(rule, resource)
  );
}

// --- Built-in ClusterRoles (bootstrap policy) --------------------------------------------------

interface BuiltinRuleData {
  readonly g: readonly string[];
  readonly r: readonly string[];
  readonly v: readonly string[];
  readonly n?: readonly string[];
  readonly urls?: readonly string[];
}

interface BuiltinRoleData {
  readonly labels?: Readonly<Record<string, string>>;
  readonly aggregateTo?: string;
  readonly rules?: readonly BuiltinRuleData[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const AGG = 'rbac.authorization.k8s.io/aggregate-to-';

// The bootstrap ClusterRoles the API server creates. `admin`, `edit` and `view` are aggregated:
// their rules come from every ClusterRole labelled `aggregate-to-<name>` (built in or in the tree).
const BUILTIN_ROLES: Readonly<Record<string, BuiltinRoleData>> = {
  'cluster-admin': {
    rules: [
      { g: ['*'], r: ['*'], v: ['*'] },
      { g: [], r: [], v: ['*'], urls: ['*'] },
    ],
  },
  admin: { aggregateTo: 'admin' },
  edit: { aggregateTo: 'edit', labels: { [`${AGG}admin`]: 'true' } },
  view: { aggregateTo: 'view', labels: { [`${AGG}edit`]: 'true' } },
  'system:aggregate-to-admin': {
    labels: { [`${AGG}admin`]: 'true' },
    rules: [
      { g: ['authorization.k8s.io'], r: ['localsubjectaccessreviews'], v: ['create'] },
      { g: [RBAC_GROUP], r: ['rolebindings', 'roles'], v: [...WRITE, ...READ] },
    ],
  },
  'system:aggregate-to-edit': {
    labels: { [`${AGG}edit`]: 'true' },
    rules: [
      {
        g: [''],
        r: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
        v: READ,
      },
      { g: [''], r: ['serviceaccounts'], v: ['impersonate'] },
      { g: [''], r: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], v: WRITE },
      { g: [''], r: ['pods/eviction'], v: ['create'] },
      {
        g: [''],
        r: [
          'configmaps',
          'events',
          'persistentvolumeclaims',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'secrets',
          'serviceaccounts',
          'services',
          'services/proxy',
        ],
        v: WRITE,
      },
      { g: [''], r: ['serviceaccounts/token'], v: ['create'] },
      {
        g: ['apps'],
        r: [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'replicasets',
          'replicasets/scale',
          'statefulsets',
          'statefulsets/scale',
        ],
        v: WRITE,
      },
      { g: ['autoscaling'], r: ['horizontalpodautoscalers'], v: WRITE },
      { g: ['batch'], r: ['cronjobs', 'jobs'], v: WRITE },
      { g: ['policy'], r: ['poddisruptionbudgets'], v: WRITE },
      { g: ['networking.k8s.io'], r: ['ingresses', 'networkpolicies'], v: WRITE },
      { g: ['coordination.k8s.io'], r: ['leases'], v: [...WRITE, ...READ] },
    ],
  },
  'system:aggregate-to-view': {
    labels: { [`${AGG}view`]: 'true' },
    rules: [
      {
        g: [''],
        r: [
          'configmaps',
          'endpoints',
          'persistentvolumeclaims',
          'pods',
          'replicationcontrollers',
          'serviceaccounts',
          'services',
          'events',
          'limitranges',
          'pods/log',
          'pods/status',
          'resourcequotas',
          'namespaces',
        ],
        v: READ,
      },
      { g: ['discovery.k8s.io'], r: ['endpointslices'], v: READ },
      {
        g: ['apps'],
        r: ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'],
        v: READ,
      },
      { g: ['autoscaling'], r: ['horizontalpodautoscalers'], v: READ },
      { g: ['batch'], r: ['cronjobs', 'jobs'], v: READ },
      { g: ['policy'], r: ['poddisruptionbudgets'], v: READ },
      { g: ['networking.k8s.io'], r: ['ingresses', 'networkpolicies'], v: READ },
    ],
  },
  'system:auth-delegator': {
    rules: [
      { g: ['authentication.k8s.io'], r: ['tokenreviews'], v: ['create'] },
      { g: ['authorization.k8s.io'], r: ['subjectaccessreviews'], v: ['create'] },
    ],
  },
  'system:basic-user': {
    rules: [
      {
        g: ['authorization.k8s.io'],
        r: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        v: ['create'],
      },
      { g: ['authentication.k8s.io'], r: ['selfsubjectreviews'], v: ['create'] },
    ],
  },
  'system:discovery': { rules: [{ g: [], r: [], v: ['get'], urls: ['/api', '/apis', '/version'] }] },
  'system:public-info-viewer': {
    rules: [{ g: [], r: [], v: ['get'], urls: ['/healthz', '/livez', '/readyz', '/version'] }],
  },
  'system:kube-dns': { rules: [{ g: [''], r: ['endpoints', 'services'], v: ['list', 'watch'] }] },
  'system:heapster': {
    rules: [{ g: [''], r: ['events', 'namespaces', 'nodes', 'pods'], v: READ }],
  },
  'system:node-proxier': {
    rules: [
      { g: [''], r: ['endpoints', 'services', 'nodes'], v: ['list', 'watch'] },
      { g: ['discovery.k8s.io'], r: ['endpointslices'], v: ['list', 'watch'] },
    ],
  },
  'system:certificates.k8s.io:certificatesigningrequests:nodeclient': {
    rules: [{ g: ['certificates.k8s.io'], r: ['certificatesigningrequests/nodeclient'], v: ['create'] }],
  },
  'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient': {
    rules: [{ g: ['certificates.k8s.io'], r: ['certificatesigningrequests/selfnodeclient'], v: ['create'] }],
  },
  // Known to exist, rules not modelled: bindings to them are not dangling, and grant nothing we flag.
  'system:node': {},
  'system:node-bootstrapper': {},
  'system:kube-scheduler': {},
  'system:kube-controller-manager': {},
  'system:volume-scheduler': {},
  'system:monitoring': {},
  'system:kube-aggregator': {},
  'system:service-account-issuer-discovery': {},
  'system:persistent-volume-provisioner': {},
  'system:certificates.k8s.io:kube-apiserver-client-approver': {},
  'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver': {},
  'system:certificates.k8s.io:kubelet-serving-approver': {},
  'system:certificates.k8s.io:legacy-unknown-approver': {},
};

/**
 * Whether a ClusterRole name is one the API server creates itself. Every `system:` name is reserved
 * for the bootstrap policy and Kubernetes components (the list grows with each release), so it is
 * taken as existing even when its rules are not modelled here.
 */
export function isBuiltinClusterRole(name: string): boolean {
  return Object.hasOwn(BUILTIN_ROLES, name) || name.startsWith('system:');
}

/**
 * The namespaced Roles the API server's bootstrap policy creates (namespace → names), from
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/namespace_policy.go.
 */
const BUILTIN_NAMESPACED_ROLES: Readonly<Record<string, readonly string[]>> = {
  'kube-system': [
    'extension-apiserver-authentication-reader',
    'system::leader-locking-kube-controller-manager',
    'system::leader-locking-kube-scheduler',
    'system:controller:bootstrap-signer',
    'system:controller:cloud-provider',
    'system:controller:token-cleaner',
  ],
  'kube-public': ['system:controller:bootstrap-signer'],
};

/** Whether a Role in a namespace is one the API server creates itself. */
export function isBuiltinRole(namespace: string, name: string): boolean {
  return BUILTIN_NAMESPACED_ROLES[namespace]?.includes(name) ?? false;
}

function builtinNamespacedRole(namespace: string, name: string): RoleView | undefined {
  if (!isBuiltinRole(namespace, name)) return undefined;
  return { kind: 'Role', name, namespace, builtin: true, rulesKnown: false, labels: {}, ownRules: [] };
}

function builtinRole(name: string): RoleView | undefined {
  if (!isBuiltinClusterRole(name)) return undefined;
  const data = BUILTIN_ROLES[name] ?? {};
  const ownRules: PolicyRule[] = [];
  const role: RoleView = {
    kind: 'ClusterRole',
    name,
    builtin: true,
    rulesKnown: data.rules !== undefined || data.aggregateTo !== undefined,
    labels: data.labels ?? {},
    ownRules,
    ...(data.aggregateTo
      ? { aggregation: [{ matchLabels: { [`${AGG}${data.aggregateTo}`]: 'true' }, matchExpressions: [] }] }
      : {}),
  };
  (data.rules ?? []).forEach((r, index) => {
    ownRules.push({
      verbs: r.v,
      apiGroups: r.g,
      resources: r.r,
      resourceNames: r.n ?? [],
      nonResourceURLs: r.urls ?? [],
      role,
      index,
    });
  });
  return role;
}

function roleFromObject(o: K8sObject): RoleView {
  const ownRules: PolicyRule[] = [];
  const selectors = items(get(get(o.root, 'aggregationRule'), 'clusterRoleSelectors')).map((n) =>
    readLabelSelector(n),
  );
  const isCluster = o.kind === 'ClusterRole';
  const role: RoleView = {
    kind: isCluster ? 'ClusterRole' : 'Role',
    name: o.name,
    ...(isCluster ? {} : { namespace: o.namespace }),
    object: o,
    builtin: false,
    rulesKnown: true,
    labels: o.labels,
    ownRules,
    ...(isCluster && getPair(o.root, 'aggregationRule') ? { aggregation: selectors } : {}),
  };
  ownRules.push(...readRules(role, get(o.root, 'rules')));
  return role;
}

function readBinding(o: K8sObject): BindingView {
  const roleRefPair = getPair(o.root, 'roleRef');
  const roleRef = roleRefPair?.value;
  const namePair = getPair(roleRef, 'name');
  const isCluster = o.kind === 'ClusterRoleBinding';
  const ns = isCluster ? undefined : o.namespace;
  const subjects: Subject[] = [];
  items(get(o.root, 'subjects')).forEach((s, index) => {
    if (s.type !== 'map') return;
    const kind = str(get(s, 'kind')) ?? '';
    const name = str(get(s, 'name')) ?? '';
    const written = str(get(s, 'namespace')) || undefined;
    const isSa = kind === 'ServiceAccount';
    const namespace = isSa ? (written ?? ns) : undefined;
    subjects.push({
      kind,
      name,
      ...(namespace ? { namespace } : {}),
      namespaceDefaulted: isSa && written === undefined,
      node: s,
      index,
    });
  });
  const roleRefKind = str(get(roleRef, 'kind'));
  const roleRefName = str(namePair?.value);
  return {
    object: o,
    kind: isCluster ? 'ClusterRoleBinding' : 'RoleBinding',
    ...(ns ? { namespace: ns } : {}),
    ...(roleRefKind ? { roleRefKind } : {}),
    ...(roleRefName ? { roleRefName } : {}),
    roleRefSpan: namePair ? pairSpan(namePair) : roleRefPair ? pairSpan(roleRefPair) : o.anchor,
    ...(namePair ? { roleRefNamePair: namePair } : {}),
    subjects,
  };
}

/** Groups every authenticated ServiceAccount belongs to, besides its own name. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/** The RBAC graph of a model: built once per model, every lookup indexed. */
export class RbacGraph {
  readonly bindings: readonly BindingView[];
  readonly roles: readonly RoleView[];
  private readonly clusterRoles = new Map<string, RoleView>();
  private readonly namespacedRoles = new Map<string, RoleView>();
  private readonly effectiveCache = new Map<RoleView, readonly PolicyRule[]>();
  private readonly bySubject = new Map<string, BindingView[]>();
  private readonly grantCache = new Map<string, readonly Grant[]>();
  private readonly byObject = new Map<K8sObject, RoleView>();
  private readonly byRoleRef = new Map<string, BindingView[]>();
  /** ServiceAccount subjects by name: the bindings naming that name, with the subject's namespace. */
  private readonly saSubjectsByName = new Map<string, { namespace: string; binding: BindingView }[]>();
  private readonly builtinNamespaced = new Map<string, RoleView>();

  private static readonly cache = new WeakMap<Model, RbacGraph>();

  static of(model: Model): RbacGraph {
    let g = RbacGraph.cache.get(model);
    if (!g) {
      g = new RbacGraph(model);
      RbacGraph.cache.set(model, g);
    }
    return g;
  }

  private constructor(private readonly model: Model) {
    const roles: RoleView[] = [];
    for (const o of model.ofKind('ClusterRole', 'Role')) {
      if (o.group !== RBAC_GROUP) continue;
      const role = roleFromObject(o);
      roles.push(role);
      this.byObject.set(o, role);
      if (role.kind === 'ClusterRole') this.clusterRoles.set(role.name, role);
      else this.namespacedRoles.set(`${role.namespace}/${role.name}`, role);
    }
    this.roles = roles;
    const bindings: BindingView[] = [];
    for (const o of model.ofKind('RoleBinding', 'ClusterRoleBinding')) {
      if (o.group !== RBAC_GROUP) continue;
      const b = readBinding(o);
      bindings.push(b);
      if (b.roleRefName) {
        const k = roleRefKey(
          b.roleRefKind ?? '',
          b.roleRefKind === 'Role' ? b.namespace : undefined,
          b.roleRefName,
        );
        const list = this.byRoleRef.get(k);
        if (list) list.push(b);
        else this.byRoleRef.set(k, [b]);
      }
      for (const s of b.subjects) {
        if (s.kind === 'ServiceAccount' && s.namespace) {
          const list = this.saSubjectsByName.get(s.name);
          const entry = { namespace: s.namespace, binding: b };
          if (list) list.push(entry);
          else this.saSubjectsByName.set(s.name, [entry]);
        }
        const k = subjectKey(s.kind, s.name, s.namespace);
        const list = this.bySubject.get(k);
        if (list) {
          if (list[list.length - 1] !== b) list.push(b);
        } else this.bySubject.set(k, [b]);
      }
    }
    this.bindings = bindings;
  }

  /** A ClusterRole by name: the tree's definition wins over the built-in one. */
  clusterRole(name: string): RoleView | undefined {
    let r = this.clusterRoles.get(name);
    if (!r) {
      r = builtinRole(name);
      if (r) this.clusterRoles.set(name, r);
    }
    return r;
  }

  /** The role read from a Role/ClusterRole object of the tree. */
  roleOfObject(o: K8sObject): RoleView | undefined {
    return this.byObject.get(o);
  }

  /**
   * A Role by namespace key and name: from the tree (a Role without a namespace matches any
   * namespace when the tree has no Role of that name there), else built in.
   */
  role(namespace: string, name: string): RoleView | undefined {
    const exact = this.namespacedRoles.get(`${namespace}/${name}`);
    if (exact) return exact;
    if (namespace !== UNSET_NAMESPACE) {
      const unset = this.namespacedRoles.get(`${UNSET_NAMESPACE}/${name}`);
      if (unset) return unset;
    } else {
      const same = this.roles.filter((r) => r.kind === 'Role' && r.name === name);
      if (same.length === 1) return same[0];
    }
    const key = `${namespace}/${name}`;
    let builtin = this.builtinNamespaced.get(key);
    if (!builtin) {
      builtin = builtinNamespacedRole(namespace, name);
      if (builtin) this.builtinNamespaced.set(key, builtin);
    }
    return builtin;
  }

  /** The role a binding names, or undefined when it is neither in the tree nor built in. */
  roleOf(b: BindingView): RoleView | undefined {
    if (!b.roleRefName) return undefined;
    if (b.roleRefKind === 'ClusterRole') return this.clusterRole(b.roleRefName);
    if (b.roleRefKind === 'Role' && b.namespace) return this.role(b.namespace, b.roleRefName);
    return undefined;
  }

  /**
   * Every rule in effect for a role: its own, plus (for an aggregated ClusterRole) those of every
   * ClusterRole its selectors match, recursively, each component once.
   */
  effectiveRules(role: RoleView): readonly PolicyRule[] {
    const cached = this.effectiveCache.get(role);
    if (cached) return cached;
    const out: PolicyRule[] = [];
    const seen = new Set<RoleView>();
    const visit = (r: RoleView): void => {
      if (seen.has(r)) return;
      seen.add(r);
      if (!r.aggregation) {
        out.push(...r.ownRules);
        return;
      }
      for (const c of this.aggregatedComponents(r)) visit(c);
    };
    visit(role);
    this.effectiveCache.set(role, out);
    return out;
  }

  private componentCandidates: RoleView[] | undefined;

  private aggregatedComponents(role: RoleView): RoleView[] {
    if (!this.componentCandidates) {
      const byName = new Map<string, RoleView>();
      for (const name of Object.keys(BUILTIN_ROLES)) {
        const r = this.clusterRole(name);
        if (r) byName.set(name, r);
      }
      for (const r of this.roles) if (r.kind === 'ClusterRole') byName.set(r.name, r);
      this.componentCandidates = [...byName.values()];
    }
    return this.componentCandidates.filter(
      (c) => c !== role && (role.aggregation ?? []).some((sel) => matchesSelector(sel, c.labels)),
    );
  }

  /** Bindings whose roleRef names this role. */
  bindingsOfRole(role: RoleView): readonly BindingView[] {
    return this.byRoleRef.get(roleRefKey(role.kind, role.namespace, role.name)) ?? [];
  }

  /** Bindings naming a subject (a ServiceAccount needs its namespace). */
  bindingsFor(kind: string, name: string, namespace?: string): readonly BindingView[] {
    return this.bySubject.get(subjectKey(kind, name, namespace)) ?? [];
  }

  /**
   * Every grant a ServiceAccount holds: bindings naming it (as a ServiceAccount, or as the User
   * `system:serviceaccount:<ns>:<name>`), or a group it belongs to
   * (`system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`). Cached.
   */
  grantsForServiceAccount(namespace: string, name: string): readonly Grant[] {
    const key = `${namespace}/${name}`;
    const cached = this.grantCache.get(key);
    if (cached) return cached;
    const bindings = new Set<BindingView>(this.bindingsFor('ServiceAccount', name, namespace));
    for (const b of this.subjectsMeaning(namespace, name)) bindings.add(b);
    // A ServiceAccount authenticates as this user name, which a User subject may name directly.
    for (const b of this.bindingsFor('User', `system:serviceaccount:${namespace}:${name}`)) bindings.add(b);
    const groups =
      namespace === UNSET_NAMESPACE
        ? ['system:serviceaccounts', 'system:authenticated']
        : serviceAccountGroups(namespace);
    for (const g of groups) for (const b of this.bindingsFor('Group', g)) bindings.add(b);
    const out: Grant[] = [];
    for (const binding of bindings) {
      const role = this.roleOf(binding);
      if (!role) continue;
      for (const rule of this.effectiveRules(role)) out.push({ binding, role, rule });
    }
    this.grantCache.set(key, out);
    return out;
  }

  /**
   * Whether a ServiceAccount may write Secret `secretName` in its own namespace, so a pod running
   * as it may make that Secret at runtime (an init container generating a password): `create` on
   * secrets (the authorizer cannot restrict `create` by name, so a rule with `resourceNames` does
   * not grant it), or `update`/`patch` with `resourceNames` naming that Secret.
   */
  mayWriteSecret(namespace: string, name: string, secretName: string): boolean {
    return this.grantsForServiceAccount(namespace, name).some(({ binding, rule }) => {
      // A RoleBinding grants in its own namespace; unset namespaces may be the same one.
      if (
        binding.kind === 'RoleBinding' &&
        binding.namespace !== namespace &&
        binding.namespace !== UNSET_NAMESPACE &&
        namespace !== UNSET_NAMESPACE
      )
        return false;
      if (rule.resourceNames.length === 0) return ruleAllows(rule, 'create', '', 'secrets');
      return (
        rule.resourceNames.includes(secretName) &&
        (ruleAllows(rule, 'update', '', 'secrets') || ruleAllows(rule, 'patch', '', 'secrets'))
      );
    });
  }

  /**
   * Bindings whose ServiceAccount subject names this account in another namespace key that may be
   * the same namespace: for an account the tree defines without a namespace, a subject in namespace
   * X (unless the tree has a ServiceAccount X/name, which it then means); for an account in X, a
   * subject without a namespace (unless the tree has such an account without a namespace). Never
   * for `default`, which every namespace has.
   */
  private subjectsMeaning(namespace: string, name: string): BindingView[] {
    // Every namespace has its own `default` account: a subject X/default is never another one.
    if (name === 'default') return [];
    const out: BindingView[] = [];
    for (const { namespace: subjectNs, binding } of this.saSubjectsByName.get(name) ?? []) {
      if (subjectNs === namespace) continue;
      if (namespace === UNSET_NAMESPACE) {
        // Only an account the tree defines without a namespace, and none of that name in X.
        if (
          this.model.find('ServiceAccount', UNSET_NAMESPACE, name) &&
          !this.model.find('ServiceAccount', subjectNs, name)
        )
          out.push(binding);
      } else if (subjectNs === UNSET_NAMESPACE) {
        if (!this.model.find('ServiceAccount', UNSET_NAMESPACE, name)) out.push(binding);
      }
    }
    return out;
  }
}

function roleRefKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function subjectKey(kind: string, name: string, namespace?: string): string {
  return kind === 'ServiceAccount' ? `SA\u0000${namespace ?? ''}\u0000${name}` : `${kind}\u0000${name}`;
}

/** `Kind/name` of a role, with the namespace for a Role. */
export function roleDisplayName(role: RoleView): string {
  if (role.kind === 'ClusterRole') return `ClusterRole/${role.name}`;
  return role.namespace && role.namespace !== UNSET_NAMESPACE
    ? `Role/${role.namespace}/${role.name}`
    : `Role/${role.name}`;
}

/** `ServiceAccount ns/name` (namespace left out when unset), `User name`, `Group name`. */
export function subjectDisplayName(s: Subject): string {
  return s.namespace && s.namespace !== UNSET_NAMESPACE
    ? `${s.kind} ${s.namespace}/${s.name}`
    : `${s.kind} ${s.name}`;
}

// --- YAML inside strings (aws-auth ConfigMap, Argo CD Helm values) ------------------------------

/**
 * Parses YAML held in a string field (aws-auth `mapRoles`, Helm values in an Argo CD Application).
 * Rules may not parse YAML themselves; this is the one place that does it for them. Returns
 * undefined when the text is not valid YAML.
 */
export function parseEmbeddedYaml(text: string): unknown {
  try {
    return parseYaml(text, { version: '1.1', maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** One identity mapping of aws-auth (`mapRoles`/`mapUsers`) or eksctl `iamIdentityMappings`. */
export interface IdentityMapping {
  /** The IAM role or user ARN, or the account. */
  readonly arn: string;
  readonly username?: string;
  readonly groups: readonly string[];
}

/** Reads the identity mappings of the text of `mapRoles` or `mapUsers`. */
export function readAwsAuthMappings(text: string): IdentityMapping[] {
  const parsed = parseEmbeddedYaml(text);
  if (!Array.isArray(parsed)) return [];
  const out: IdentityMapping[] = [];
  for (const entry of parsed) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const arn = [e.rolearn, e.userarn, e.arn].find((v) => typeof v === 'string');
    const groups = Array.isArray(e.groups) ? e.groups.filter((g): g is string => typeof g === 'string') : [];
    out.push({
      arn: typeof arn === 'string' ? arn : '',
      ...(typeof e.username === 'string' ? { username: e.username } : {}),
      groups,
    });
  }
  return out;
}
