// What each fixable rule's fix writes: the rule alone on a small manifest, its fixes applied, the
// text compared exactly; then the rule is run again on the result and must be silent.
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { applyFileFixes, editStyleFor, type Rule } from '../../src/engine/index.js';
import { loadText } from '../../src/load/index.js';
import { toSarif } from '../../src/report/index.js';
import { lintCase } from '../rule-tester.js';
import { clusterConfiguration, staticPod } from '../rules/control-plane/helpers.js';

const rule = (id: string): Rule => builtinRules.find((r) => r.meta.id === id)!;

function fixed(
  id: string,
  code: string,
  extra: { options?: Record<string, unknown>; kubernetesVersion?: string } = {},
) {
  const findings = lintCase(rule(id), { code, ...extra }).filter((f) => f.ruleId === id);
  const items = findings.filter((f) => f.fix).map((f) => ({ fix: f.fix! }));
  return { text: applyFileFixes(code, items, editStyleFor('manifest.yaml')).text, findings };
}

const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
${spec}`;

describe('fixable rules', () => {
  it('the catalogue marks the rules the issue asks for as fixable', () => {
    const fixable = builtinRules.filter((r) => r.meta.fixable).map((r) => r.meta.id);
    expect(fixable).toEqual(
      expect.arrayContaining([
        'privilege-escalation-allowed',
        'run-as-root',
        'capabilities-not-dropped',
        'seccomp-profile-missing',
        'writable-root-filesystem',
        'service-account-token-automount',
        'privileged-container',
        'host-network',
        'host-pid',
        'host-ipc',
        'proc-mount-unmasked',
        'seccomp-unconfined',
        'apparmor-unconfined',
        'image-tag-latest',
        'removed-api-version',
        'apiserver-anonymous-auth',
        'apiserver-profiling',
        'apiserver-insecure-serving',
        'kubelet-anonymous-auth',
      ]),
    );
  });

  it.each([
    {
      id: 'run-as-root',
      name: 'adds runAsNonRoot once on the pod, never a UID',
      code: pod('  containers:\n    - name: a\n      image: x:1\n    - name: b\n      image: y:1\n'),
      out: pod(
        '  containers:\n    - name: a\n      image: x:1\n    - name: b\n      image: y:1\n  securityContext:\n    runAsNonRoot: true\n',
      ),
    },
    {
      id: 'run-as-root',
      name: 'fixes the container when another container sets runAsUser: 0 itself',
      code: pod(
        '  containers:\n    - name: a\n      image: x:1\n    - name: b\n      image: y:1\n      securityContext:\n        runAsUser: 0\n',
      ),
      out: pod(
        '  containers:\n    - name: a\n      image: x:1\n      securityContext:\n        runAsNonRoot: true\n    - name: b\n      image: y:1\n      securityContext:\n        runAsUser: 0\n',
      ),
      left: 1,
    },
    {
      id: 'run-as-root',
      name: 'fixes a container that overrides the pod with runAsNonRoot: false',
      code: pod(
        '  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: a\n      image: x:1\n      securityContext:\n        runAsNonRoot: false\n',
      ),
      out: pod(
        '  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: a\n      image: x:1\n      securityContext:\n        runAsNonRoot: true\n',
      ),
    },
    {
      id: 'seccomp-profile-missing',
      name: 'sets the profile on the container that lacks one when another has its own',
      code: pod(
        '  containers:\n    - name: a\n      image: x:1\n      securityContext:\n        seccompProfile: {type: Localhost, localhostProfile: a.json}\n    - name: b\n      image: y:1\n',
      ),
      out: pod(
        '  containers:\n    - name: a\n      image: x:1\n      securityContext:\n        seccompProfile: {type: Localhost, localhostProfile: a.json}\n    - name: b\n      image: y:1\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n',
      ),
    },
    {
      id: 'service-account-token-automount',
      name: 'sets automountServiceAccountToken: false on the pod spec',
      code: pod('  containers:\n    - name: a\n      image: x:1\n'),
      out: pod('  containers:\n    - name: a\n      image: x:1\n  automountServiceAccountToken: false\n'),
    },
    {
      id: 'apparmor-unconfined',
      name: 'sets the legacy annotation to runtime/default',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/a: unconfined\nspec:\n  containers:\n    - name: a\n      image: x:1\n',
      out: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/a: runtime/default\nspec:\n  containers:\n    - name: a\n      image: x:1\n',
    },
    {
      id: 'apiserver-anonymous-auth',
      name: 'rewrites the flag where it is written',
      code: staticPod('kube-apiserver', ['--anonymous-auth=true', '--profiling=false']),
      out: staticPod('kube-apiserver', ['--anonymous-auth=false', '--profiling=false']),
    },
    {
      id: 'apiserver-anonymous-auth',
      name: 'appends the flag to the command that holds the others',
      code: staticPod('kube-apiserver', ['--profiling=false']),
      out: staticPod('kube-apiserver', ['--profiling=false', '--anonymous-auth=false']),
    },
    {
      id: 'apiserver-profiling',
      name: 'sets the kubeadm extraArgs entry (a string) in the map form',
      code: clusterConfiguration('apiServer:\n  extraArgs:\n    profiling: "true"\n', 'v1beta3'),
      out: clusterConfiguration('apiServer:\n  extraArgs:\n    profiling: "false"\n', 'v1beta3'),
    },
    {
      id: 'apiserver-anonymous-auth',
      name: 'appends a {name, value} entry to the kubeadm v1beta4 extraArgs list',
      code: clusterConfiguration(
        'apiServer:\n  extraArgs:\n    - name: authorization-mode\n      value: Node,RBAC\n',
      ),
      out: clusterConfiguration(
        'apiServer:\n  extraArgs:\n    - name: authorization-mode\n      value: Node,RBAC\n    - name: anonymous-auth\n      value: "false"\n',
      ),
    },
    {
      id: 'apiserver-profiling',
      name: 'appends to a flow-style v1beta4 extraArgs list in flow style',
      code: clusterConfiguration('apiServer:\n  extraArgs: [{name: anonymous-auth, value: "false"}]\n'),
      out: clusterConfiguration(
        'apiServer:\n  extraArgs: [{name: anonymous-auth, value: "false"}, {name: profiling, value: "false"}]\n',
      ),
    },
    {
      id: 'apiserver-insecure-serving',
      name: 'removes --insecure-port for 1.24 and later',
      code: staticPod('kube-apiserver', ['--insecure-port=8080', '--profiling=false']),
      out: staticPod('kube-apiserver', ['--profiling=false']),
      left: 0,
    },
    {
      id: 'kubelet-anonymous-auth',
      name: 'sets the KubeletConfiguration field',
      code: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n',
      out: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n',
    },
    {
      id: 'removed-api-version',
      name: 'changes a pure version bump',
      code: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n',
      out: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\n',
    },
  ])('$id: $name', ({ id, code, out, left }) => {
    const r = fixed(id, code);
    expect(r.text).toBe(out);
    const again = lintCase(rule(id), { code: r.text }).filter((f) => f.ruleId === id);
    expect(again).toHaveLength(left ?? 0);
  });

  it('removed-api-version leaves changes that are more than a version alone', () => {
    const ingress = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: i\n';
    expect(fixed('removed-api-version', ingress).findings[0]?.fix).toBeUndefined();
    const deploy =
      'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template: {}\n';
    expect(fixed('removed-api-version', deploy).findings[0]?.fix).toBeUndefined();
    expect(
      fixed('removed-api-version', deploy.replace('spec:\n', 'spec:\n  selector: {}\n')).findings[0]?.fix,
    ).toBeDefined();
  });

  it('image-tag-latest pins only what the config gives, never a guess', () => {
    const code = pod(
      '  containers:\n    - name: a\n      image: nginx:latest\n    - name: b\n      image: redis\n',
    );
    expect(fixed('image-tag-latest', code).findings.filter((f) => f.fix)).toEqual([]);
    const pins = { nginx: '1.27.3', 'docker.io/library/redis': `sha256:${'0'.repeat(64)}` };
    expect(fixed('image-tag-latest', code, { options: { pins } }).text).toBe(
      pod(
        `  containers:\n    - name: a\n      image: nginx:1.27.3\n    - name: b\n      image: redis@sha256:${'0'.repeat(64)}\n`,
      ),
    );
  });
});

describe('SARIF fixes', () => {
  it('carry the replacement: deleted region and inserted content, as one change of the file', () => {
    const code = pod(
      '  containers:\n    - name: a\n      image: x:1\n      securityContext:\n        privileged: true\n',
    );
    const findings = lintCase(rule('privileged-container'), { code });
    const file = loadText('manifest.yaml', code);
    const log = toSarif({ findings, rules: [rule('privileged-container')], toolVersion: '0', files: [file] });
    expect(log.runs[0]!.results![0]!.fixes).toEqual([
      {
        description: { text: 'set privileged: false' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'manifest.yaml', uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: {
                  startLine: 11,
                  startColumn: 21,
                  endLine: 11,
                  endColumn: 25,
                  charOffset: code.indexOf('true'),
                  charLength: 4,
                },
                insertedContent: { text: 'false' },
              },
            ],
          },
        ],
      },
    ]);
    const missing = pod('  containers:\n    - name: a\n      image: x:1\n');
    const ins = toSarif({
      findings: lintCase(rule('writable-root-filesystem'), { code: missing }),
      rules: [rule('writable-root-filesystem')],
      toolVersion: '0',
      files: [loadText('manifest.yaml', missing)],
    }).runs[0]!.results![0]!.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    expect(ins).toEqual({
      deletedRegion: {
        startLine: 9,
        startColumn: 17,
        endLine: 9,
        endColumn: 17,
        charOffset: missing.length - 1,
        charLength: 0,
      },
      insertedContent: { text: '\n      securityContext:\n        readOnlyRootFilesystem: true' },
    });
  });
});
