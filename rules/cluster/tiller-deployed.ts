import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, pairSpan, stringMap } from '../../src/load/index.js';
import { cis } from '../references.js';

/** Tiller's image: any registry's repository whose last segment is `tiller` (gcr.io/kubernetes-helm/tiller). */
function tillerImage(image: string): boolean {
  const repo = image
    .toLowerCase()
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '');
  return (repo.split('/').pop() ?? repo) === 'tiller';
}

/** The labels Helm v2's `helm init` puts on Tiller's pods and its Service's selector. */
function selectsTiller(labels: Readonly<Record<string, string>>): boolean {
  return labels.app === 'helm' && labels.name === 'tiller';
}

export default defineRule({
  meta: {
    id: 'tiller-deployed',
    title: 'Helm v2 Tiller deployed',
    severity: 'high',
    category: 'exposure',
    fires:
      'A container runs the Tiller image (a repository named `tiller`, e.g. `gcr.io/kubernetes-helm/tiller`); a workload named `tiller-deploy` whose image is not recognised; a Service named `tiller-deploy` or selecting Tiller’s pods (`app: helm`, `name: tiller`).',
    silent: 'Helm v3 and later (no in-cluster component), and images whose name merely contains "tiller".',
    assumes:
      'Tiller as `helm init` installs it: gRPC on port 44134 with no authentication and cluster-admin rights.',
    rationale:
      'Tiller, the in-cluster half of Helm v2 (unsupported since November 2020), serves an unauthenticated gRPC API by default and usually runs with cluster-admin: any pod that reaches port 44134 can install anything anywhere. The seed advice: restrict permissions to the least privilege and do not expose more than you should.',
    remediation:
      'Migrate to Helm 3 (`helm-2to3`), which has no in-cluster component, and delete the Tiller Deployment, Service and its ServiceAccount’s cluster-admin binding.',
    references: [
      {
        title: 'Helm: Helm 2 and the Charts project are now unsupported',
        url: 'https://helm.sh/blog/helm-2-becomes-unsupported/',
      },
      {
        title: 'Helm: Changes since Helm 2 (removal of Tiller)',
        url: 'https://helm.sh/docs/faq/changes_since_helm2/',
      },
      cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_34', 'CKV_K8S_44', 'CKV_K8S_45'],
      kics: [
        '8b862ca9-0fbd-4959-ad72-b6609bdaa22d',
        '6d173be7-545a-46c6-a81d-2ae52ed1605d',
        'e17fa86a-6222-4584-a914-56e8f6c87e06',
      ],
      trivy: ['KSV-0102'],
    },
  },
  create(context) {
    return {
      object(o) {
        if (o.kind === 'Service' && o.apiVersion === 'v1') {
          const selectorPair = getPair(get(o.root, 'spec'), 'selector');
          const byName = o.name === 'tiller-deploy';
          if (!byName && !(selectorPair && selectsTiller(stringMap(selectorPair.value)))) return;
          context.report({
            object: o,
            span: byName || !selectorPair ? o.anchor : pairSpan(selectorPair),
            path: byName || !selectorPair ? o.path('metadata', 'name') : o.path('spec', 'selector'),
            message: `Service ${o.name} exposes Helm v2's Tiller, whose gRPC API needs no authentication; migrate to Helm 3 and delete Tiller and this Service`,
          });
          return;
        }
        if (o.name !== 'tiller-deploy') return;
        const pods = context.model.podSpecsOf(o);
        // A recognised image is reported on the container; the name alone only when no image says so.
        if (!pods.length || pods.some((p) => p.containers.some((c) => c.image && tillerImage(c.image))))
          return;
        context.report({
          object: o,
          span: o.anchor,
          path: o.path('metadata', 'name'),
          message: `${o.kind} ${o.name} is named as Helm v2's Tiller, which serves an unauthenticated API with cluster-wide rights; migrate to Helm 3 and delete it`,
        });
      },
      container(c) {
        if (!c.image || !tillerImage(c.image)) return;
        const pair = getPair(c.node, 'image');
        context.report({
          object: c.object,
          span: pair ? pair.value : c.anchor,
          path: c.sub('image'),
          message: `container "${c.name}" runs Helm v2's Tiller (${c.image}), which serves an unauthenticated API with cluster-wide rights; migrate to Helm 3 and delete it`,
        });
      },
    };
  },
});
