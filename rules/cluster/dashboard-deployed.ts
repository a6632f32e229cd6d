import { defineRule } from '../../src/engine/rule.js';
import { getPair } from '../../src/load/index.js';
import { cis } from '../references.js';

/** The Dashboard's images: `kubernetesui/dashboard[-api|-web|-auth]`, and the old `kubernetes-dashboard-amd64`. */
function dashboardImage(image: string): boolean {
  const repo = image
    .toLowerCase()
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '');
  const last = repo.split('/').pop() ?? repo;
  return (
    /(^|\/)kubernetesui\/dashboard(-[a-z]+)?$/.test(repo) || /^kubernetes-dashboard(-[a-z0-9]+)?$/.test(last)
  );
}

export default defineRule({
  meta: {
    id: 'dashboard-deployed',
    title: 'Kubernetes Dashboard deployed',
    severity: 'low',
    category: 'exposure',
    fires:
      'A container image is the Kubernetes Dashboard: `kubernetesui/dashboard` (or its `-api`, `-web`, `-auth` parts), or an image named `kubernetes-dashboard` (the old `k8s.gcr.io/kubernetes-dashboard-amd64`), in any registry.',
    silent:
      'Other images, including ones that merely contain "dashboard" in their name (a Grafana dashboard sidecar, say).',
    assumes: 'The image name identifies the Dashboard; a renamed mirror of it is not recognised.',
    rationale:
      'The Dashboard is a web UI that acts on the cluster with its ServiceAccount’s rights; exposed or over-privileged dashboards were the way into well-known compromises (Tesla’s cloud in 2018), and `dashboard-insecure` only catches the worst settings. The seed advice: do not expose more than you should, and keep the attack surface small.',
    remediation:
      'Prefer `kubectl` or a managed console; if the Dashboard is needed, keep it off the internet, require login with users’ own tokens, and bind its ServiceAccount to a minimal role.',
    references: [
      cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
      {
        title: 'Kubernetes Dashboard: access control',
        url: 'https://github.com/kubernetes/dashboard/blob/master/docs/user/access-control/README.md',
      },
    ],
    presets: ['recommended'],
    peers: { checkov: ['CKV_K8S_33'], kics: ['d2ad057f-0928-41ef-a83c-f59203bb855b'] },
  },
  create(context) {
    return {
      container(c) {
        if (!c.image || !dashboardImage(c.image)) return;
        const pair = getPair(c.node, 'image');
        context.report({
          object: c.object,
          span: pair ? pair.value : c.node,
          path: c.sub('image'),
          message: `container "${c.name}" runs the Kubernetes Dashboard (${c.image}), a web UI acting on the cluster with its ServiceAccount's rights; remove it, or keep it off the internet with login required and a minimal role`,
        });
      },
    };
  },
});
