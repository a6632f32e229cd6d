import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, num, pairSpan, text } from '../../src/load/index.js';
import { cis, pss } from '../references.js';

export default defineRule({
  meta: {
    id: 'host-port',
    title: 'Container binds a host port',
    severity: 'medium',
    category: 'pod-security',
    fires: 'A container port sets `hostPort` to a non-zero number.',
    silent: '`hostPort` unset or `0`.',
    assumes: 'Unset `hostPort` means the port is only reachable through the pod IP and Services.',
    rationale:
      "A hostPort opens the port on the node's own address, bypassing Services and often NetworkPolicies, and pins the pod to nodes where the port is free. The seed advice: restrict what pods can do; Pod Security Standards (baseline) forbid host ports.",
    remediation:
      'Remove `hostPort` and expose the port through a Service (NodePort or LoadBalancer if it must be reachable from outside).',
    references: [
      pss('baseline', 'Host Ports'),
      cis('5.2.13', 'Minimize the admission of containers which use HostPorts'),
    ],
    presets: ['recommended', 'pss-baseline', 'pss-restricted'],
    peers: {
      polaris: ['hostPortSet'],
      checkov: ['CKV_K8S_26'],
      kics: ['2b1836f1-dcce-416e-8e16-da8c71920633'],
      kubescape: ['C-0044'],
      trivy: ['KSV-0024'],
    },
  },
  create(context) {
    return {
      container(c) {
        items(get(c.node, 'ports')).forEach((port, i) => {
          const pair = getPair(port, 'hostPort');
          const hostPort = num(pair?.value);
          if (!pair || hostPort === undefined || hostPort === 0) return;
          const containerPort = text(get(port, 'containerPort'));
          context.report({
            object: c.object,
            span: pairSpan(pair),
            path: c.sub('ports', i, 'hostPort'),
            message: `container "${c.name}" binds port ${hostPort} on the node (hostPort${containerPort ? ` for containerPort ${containerPort}` : ''}); remove hostPort and expose it through a Service`,
          });
        });
      },
    };
  },
});
