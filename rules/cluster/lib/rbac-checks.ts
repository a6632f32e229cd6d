// The RBAC grants kubeharden flags, as data: each check names the verbs, API group and resource
// (subresources included) it looks for. Shared by the per-role rules, binding-excessive-permissions
// and workload-excessive-permissions, so all three agree on what is dangerous.
import type { Severity } from '../../../src/engine/rule.js';
import { type PolicyRule, ruleAllows } from '../../../src/model/index.js';

interface Target {
  readonly verbs: readonly string[];
  readonly group: string;
  readonly resource: string;
}

export interface DangerCheck {
  /**
   * The rule id that reports this grant on a role; for a binding-only check, a key that names no
   * rule (the grant is reported only through binding- and workload-excessive-permissions).
   */
  readonly id: string;
  /** No per-role rule reports this grant: only the graph rules (bindings, workloads) do. */
  readonly bindingOnly?: boolean;
  /** What the grant lets a holder do, for messages ("read Secrets"). */
  readonly what: string;
  readonly severity: Severity;
  /**
   * Resources that are dangerous only together, across the rules of one role: approving a CSR needs
   * `update` on `certificatesigningrequests/approval` and `approve` on a signer (`signers`).
   */
  readonly together?: readonly (readonly string[])[];
  /** The verb/resource pairs the rule grants that this check flags (empty when none). */
  grants(rule: PolicyRule): readonly (readonly [verb: string, resource: string])[];
}

const READ = ['get', 'list', 'watch'];

function targetCheck(
  id: string,
  what: string,
  severity: Severity,
  targets: readonly Target[],
  options: {
    readonly skipNamed?: boolean;
    readonly together?: readonly (readonly string[])[];
    readonly bindingOnly?: boolean;
  } = {},
): DangerCheck {
  return {
    id,
    what,
    severity,
    ...(options.bindingOnly ? { bindingOnly: true } : {}),
    ...(options.together ? { together: options.together } : {}),
    grants(rule) {
      // A grant limited to named objects (`resourceNames`) is the least-privilege form of it.
      if (options.skipNamed && rule.resourceNames.length > 0) return [];
      const out: [string, string][] = [];
      for (const t of targets) {
        for (const v of t.verbs) if (ruleAllows(rule, v, t.group, t.resource)) out.push([v, t.resource]);
      }
      return out;
    },
  };
}

const wildcard: DangerCheck = {
  id: 'rbac-wildcard',
  what: 'use wildcard permissions',
  severity: 'high',
  grants(rule) {
    const out: [string, string][] = [];
    for (const field of ['verbs', 'resources', 'apiGroups', 'nonResourceURLs'] as const) {
      if (rule[field].includes('*')) out.push(['* in', field]);
    }
    return out;
  },
};

const secretsRead = targetCheck(
  'rbac-secrets-read',
  'read Secrets',
  'high',
  [{ verbs: READ, group: '', resource: 'secrets' }],
  { skipNamed: true },
);

