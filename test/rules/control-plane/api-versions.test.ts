import { describe, expect, it } from 'vitest';
import deprecations from '../../../data/api-deprecations.json' with { type: 'json' };
import deprecated from '../../../rules/control-plane/deprecated-api-version.js';
import outdated from '../../../rules/control-plane/kubernetes-version-outdated.js';
import removed from '../../../rules/control-plane/removed-api-version.js';
import { RELEASES, RELEASES_AS_OF, supportedMinors } from '../../../rules/control-plane/versions.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../../src/engine/config.js';
import { ruleTester } from '../../rule-tester.js';
import { staticPod } from './helpers.js';

describe('data tables', () => {
  it('the default target is the newest release the release table lists as out on its date', () => {
    const out = RELEASES.filter((r) => r.released <= RELEASES_AS_OF);
    expect(out[out.length - 1]!.minor).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(supportedMinors()).toEqual(['1.35', '1.36', '1.37']);
  });

  it('every deprecation row cites the release that changed it and is ordered sensibly', () => {
    for (const row of deprecations.rows) {
      expect(row.source).toMatch(/Kubernetes v1\.\d+/);
      if (row.removedIn)
        expect(Number(row.removedIn.split('.')[1])).toBeGreaterThan(Number(row.deprecatedIn.split('.')[1]));
    }
  });
});

const cronJob = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: CronJob
metadata: {name: c}
spec:
  schedule: "@daily"
`;

ruleTester(removed, {
  valid: [
    { code: cronJob('batch/v1') },
    { name: 'still served by an older target', code: cronJob('batch/v1beta1'), kubernetesVersion: '1.24' },
    {
      name: 'unknown kinds are skipped',
      code: 'apiVersion: example.com/v1beta1\nkind: Widget\nmetadata: {name: w}\n',
    },
  ],
  invalid: [
    {
      code: cronJob('batch/v1beta1'),
      errors: [
        {
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 26,
          path: 'apiVersion',
          message:
            'not served since Kubernetes 1.25 (deprecated in 1.21; target 1.37), so it will not apply; use batch/v1',
        },
      ],
    },
    {
      name: 'exactly the removal release',
      code: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\n',
      kubernetesVersion: '1.22',
      errors: [
        {
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 31,
          message: /use networking\.k8s\.io\/v1 \(v1 renames/,
        },
      ],
    },
    {
      name: 'PodSecurityPolicy has no replacement',
      code: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\n',
      errors: [{ line: 1, column: 13, endLine: 1, endColumn: 27, message: 'Pod Security Admission' }],
    },
  ],
});

ruleTester(deprecated, {
  valid: [
    { name: 'removed, not deprecated, at the target', code: cronJob('batch/v1beta1') },
    { name: 'not yet deprecated at the target', code: cronJob('batch/v1beta1'), kubernetesVersion: '1.20' },
    { code: cronJob('batch/v1') },
  ],
  invalid: [
    {
      code: cronJob('batch/v1beta1'),
      kubernetesVersion: '1.23',
      errors: [
        {
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 26,
          message: 'deprecated since Kubernetes 1.21 (it stops being served in 1.25); use batch/v1',
        },
      ],
    },
    {
      name: 'kubeadm v1beta3 configuration',
      code: 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n',
      errors: [
        {
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 35,
          message: 'no removal is scheduled yet); use kubeadm.k8s.io/v1beta4',
        },
      ],
    },
  ],
});

ruleTester(outdated, {
  valid: [
    { code: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.35.2\n' },
    {
      name: 'a label, not a version',
      code: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: stable-1\n',
    },
    {
      name: 'newer than the table',
      code: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.40.0\n',
    },
    { code: staticPod('kube-apiserver', ['--profiling=false'], 'registry.k8s.io/kube-apiserver:v1.36.1') },
    {
      name: 'etcd versions are not Kubernetes versions',
      code: staticPod('etcd', [], 'registry.k8s.io/etcd:3.5.0-0'),
    },
  ],
  invalid: [
    {
      name: 'kubeadm',
      code: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.34.2\n',
      errors: [
        {
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 27,
          path: 'kubernetesVersion',
          message: 'Kubernetes 1.34 (kubeadm kubernetesVersion v1.34.2) reached end of life on 2026-10-27',
        },
      ],
    },
    {
      name: 'a kubeadm version label pinned to a minor',
      code: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: stable-1.31\n',
      errors: [{ line: 3, column: 20, endLine: 3, endColumn: 31, message: 'Kubernetes 1.31' }],
    },
    {
      name: 'static Pod image tag',
      code: staticPod('kube-apiserver', ['--profiling=false'], 'registry.k8s.io/kube-apiserver:v1.30.1'),
      errors: [
        {
          line: 9,
          column: 14,
          endLine: 9,
          endColumn: 52,
          path: 'spec.containers[0].image',
          message: 'upgrade to a supported minor: 1.35, 1.36, 1.37',
        },
      ],
    },
    {
      name: 'eksctl: 1.30 written as a YAML number is read from the source text',
      code: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-west-1\n  version: 1.30\n',
      errors: [{ line: 6, column: 12, endLine: 6, endColumn: 16, message: 'Kubernetes 1.30' }],
    },
    {
      name: 'Cluster API and kops',
      files: {
        'capi.yaml':
          'apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\nmetadata: {name: cp}\nspec:\n  version: v1.29.0\n',
        'kops.yaml':
          'apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: k}\nspec:\n  kubernetesVersion: 1.15.3\n',
      },
      errors: [
        {
          file: 'capi.yaml',
          line: 5,
          column: 12,
          endLine: 5,
          endColumn: 19,
          message: 'end of life on 2025-02-28',
        },
        {
          file: 'kops.yaml',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 28,
          message: 'older than any release still tracked',
        },
      ],
    },
  ],
});
