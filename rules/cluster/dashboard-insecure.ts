import { defineRule } from '../../src/engine/rule.js';
import { get, items, pairSpan, str } from '../../src/load/index.js';
import { type PodSpecView, RbacGraph } from '../../src/model/index.js';
import { cis } from '../references.js';
import { sensitiveApp } from './lib/sensitive.js';

const INSECURE_FLAGS = ['--enable-skip-login', '--enable-insecure-login'];

export default defineRule({
  meta: {
    id: 'dashboard-insecure',
    title: 'Kubernetes Dashboard configured insecurely',
    severity: 'high',
    category: 'exposure',
    fires:
      'A Kubernetes Dashboard container (image `kubernetesui/dashboard` or named kubernetes-dashboard) has `--enable-skip-login` or `--enable-insecure-login` (bare or `=true`) in its args or command, or its ServiceAccount is bound to `cluster-admin` by a binding in the tree.',
    silent: 'Dashboards requiring login with a ServiceAccount bound to a minimal role; `=false` flags.',
    assumes: 'With skip-login, anyone who reaches the Dashboard acts as its ServiceAccount.',
    rationale:
      'An exposed Dashboard that needs no login hands its ServiceAccount’s rights to anyone who finds it; such dashboards were the way into well-known cryptomining compromises (Tesla’s cloud in 2018). The seed advice: do not expose more than you should and restrict permissions heavily.',
    remediation:
      'Remove the skip/insecure login flags, bind the Dashboard’s ServiceAccount to a minimal role, and require users to log in with their own token.',
    references: [cis('5.1.1', 'Ensure that the cluster-admin role is only used where required')],
    presets: ['recommended'],
    peers: { kubescape: ['C-0014'] },
  },
  create(context) {
    const dashboards: PodSpecView[] = [];
    return {
      container(c) {
        if (!c.image || sensitiveApp(c.image) !== 'kubernetes-dashboard') return;
        if (!dashboards.includes(c.pod)) dashboards.push(c.pod);
        for (const field of ['command', 'args'] as const) {
          items(get(c.node, field)).forEach((n, i) => {
            const s = str(n) ?? '';
            const [flag, value] = s.split('=', 2);
            if (!INSECURE_FLAGS.includes(flag!) || (value !== undefined && value !== 'true')) return;
            context.report({
              object: c.object,
              span: n,
              path: c.sub(field, i),
              message: `Kubernetes Dashboard container "${c.name}" runs with ${flag}, ${flag === '--enable-skip-login' ? 'letting anyone in as its ServiceAccount' : 'accepting logins over plain HTTP'}; remove the flag`,
            });
          });
        }
      },
      done() {
        if (!dashboards.length) return;
        const graph = RbacGraph.of(context.model);
        for (const pod of dashboards) {
          context.guard(pod.object, () => {
            const ns = pod.object.namespace;
            if (!ns) return;
            const sa = pod.serviceAccountName ?? 'default';
            const grant = graph
              .grantsForServiceAccount(ns, sa)
              .find((g) => g.role.kind === 'ClusterRole' && g.role.name === 'cluster-admin');
            if (!grant) return;
            const field = pod.field('serviceAccountName') ?? pod.field('serviceAccount');
            context.report({
              object: pod.object,
              span: field ? pairSpan(field.pair) : pod.anchor,
              path: field ? field.path : pod.sub('serviceAccountName'),
              message: `Kubernetes Dashboard ${pod.object.displayName} runs as ServiceAccount ${sa}, bound to cluster-admin by ${grant.binding.object.displayName}; bind it to a minimal role and have users log in with their own tokens`,
              related: [
                {
                  object: grant.binding.object,
                  span: grant.binding.roleRefSpan,
                  message: `${grant.binding.object.displayName} binds cluster-admin`,
                },
              ],
            });
          });
        }
      },
    };
  },
});