const privilegeEscalation = targetCheck(
  'rbac-privilege-escalation',
  'escalate privileges',
  'critical',
  [
    { verbs: ['escalate', 'bind'], group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
    { verbs: ['escalate', 'bind'], group: 'rbac.authorization.k8s.io', resource: 'roles' },
    { verbs: ['impersonate'], group: '', resource: 'users' },
    { verbs: ['impersonate'], group: '', resource: 'groups' },
    { verbs: ['impersonate'], group: '', resource: 'serviceaccounts' },
    { verbs: ['impersonate'], group: 'authentication.k8s.io', resource: 'uids' },
    { verbs: ['create'], group: '', resource: 'serviceaccounts/token' },
    {
      verbs: ['update', 'patch'],
      group: 'certificates.k8s.io',
      resource: 'certificatesigningrequests/approval',
    },
    { verbs: ['approve'], group: 'certificates.k8s.io', resource: 'signers' },
  ],
  { together: [['certificatesigningrequests/approval', 'signers']] },
);

// Exec over WebSockets was authorized with `get` before Kubernetes 1.30; both verbs count.
const podExec = targetCheck('rbac-pod-exec', 'exec into, attach to or port-forward pods', 'high', [
  { verbs: ['create', 'get'], group: '', resource: 'pods/exec' },
  { verbs: ['create', 'get'], group: '', resource: 'pods/attach' },
  { verbs: ['create', 'get'], group: '', resource: 'pods/portforward' },
]);

const workloadCreate = targetCheck('rbac-workload-create', 'create workloads', 'medium', [
  { verbs: ['create'], group: '', resource: 'pods' },
  { verbs: ['create'], group: '', resource: 'replicationcontrollers' },
  { verbs: ['create'], group: 'apps', resource: 'deployments' },
  { verbs: ['create'], group: 'apps', resource: 'replicasets' },
  { verbs: ['create'], group: 'apps', resource: 'statefulsets' },
  { verbs: ['create'], group: 'apps', resource: 'daemonsets' },
  { verbs: ['create'], group: 'batch', resource: 'jobs' },
  { verbs: ['create'], group: 'batch', resource: 'cronjobs' },
]);

const nodeProxy = targetCheck('rbac-node-proxy', 'reach the kubelet API through nodes/proxy', 'high', [
  { verbs: ['get', 'create', 'update', 'patch', 'delete'], group: '', resource: 'nodes/proxy' },
]);

const WEBHOOK_WRITE = ['create', 'update', 'patch', 'delete'];
const webhookModification = targetCheck('rbac-webhook-modification', 'change admission webhooks', 'high', [
  {
    verbs: WEBHOOK_WRITE,
    group: 'admissionregistration.k8s.io',
    resource: 'validatingwebhookconfigurations',
  },
  { verbs: WEBHOOK_WRITE, group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations' },
]);

// Binding-only checks: grants the peers flag that are worth reporting where a subject holds them,
// but too common in ordinary operator roles to report on every role that merely declares them.

// A hostPath PersistentVolume, claimed by a pod, mounts a node directory that Pod Security
// Admission would refuse as a hostPath volume. Cluster-scoped: void under a RoleBinding.
const persistentVolumeCreate = targetCheck(
  'rbac-persistent-volume-create',
  'create PersistentVolumes (hostPath ones expose node directories)',
  'high',
  [{ verbs: ['create'], group: '', resource: 'persistentvolumes' }],
  { bindingOnly: true },
);

// The API server refuses a binding granting more than its author holds unless they have `bind`
// (flagged as escalation), so this passes on the author's own permissions to anyone.
const BINDING_WRITE = ['create', 'update', 'patch'];
const bindingWrite = targetCheck(
  'rbac-binding-write',
  'create or change role bindings',
  'medium',
  [
    { verbs: BINDING_WRITE, group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
    { verbs: BINDING_WRITE, group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
  ],
  { bindingOnly: true },
);

// Writing a LoadBalancer Service's status sets the IP kube-proxy routes to it (CVE-2020-8554).
const serviceStatusWrite = targetCheck(
  'rbac-service-status-write',
  'change Service status (CVE-2020-8554)',
  'medium',
  [{ verbs: ['update', 'patch'], group: '', resource: 'services/status' }],
  { bindingOnly: true },
);

// ConfigMaps steer cluster components: CoreDNS's Corefile, EKS aws-auth. Named grants count (those
// are exactly the dangerous ones).
const configMapWrite = targetCheck(
  'rbac-configmap-write',
  'change ConfigMaps',
  'medium',
  [{ verbs: ['update', 'patch'], group: '', resource: 'configmaps' }],
  { bindingOnly: true },
);

// Deleting workloads or Secrets takes services down; deleting events erases the trail of an attack.
const DELETE = ['delete', 'deletecollection'];
const resourceDelete = targetCheck(
  'rbac-delete',
  'delete workloads, Secrets or events',
  'medium',
  [
    { verbs: DELETE, group: '', resource: 'pods' },
    { verbs: DELETE, group: '', resource: 'replicationcontrollers' },
    { verbs: DELETE, group: 'apps', resource: 'deployments' },
    { verbs: DELETE, group: 'apps', resource: 'replicasets' },
    { verbs: DELETE, group: 'apps', resource: 'statefulsets' },
    { verbs: DELETE, group: 'apps', resource: 'daemonsets' },
    { verbs: DELETE, group: 'batch', resource: 'jobs' },
    { verbs: DELETE, group: 'batch', resource: 'cronjobs' },
    { verbs: DELETE, group: '', resource: 'secrets' },
    { verbs: DELETE, group: '', resource: 'events' },
    { verbs: DELETE, group: 'events.k8s.io', resource: 'events' },
  ],
  { bindingOnly: true },
);

/** Every check, most severe first (per-role checks before binding-only ones of equal severity). */
export const DANGER_CHECKS: readonly DangerCheck[] = [
  privilegeEscalation,
  wildcard,
  secretsRead,
  podExec,
  nodeProxy,
  webhookModification,
  persistentVolumeCreate,
  workloadCreate,
  bindingWrite,
  serviceStatusWrite,
  configMapWrite,
  resourceDelete,
];

export function dangerCheck(id: string): DangerCheck {
  const c = DANGER_CHECKS.find((d) => d.id === id && !d.bindingOnly);
  if (!c) throw new Error(`unknown RBAC check ${id}`);
  return c;
}

/** One flagged grant of a role: the check, the first rule granting it, and what all its rules grant. */
export interface FlaggedGrant {
  readonly check: DangerCheck;
  readonly rule: PolicyRule;
  readonly detail: string;
}

/** `create/get pods/exec, pods/attach; get/list secrets`: resources grouped by the verbs granted on them. */
function describeGrants(verbsByResource: ReadonlyMap<string, ReadonlySet<string>>): string {
  const byVerbs = new Map<string, string[]>();
  for (const [resource, verbs] of verbsByResource) {
    const key = [...verbs].join('/');
    const list = byVerbs.get(key) ?? [];
    list.push(resource);
    byVerbs.set(key, list);
  }
  return [...byVerbs].map(([verbs, resources]) => `${verbs} ${resources.join(', ')}`).join('; ');
}

/**
 * Cluster-scoped resources (and their subresources) the checks look for. A namespaced Role, or a
 * ClusterRole bound by a RoleBinding, grants only namespaced resources: the RBAC authorizer never
 * consults a RoleBinding for a request without a namespace, so these grants are void there.
 */
const CLUSTER_SCOPED_RESOURCES = new Set([
  'nodes',
  'persistentvolumes',
  'certificatesigningrequests',
  'signers',
  'clusterroles',
  'clusterrolebindings',
  'customresourcedefinitions',
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'storageclasses',
  'priorityclasses',
  'apiservices',
  'podsecuritypolicies',
  'runtimeclasses',
  'users',
  'groups',
  'uids',
]);

/** Whether a resource (`nodes/proxy`) is cluster-scoped. */
export function isClusterScopedResource(resource: string): boolean {
  const slash = resource.indexOf('/');
  return CLUSTER_SCOPED_RESOURCES.has(slash < 0 ? resource : resource.slice(0, slash));
}

export interface FlagOptions {
  /**
   * The rules take effect only inside a namespace (a Role, or a ClusterRole bound by a RoleBinding):
   * grants of cluster-scoped resources are dropped. Impersonation (`users`, `groups`) is
   * cluster-scoped as well.
   */
  readonly namespaceOnly?: boolean;
}

/** Runs every check over a list of rules: at most one result per check (the first granting rule). */
export function flagRules(
  rules: readonly PolicyRule[],
  checks = DANGER_CHECKS,
  options: FlagOptions = {},
): FlaggedGrant[] {
  const out: FlaggedGrant[] = [];
  for (const check of checks) {
    const found: { rule: PolicyRule; resource: string; verb: string }[] = [];
    for (const rule of rules) {
      for (const [verb, resource] of check.grants(rule)) {
        if (options.namespaceOnly && isClusterScopedResource(resource)) continue;
        found.push({ rule, resource, verb });
      }
    }
    // A grant that is dangerous only with its partners counts when the role holds them all.
    const held = new Set(found.map((f) => f.resource));
    const kept = found.filter(
      (f) =>
        !(check.together ?? []).some(
          (group) => group.includes(f.resource) && !group.every((r) => held.has(r)),
        ),
    );
    if (!kept.length) continue;
    const verbsByResource = new Map<string, Set<string>>();
    for (const { resource, verb } of kept) {
      const verbs = verbsByResource.get(resource) ?? new Set<string>();
      verbs.add(verb);
      verbsByResource.set(resource, verbs);
    }
    out.push({ check, rule: kept[0]!.rule, detail: describeGrants(verbsByResource) });
  }
  return out;
}
