// The full kubeadm cluster configuration, as generated and as hardened: the default one must light
// up what the CIS Kubernetes Benchmark fails on a fresh kubeadm cluster, the hardened one nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlPlaneRules } from '../../../rules/control-plane/index.js';
import { defaultConfig } from '../../../src/engine/index.js';
import { lintFiles } from '../../../src/lint.js';
import { loadText } from '../../../src/load/index.js';
import { FIXTURES } from '../../rule-tester.js';

function lintFixtures(...paths: string[]): string[] {
  const files = paths.map((p) => loadText(`fixtures/${p}`, readFileSync(join(FIXTURES, p), 'utf8')));
  const rules = Object.fromEntries(controlPlaneRules.map((r) => [r.meta.id, { options: {} }]));
  const config = { ...defaultConfig('.'), extends: [], rules };
  return lintFiles(files, config, config.kubernetesVersion, controlPlaneRules).findings.map(
    (f) =>
      `${f.location.file.replace('fixtures/control-plane/', '')}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId}`,
  );
}

// What a fresh kubeadm cluster fails, in either form of its configuration.
const FRESH_KUBEADM_APISERVER = [
  'apiserver-admission-plugins', // CIS 1.2.11 AlwaysPullImages (low)
  'apiserver-admission-plugins', // CIS 1.2.9 EventRateLimit (low)
  'apiserver-anonymous-auth', // CIS 1.2.1
  'apiserver-audit-logging', // 3.2.1 audit policy
  'apiserver-audit-logging', // 1.2.17 audit log path
  'apiserver-encryption-at-rest', // 1.2.28
  'apiserver-profiling', // 1.2.16
  'apiserver-tls', // 1.2.30 cipher suites unset (low)
  'apiserver-tls', // 1.2.5 kubelet certificate authority
];

describe('kubeadm cluster configuration fixtures', () => {
  it('the default ClusterConfiguration and KubeletConfiguration fail the CIS controls kubeadm leaves open', () => {
    expect(lintFixtures('control-plane/kubeadm-default.yaml')).toEqual([
      ...FRESH_KUBEADM_APISERVER.map((id) => `kubeadm-default.yaml:24:1 ${id}`),
      'kubeadm-default.yaml:27:1 controller-manager-hardening', // 1.3.1 terminated-pod-gc-threshold
      'kubeadm-default.yaml:27:1 controller-manager-profiling', // 1.3.2
      'kubeadm-default.yaml:38:1 scheduler-profiling', // 1.4.1
      'kubeadm-default.yaml:41:1 kubelet-hardening', // 4.2.14 podPidsLimit
      'kubeadm-default.yaml:41:1 kubelet-hardening', // 4.2.6 protectKernelDefaults
      'kubeadm-default.yaml:41:1 kubelet-hardening', // 4.2.13 tlsCipherSuites unset
      'kubeadm-default.yaml:41:1 kubelet-tls', // 4.2.10 self-signed serving certificate
    ]);
  });

  it('the static Pod manifests kubeadm generates fail the same controls', () => {
    const dir = 'control-plane/manifests-default';
    const files = readdirSync(join(FIXTURES, dir)).map((f) => `${dir}/${f}`);
    // The admission findings point at the --enable-admission-plugins flag kubeadm wrote (line 17).
    expect(lintFixtures(...files)).toEqual([
      ...FRESH_KUBEADM_APISERVER.filter((id) => id !== 'apiserver-admission-plugins').map(
        (id) => `manifests-default/kube-apiserver.yaml:11:5 ${id}`,
      ),
      'manifests-default/kube-apiserver.yaml:17:7 apiserver-admission-plugins',
      'manifests-default/kube-apiserver.yaml:17:7 apiserver-admission-plugins',
      'manifests-default/kube-controller-manager.yaml:8:5 controller-manager-hardening',
      'manifests-default/kube-controller-manager.yaml:8:5 controller-manager-profiling',
      'manifests-default/kube-scheduler.yaml:8:5 scheduler-profiling',
    ]);
  });

  it('the hardened configuration passes every control-plane rule', () => {
    expect(lintFixtures('control-plane/kubeadm-hardened.yaml')).toEqual([]);
  });
});
