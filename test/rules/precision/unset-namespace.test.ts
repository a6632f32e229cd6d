// Cause 1 of issue 11: an object without metadata.namespace is applied to a namespace the tree does
// not name. It is not in `default`; it matches a subject's or selector's namespace when nothing
// contradicts it.
import { describe, expect, it } from 'vitest';
import withoutLimitRange from '../../../rules/cluster/namespace-without-limit-range.js';
import podNotIsolated from '../../../rules/cluster/pod-not-isolated.js';
import danglingReference from '../../../rules/cluster/rbac-dangling-reference.js';
import workloadPermissions from '../../../rules/cluster/workload-excessive-permissions.js';
import defaultNamespace from '../../../rules/workload/default-namespace.js';
import { lintCase, ruleTester } from '../../rule-tester.js';

const saNoNamespace = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: argocd-application-controller
`;

const crb = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: argocd-application-controller
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: argocd-application-controller
subjects:
- kind: ServiceAccount
  name: argocd-application-controller
  namespace: argocd
`;

const everything = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: argocd-application-controller
rules:
- apiGroups: ['*']
  resources: ['*']
  verbs: ['*']
`;

// Something the tree deploys to namespace argocd, so the namespace is one the tree manages.
const inArgocd = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  namespace: argocd
`;

const controller = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: argocd-application-controller
spec:
  template:
    spec:
      serviceAccountName: argocd-application-controller
      containers:
      - name: c
        image: quay.io/argoproj/argocd:v3.0.0
`;

describe('a ClusterRoleBinding subject ns/name links to a ServiceAccount name without a namespace', () => {
  ruleTester(danglingReference, {
    valid: [
      {
        name: 'the ServiceAccount is in the tree without a namespace: not dangling',
        files: { 'sa.yaml': saNoNamespace, 'crb.yaml': crb, 'cr.yaml': everything, 'cm.yaml': inArgocd },
      },
    ],
    invalid: [
      {
        name: 'no ServiceAccount of that name at all: dangling',
        files: { 'crb.yaml': crb, 'cr.yaml': everything, 'cm.yaml': inArgocd },
        errors: [
          {
            file: 'crb.yaml',
            line: 11,
            column: 3,
            endLine: 11,
            endColumn: 38,
            message:
              'grants ServiceAccount argocd/argocd-application-controller, which is not in the scanned tree',
            path: 'subjects[0].name',
          },
        ],
      },
    ],
  });

  ruleTester(workloadPermissions, {
    valid: [
      {
        name: 'the default ServiceAccount of an unset namespace is not another namespace’s default',
        files: {
          'app.yaml': controller.replace('      serviceAccountName: argocd-application-controller\n', ''),
          'crb.yaml': crb.replace(
            /argocd-application-controller\n {2}namespace: argocd/,
            'default\n  namespace: argocd',
          ),
          'cr.yaml': everything,
        },
      },
    ],
    invalid: [
      {
        name: 'the */*/* grant reaches the workload through the unset-namespace ServiceAccount',
        files: { 'sa.yaml': saNoNamespace, 'crb.yaml': crb, 'cr.yaml': everything, 'app.yaml': controller },
        errors: [
          {
            file: 'app.yaml',
            line: 8,
            column: 7,
            endLine: 8,
            endColumn: 56,
            severity: 'high',
            message:
              'StatefulSet/argocd-application-controller runs as ServiceAccount argocd-application-controller, which can escalate privileges cluster-wide',
            path: 'spec.template.spec.serviceAccountName',
          },
        ],
      },
    ],
  });
});

describe('namespace-wide rules name the namespace the objects are applied to, never default', () => {
  ruleTester(withoutLimitRange, {
    valid: [
      {
        name: 'a LimitRange without a namespace covers the workloads applied with it',
        files: {
          'app.yaml': controller,
          'lr.yaml': 'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: l\nspec:\n  limits: []\n',
        },
      },
    ],
    invalid: [
      {
        name: 'a workload without a namespace',
        files: { 'app.yaml': controller },
        errors: [
          {
            line: 4,
            column: 3,
            endLine: 4,
            endColumn: 38,
            message:
              /^the namespace these objects are applied to \(they set no metadata\.namespace\) runs 1 workload\(s\) and has no LimitRange/,
          },
        ],
      },
    ],
  });

  it('no message of the namespace rules says "default" for objects without a namespace', () => {
    const findings = lintCase(withoutLimitRange, { files: { 'app.yaml': controller } });
    expect(findings.map((f) => f.message).join('\n')).not.toMatch(
      /namespace default|default namespace|in default/,
    );
    expect(findings[0]!.object).not.toHaveProperty('namespace');
  });
});

const cm = (name: string, namespace?: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}data: {}
`;

