// Precision evaluation cause 7 (/tmp/pem/repro/c7): kubeadm static-pod patches beside a kind config
// are fragments merged by kubeadm, not Pods.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { tempTree } from '../core/helpers.js';

const kindConfig = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
    extraMounts:
      - {hostPath: ./patches, containerPath: /patches}
kubeadmConfigPatches:
  - |
    kind: InitConfiguration
    patches:
      directory: /patches
`;
const patch = `apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager
  namespace: kube-system
spec:
  containers:
  - name: kube-controller-manager
    resources:
      requests:
        cpu: 100m
`;

describe('kubeadm patch files', () => {
  it('are skipped with a notice when the folder beside them holds a kind config with patches.directory', async () => {
    const dir = tempTree({
      'kind/kind-config.yaml': kindConfig,
      'kind/patches/kube-controller-manager.yaml': patch,
      'kind/patches/kube-apiserver0+strategic.yaml': patch,
    });
    const r = await lint({ paths: ['kind'], cwd: dir });
    expect(r.findings.filter((f) => f.location.file.startsWith('kind/patches/'))).toEqual([]);
    expect(r.notices.filter((n) => n.includes('kubeadm patch')).map((n) => n.split(':')[0])).toEqual([
      'kind/patches/kube-apiserver0+strategic.yaml',
      'kind/patches/kube-controller-manager.yaml',
    ]);
  });

  it('are linted as objects without such a config, or when named otherwise', async () => {
    const dir = tempTree({
      'a/patches/kube-controller-manager.yaml': patch,
      'b/kind-config.yaml': kindConfig,
      'b/patches/my-pod.yaml': patch,
    });
    const r = await lint({ paths: ['a', 'b'], cwd: dir });
    const files = new Set(r.findings.filter((f) => f.ruleId === 'naked-pod').map((f) => f.location.file));
    expect([...files].sort()).toEqual(['a/patches/kube-controller-manager.yaml', 'b/patches/my-pod.yaml']);
    expect(r.notices.some((n) => n.includes('kubeadm patch'))).toBe(false);
  });
});
