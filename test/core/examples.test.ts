import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { ROOT } from './helpers.js';

const ruleIds = async (path: string) => {
  const r = await lint({ paths: [path], cwd: ROOT });
  return [...new Set(r.findings.filter((f) => !f.suppression).map((f) => f.ruleId))].sort();
};

describe('the bundled examples', () => {
  it('the hardened twins lint clean with the recommended rules', async () => {
    expect(await ruleIds('examples/hardened-app')).toEqual([]);
    expect(await ruleIds('examples/cluster/hardened')).toEqual([]);
  });

  it('the insecure app shows the workload and cluster-wide rules firing', async () => {
    expect(await ruleIds(join('examples', 'insecure-app'))).toEqual([
      'anti-affinity-missing',
      'apparmor-unconfined',
      'binding-excessive-permissions',
      'capabilities-not-dropped',
      'cluster-admin-binding',
      'container-runtime-socket',
      'control-plane-scheduling',
      'cronjob-deadline-missing',
      'dangerous-capabilities',
      'default-service-account',
      'external-secret-refresh-disabled',
      'host-ipc',
      'host-network',
      'host-path-volume',
      'host-pid',
      'host-port',
      'image-not-covered-by-signature-policy',
      'image-tag-latest',
      'ingress-without-tls',
      'mesh-authorization-allow-all',
      'mesh-injection-disabled',
      'metadata-api-egress-allowed',
      'mtls-not-strict',
      'namespace-pod-security-not-enforced',
      'namespace-without-default-deny',
      'namespace-without-limit-range',
      'namespace-without-resource-quota',
      'network-policy-any-port',
      'privilege-escalation-allowed',
      'privileged-container',
      'probes-missing',
      'proc-mount-unmasked',
      'rbac-node-proxy',
      'rbac-pod-exec',
      'rbac-privilege-escalation',
      'rbac-secrets-read',
      'rbac-webhook-modification',
      'rbac-wildcard',
      'rbac-workload-create',
      'removed-api-version',
      'resource-limits-missing',
      'resource-requests-missing',
      'run-as-root',
      'seccomp-profile-missing',
      'seccomp-unconfined',
      'secret-as-env-var',
      'secret-committed',
      'secret-in-configmap',
      'secret-in-env-literal',
      'sensitive-service-exposed',
      'service-account-token-automount',
      'service-load-balancer-open',
      'service-node-port',
      'service-selects-nothing',
      'unknown-field',
      'unsafe-sysctls',
      'webhook-fails-open',
      'workload-excessive-permissions',
      'writable-root-filesystem',
    ]);
  });

  it('the default kubeadm cluster fails the CIS controls a fresh kubeadm cluster fails', async () => {
    const ids = await ruleIds('examples/cluster/default');
    for (const id of [
      'apiserver-anonymous-auth',
      'apiserver-audit-logging',
      'apiserver-encryption-at-rest',
      'apiserver-profiling',
      'controller-manager-profiling',
      'scheduler-profiling',
      'kubelet-hardening',
    ]) {
      expect(ids).toContain(id);
    }
  });
});
