import { defineRule, type Report } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { readAwsAuthMappings } from '../../src/model/index.js';
import { nsa } from '../references.js';
import { trimEnd } from './lib/span.js';

const MASTERS = 'system:masters';

export default defineRule({
  meta: {
    id: 'system-masters-mapping',
    title: 'Identity mapped to system:masters',
    severity: 'critical',
    category: 'rbac',
    fires:
      'The `kube-system/aws-auth` ConfigMap maps an IAM role or user to the group `system:masters` in `mapRoles` or `mapUsers` (YAML inside a string), or an eksctl `ClusterConfig` does so in `iamIdentityMappings`.',
    silent: 'Mappings to other groups, which RBAC bindings then govern.',
    assumes: '`system:masters` is hard-wired to full access in the API server; no RBAC rule applies to it.',
    rationale:
      'Membership of system:masters bypasses RBAC entirely and cannot be revoked by deleting a binding. The seed advice: heavily restrict permissions for users and accounts.',
    remediation:
      'Map the identity to a group of your own and bind that group to the role it needs (or use EKS access entries with a scoped access policy).',
    references: [
      nsa('Authentication and authorization: least privilege RBAC'),
      {
        title: 'Amazon EKS: Grant IAM users access to Kubernetes with a ConfigMap',
        url: 'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html',
      },
    ],
    presets: ['recommended'],
    peers: { kubescape: ['C-0246'], trivy: ['KSV-0123'] },
    kinds: ['ConfigMap', 'ClusterConfig'],
  },
  create(context) {
    return {
      object(o) {
        if (o.kind === 'ClusterConfig') {
          if (o.group !== 'eksctl.io') return;
          items(get(o.root, 'iamIdentityMappings')).forEach((m, i) => {
            items(get(m, 'groups')).forEach((g, j) => {
              if (str(g) !== MASTERS) return;
              context.report({
                object: o,
                span: g,
                path: o.path('iamIdentityMappings', i, 'groups', j),
                message: `eksctl iamIdentityMappings[${i}] puts ${str(get(m, 'arn')) ?? 'an identity'} in system:masters, which bypasses RBAC; map it to a group of your own and bind that`,
              });
            });
          });
          return;
        }
        if (o.name !== 'aws-auth' || o.namespace !== 'kube-system' || o.apiVersion !== 'v1') return;
        const data = get(o.root, 'data');
        for (const key of ['mapRoles', 'mapUsers']) {
          const pair = getPair(data, key);
          const text = str(pair?.value);
          if (!pair || text === undefined) continue;
          const masters = readAwsAuthMappings(text).filter((m) => m.groups.includes(MASTERS));
          if (!masters.length) continue;
          // Point at each `system:masters` in the source when the string is written literally.
          const node = pair.value;
          const source = o.file.text.slice(node.start, node.end);
          const spans: Report['span'][] = [];
          for (let at = source.indexOf(MASTERS); at >= 0; at = source.indexOf(MASTERS, at + 1)) {
            spans.push({ start: node.start + at, end: node.start + at + MASTERS.length });
          }
          const exact = spans.length === masters.length;
          masters.forEach((m, i) => {
            context.report({
              object: o,
              span: exact ? spans[i]! : trimEnd(o, pairSpan(pair)),
              path: o.path('data', key),
              message: `aws-auth ${key} puts ${m.arn || m.username || 'an identity'} in system:masters, which bypasses RBAC and cannot be restricted; map it to a group of your own and bind that group to a role`,
            });
          });
        }
      },
    };
  },
});