describe('default-namespace compares an object with its neighbours, not with the whole tree', () => {
  ruleTester(defaultNamespace, {
    valid: [
      {
        name: 'one vendored folder sets a namespace; another folder leaves it to kubectl -n',
        files: { 'vendor/x.yaml': cm('x', 'vendored'), 'app/a.yaml': cm('a'), 'app/b.yaml': cm('b') },
      },
      {
        name: 'a kustomization with namespace: gives every resource its namespace',
        files: {
          'app/kustomization.yaml': 'namespace: shop\nresources:\n- a.yaml\n- ../base\n',
          'app/a.yaml': cm('a'),
          'app/b.yaml': cm('b', 'shop'),
          'base/c.yaml': cm('c'),
        },
      },
    ],
    invalid: [
      {
        name: 'an explicit default is judged against the whole tree',
        files: { 'vendor/x.yaml': cm('x', 'vendored'), 'app/a.yaml': cm('a', 'default') },
        errors: [
          {
            file: 'app/a.yaml',
            line: 5,
            column: 3,
            endLine: 5,
            endColumn: 21,
            message: 'is in the default namespace',
          },
        ],
      },
      {
        name: 'a neighbour in the same folder sets a namespace',
        files: { 'app/a.yaml': cm('a', 'shop'), 'app/b.yaml': cm('b'), 'other/c.yaml': cm('c') },
        errors: [
          {
            file: 'app/b.yaml',
            line: 4,
            column: 3,
            endLine: 4,
            endColumn: 10,
            message: 'ConfigMap "b" sets no namespace',
          },
        ],
      },
      {
        name: 'a kustomization without namespace: joins its folder and the bases it names',
        files: {
          'overlay/kustomization.yaml': 'resources:\n- ../base\n- extra.yaml\n',
          'overlay/extra.yaml': cm('extra', 'shop'),
          'base/c.yaml': cm('c'),
        },
        errors: [
          {
            file: 'base/c.yaml',
            line: 4,
            column: 3,
            endLine: 4,
            endColumn: 10,
            message: 'its neighbours (same folder or kustomization) set one',
          },
        ],
      },
    ],
  });
});

const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  containers:
  - {name: c, image: app:1.0}
`;
const policyFor = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}
spec:
  podSelector:
    matchLabels: {app: ${app}}
`;

describe('objects without a namespace are grouped by the folder or kustomization they are applied with', () => {
  ruleTester(podNotIsolated, {
    valid: [
      {
        name: 'policies of another folder without a namespace do not make a pod of this folder unisolated',
        files: {
          'install/np.yaml': policyFor('server'),
          'install/server.yaml': pod('server'),
          'tests/p.yaml': pod('p'),
        },
      },
    ],
    invalid: [
      {
        name: 'a policy in the same folder that selects another pod',
        files: {
          'install/np.yaml': policyFor('server'),
          'install/server.yaml': pod('server'),
          'install/p.yaml': pod('p'),
        },
        errors: [
          {
            file: 'install/p.yaml',
            line: 5,
            column: 3,
            endLine: 5,
            endColumn: 19,
            message:
              'is selected by none of the 1 NetworkPolicies of the namespace these objects are applied to',
          },
        ],
      },
    ],
  });

  it('namespace-without-limit-range reports each folder of unset objects on its own', () => {
    const findings = lintCase(withoutLimitRange, {
      files: { 'a/p.yaml': pod('a'), 'b/p.yaml': pod('b'), 'b/q.yaml': pod('q') },
    });
    expect(findings.map((f) => `${f.location.file} ${f.message.slice(0, 94)}`)).toEqual([
      'a/p.yaml the namespace these objects are applied to (they set no metadata.namespace) runs 1 workload(s)',
      'b/p.yaml the namespace these objects are applied to (they set no metadata.namespace) runs 2 workload(s)',
    ]);
  });
});

describe('a Role or RoleBinding written for default belongs there', () => {
  ruleTester(defaultNamespace, {
    valid: [
      {
        name: 'RoleBinding granting access in default, in a tree that uses namespaces',
        files: {
          'a.yaml': cm('a', 'monitoring'),
          'rb.yaml':
            'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: prometheus-k8s\n  namespace: default\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: []\n',
        },
      },
    ],
    invalid: [
      {
        name: 'a ConfigMap in default next to it is still reported',
        files: { 'a.yaml': cm('a', 'monitoring'), 'b.yaml': cm('b', 'default') },
        errors: [{ file: 'b.yaml', line: 5, column: 3, endLine: 5, endColumn: 21 }],
      },
    ],
  });
});
