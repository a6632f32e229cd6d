import { defineRule } from '../../src/engine/rule.js';
import { bool, get, getIn, getPair, items, pairSpan, str } from '../../src/load/index.js';
import { nsa } from '../references.js';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

export default defineRule({
  meta: {
    id: 'apiserver-endpoint-public',
    title: 'API server endpoint open to the internet',
    severity: 'medium',
    category: 'exposure',
    kinds: ['ClusterConfig', 'Cluster'],
    fires:
      'An eksctl `ClusterConfig` whose API endpoint is public (`vpc.clusterEndpoints.publicAccess`, true by default) with no `vpc.publicAccessCIDRs` or with `0.0.0.0/0`; a kops `Cluster` whose `spec.kubernetesApiAccess` contains `0.0.0.0/0` or `::/0`.',
    silent:
      'eksctl `publicAccess: false`, or public access restricted to specific CIDRs; kops access lists without the whole internet.',
    assumes: 'eksctl creates a public endpoint open to 0.0.0.0/0 unless told otherwise.',
    rationale:
      'An API server reachable from anywhere is probed constantly and is one leaked credential or one vulnerability away from compromise. The seed advice: limit access to the API server and never expose it to the internet unprotected.',
    remediation:
      'Turn on private access and turn off public access, or restrict `publicAccessCIDRs` / `kubernetesApiAccess` to your office and CI ranges.',
    references: [nsa('Network separation and hardening: control plane')],
    presets: ['recommended'],
    peers: { kubescape: ['C-0227', 'C-0228', 'C-0247', 'C-0252'] },
  },
  create(context) {
    return {
      object(o) {
        if (o.kind === 'ClusterConfig' && o.group === 'eksctl.io') {
          const endpoints = getIn(o.root, ['vpc', 'clusterEndpoints']);
          const publicPair = getPair(endpoints, 'publicAccess');
          if (bool(publicPair?.value) === false) return;
          const cidrsPair = getPair(get(o.root, 'vpc'), 'publicAccessCIDRs');
          const cidrs = items(cidrsPair?.value);
          const open = cidrs.find((n) => ANYWHERE.has(str(n) ?? ''));
          if (cidrs.length && !open) return;
          context.report({
            object: o,
            span:
              open ??
              (publicPair
                ? pairSpan(publicPair)
                : (getPair(o.root, 'vpc')?.key ?? getPair(o.root, 'kind')?.key ?? o.anchor)),
            path: open
              ? o.path('vpc', 'publicAccessCIDRs', cidrs.indexOf(open))
              : o.path('vpc', 'publicAccessCIDRs'),
            message: open
              ? `the EKS API endpoint is public and open to ${str(open)}; restrict vpc.publicAccessCIDRs or set clusterEndpoints.publicAccess: false with privateAccess: true`
              : 'the EKS API endpoint is public (the eksctl default) with no vpc.publicAccessCIDRs, so the whole internet can reach it; restrict publicAccessCIDRs or make the endpoint private',
          });
          return;
        }
        if (o.kind === 'Cluster' && o.group === 'kops.k8s.io') {
          items(getIn(o.root, ['spec', 'kubernetesApiAccess'])).forEach((n, i) => {
            const cidr = str(n);
            if (!cidr || !ANYWHERE.has(cidr)) return;
            context.report({
              object: o,
              span: n,
              path: o.path('spec', 'kubernetesApiAccess', i),
              message: `kops kubernetesApiAccess allows ${cidr}, so the whole internet can reach the API server; list only the ranges that need it`,
            });
          });
        }
      },
    };
  },
});
