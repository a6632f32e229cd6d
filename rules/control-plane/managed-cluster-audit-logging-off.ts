import { defineRule } from '../../src/engine/rule.js';
import { getIn, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { cis, nsa } from '../references.js';

export default defineRule({
  meta: {
    id: 'managed-cluster-audit-logging-off',
    title: 'EKS control-plane audit logs off',
    severity: 'high',
    category: 'control-plane',
    kinds: ['ClusterConfig'],
    fires:
      'An eksctl `ClusterConfig` whose `cloudWatch.clusterLogging.enableTypes` does not include `audit` (or `*`/`all`), including when `cloudWatch` is not configured at all.',
    silent: '`enableTypes` containing `audit`, `*` or `all`.',
    assumes:
      'EKS ships no control-plane logs to CloudWatch unless log types are enabled: audit logging is off by default.',
    rationale:
      'On a managed cluster the audit log is the only record of who did what through the API, and EKS does not keep it unless asked. The seed advice: turn on audit logging.',
    remediation:
      'Add `cloudWatch: {clusterLogging: {enableTypes: ["audit", "authenticator"]}}` (and a log retention).',
    references: [
      cis('3.2.1', 'Ensure that a minimal audit policy is created'),
      nsa('Audit logging and threat detection'),
      { title: 'eksctl: CloudWatch logging', url: 'https://eksctl.io/usage/cloudwatch-cluster-logging/' },
    ],
    presets: ['recommended'],
    peers: { kubescape: ['C-0067', 'C-0254'] },
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'eksctl.io') return;
        const enablePair = getPair(getIn(o.root, ['cloudWatch', 'clusterLogging']), 'enableTypes');
        const types = items(enablePair?.value).map((n) => str(n)?.toLowerCase());
        if (types.some((t) => t === 'audit' || t === '*' || t === 'all')) return;
        context.report({
          object: o,
          span: enablePair
            ? pairSpan(enablePair)
            : (getPair(o.root, 'cloudWatch')?.key ?? getPair(o.root, 'kind')?.key ?? o.anchor),
          path: o.path('cloudWatch', 'clusterLogging', 'enableTypes'),
          message: enablePair
            ? 'EKS audit logs are not enabled: cloudWatch.clusterLogging.enableTypes lacks "audit"; add it'
            : 'EKS control-plane logging is off by default and this ClusterConfig does not enable it; add cloudWatch.clusterLogging.enableTypes: ["audit", "authenticator"]',
        });
      },
    };
  },
});
