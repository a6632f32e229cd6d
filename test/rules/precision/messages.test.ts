// Cause 6 of issue 11: messages claim no more than is true and stay under 400 characters, on every
// example and fixture with every rule on. Also the tool configs of cause 5 draw no findings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import secretCommitted from '../../../rules/cluster/secret-committed.js';
import unknownField from '../../../rules/control-plane/unknown-field.js';
import { builtinRules } from '../../../rules/index.js';
import defaultNamespace from '../../../rules/workload/default-namespace.js';
import automount from '../../../rules/workload/service-account-token-automount.js';
import { defaultConfig } from '../../../src/engine/index.js';
import { lintFiles } from '../../../src/lint.js';
import { loadText } from '../../../src/load/index.js';
import { ruleTester } from '../../rule-tester.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
  }
  return out;
}

describe('every message of every rule is under 400 characters', () => {
  for (const folder of ['examples', 'fixtures']) {
    it(`on ${folder}/`, () => {
      const files = filesUnder(join(ROOT, folder)).map((p) =>
        loadText(relative(ROOT, p), readFileSync(p, 'utf8')),
      );
      const config = {
        ...defaultConfig(ROOT),
        extends: [],
        rules: Object.fromEntries(builtinRules.map((r) => [r.meta.id, r.meta.severity])),
      };
      const { findings } = lintFiles(files, config, config.kubernetesVersion, builtinRules);
      // The folder exercises many rules: a test over a handful would prove little.
      expect(new Set(findings.map((f) => f.ruleId)).size).toBeGreaterThan(30);
      const long = findings
        .filter((f) => f.message.length >= 400)
        .map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} (${f.message.length})`);
      expect(long).toEqual([]);
    });
  }
});

const deployment = (extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller
  namespace: ops
spec:
  template:
    spec:
      serviceAccountName: controller
${extra}      containers:
      - {name: c, image: ops/controller:1.0}
`;

const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: controller\n  namespace: ops\n';
const rb = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: controller
  namespace: ops
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
- {kind: ServiceAccount, name: controller}
`;

describe('the automount finding is low when the ServiceAccount is bound to a role', () => {
  ruleTester(automount, {
    valid: [
      { name: 'automount turned off', code: deployment('      automountServiceAccountToken: false\n') },
    ],
    invalid: [
      {
        name: 'bound: the pod calls the API by design',
        files: { 'd.yaml': deployment(), 'sa.yaml': sa, 'rb.yaml': rb },
        errors: [
          {
            file: 'd.yaml',
            line: 8,
            column: 5,
            endLine: 8,
            endColumn: 9,
            severity: 'low',
            message:
              'which RoleBinding/ops/controller binds to a role, so the pod likely calls the API by design',
          },
        ],
      },
      {
        name: 'not bound: medium',
        files: { 'd.yaml': deployment(), 'sa.yaml': sa },
        errors: [{ file: 'd.yaml', line: 8, column: 5, endLine: 8, endColumn: 9, severity: 'medium' }],
      },
    ],
  });
});

const secret = (data: string) => `apiVersion: v1
kind: Secret
metadata:
  name: app
stringData:
${data}`;

describe('a Secret of plain settings is not a credential to rotate', () => {
  ruleTester(secretCommitted, {
    valid: [
      { name: 'empty stringData', code: secret('  {}\n').replace('stringData:\n  {}', 'stringData: {}') },
    ],
    invalid: [
      {
        name: 'default_timezone = UTC',
        code: secret('  config.ini: |\n    default_timezone = UTC\n'),
        errors: [
          {
            line: 5,
            column: 1,
            endLine: 7,
            endColumn: 27,
            severity: 'high',
            message: 'none is recognisably a credential: rotate any that is secret',
          },
        ],
      },
      {
        name: 'a password is one',
        code: secret('  DB_PASSWORD: s3cr3t-Pa55word\n'),
        errors: [
          {
            line: 5,
            column: 1,
            endLine: 6,
            endColumn: 31,
            severity: 'high',
            message: 'DB_PASSWORD looks like a credential: rotate',
          },
        ],
      },
    ],
  });
});

// Cause 5: configuration files of tools borrow apiVersion/kind but are not namespaced objects.
const kindCluster = `apiVersion: kind.x-k8s.io/v1alpha4
kind: Cluster
name: dev
nodes:
- role: control-plane
`;
const kustomizationKind = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [cm.yaml]
`;
const skaffold = 'apiVersion: skaffold/v4beta11\nkind: Config\nmetadata:\n  name: app\n';
const k3d = 'apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: dev\n';
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n';

describe('tool configs are not namespaced objects', () => {
  ruleTester(defaultNamespace, {
    valid: [
      {
        name: 'kind Cluster, Kustomization, Skaffold and k3d configs next to a namespaced object',
        files: {
          'dev/kind.yaml': kindCluster,
          'dev/kustomization.yaml': kustomizationKind,
          'dev/skaffold.yaml': skaffold,
          'dev/k3d.yaml': k3d,
          'dev/cm.yaml': cm,
        },
      },
    ],
    invalid: [
      {
        name: 'a real object without a namespace next to them still is reported',
        files: {
          'dev/kind.yaml': kindCluster,
          'dev/cm.yaml': cm,
          'dev/other.yaml': cm.replace('  namespace: shop\n', ''),
        },
        errors: [{ file: 'dev/other.yaml', line: 4, column: 3, endLine: 4, endColumn: 17 }],
      },
    ],
  });

  it('no rule reports anything on a kind Cluster config', () => {
    const config = {
      ...defaultConfig(ROOT),
      extends: [],
      rules: Object.fromEntries(builtinRules.map((r) => [r.meta.id, r.meta.severity])),
    };
    const { findings } = lintFiles(
      [loadText('kind.yaml', kindCluster)],
      config,
      config.kubernetesVersion,
      builtinRules,
    );
    expect(findings.map((f) => f.ruleId)).toEqual([]);
  });
});

describe('opaque API types (FieldsV1 of managedFields) keep any key', () => {
  ruleTester(unknownField, {
    valid: [
      {
        name: 'managedFields fieldsV1 with f: keys',
        code: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  managedFields:\n  - manager: kubectl\n    fieldsType: FieldsV1\n    fieldsV1:\n      'f:data': {}\n",
      },
    ],
    invalid: [
      {
        name: 'a misspelt field beside it is still unknown',
        code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  nmae: x\n',
        errors: [{ line: 5, column: 3, endLine: 5, endColumn: 7, message: '"nmae"' }],
      },
    ],
  });
});
