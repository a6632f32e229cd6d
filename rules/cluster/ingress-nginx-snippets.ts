import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, pairs, str } from '../../src/load/index.js';

const PREFIX = 'nginx.ingress.kubernetes.io/';
const CVE = {
  title:
    'CVE-2021-25742: ingress-nginx custom snippets allow retrieval of ingress-nginx ServiceAccount token and secrets across all namespaces',
  url: 'https://github.com/kubernetes/ingress-nginx/issues/7837',
};

export default defineRule({
  meta: {
    id: 'ingress-nginx-snippets',
    title: 'ingress-nginx snippet annotations',
    severity: 'high',
    category: 'exposure',
    fires:
      'A ConfigMap sets `allow-snippet-annotations: "true"` (the ingress-nginx controller’s setting; high), or an Ingress carries a snippet annotation: any `nginx.ingress.kubernetes.io/…-snippet` key such as `configuration-snippet`, `server-snippet`, `auth-snippet`, `stream-snippet`, `modsecurity-snippet` (medium).',
    silent:
      '`allow-snippet-annotations: "false"` or unset, other ingress-nginx annotations, snippets in the controller’s own ConfigMap (`http-snippet`, `server-snippet` keys there are written by the cluster operator), and snippet annotations on objects other than Ingress.',
    assumes:
      'The default annotation prefix `nginx.ingress.kubernetes.io`. Since controller v1.9 snippets are off unless the ConfigMap allows them; an annotation is still reported because an older controller, or a later change to the ConfigMap, turns it on.',
    rationale:
      'A snippet is raw NGINX configuration injected into the controller, which runs with a ServiceAccount that reads every Secret in the cluster: whoever may create an Ingress can read them all, or run Lua in the controller (CVE-2021-25742, and the IngressNightmare family in 2025). The seed advice: restrict permissions to the least privilege and do not expose more than you should.',
    remediation:
      'Set `allow-snippet-annotations: "false"` in the controller ConfigMap (the chart’s `controller.allowSnippetAnnotations: false`) and replace snippets with the dedicated ingress-nginx annotations; if a snippet is unavoidable, restrict who may create Ingresses and set `annotations-risk-level`.',
    references: [
      CVE,
      {
        title: 'ingress-nginx ConfigMap: allow-snippet-annotations',
        url: 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations',
      },
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_152', 'CKV_K8S_153', 'CKV_K8S_154'],
      kubescape: ['C-0059'],
      trivy: ['KCV-0093'],
    },
    kinds: ['Ingress', 'ConfigMap'],
  },
  create(context) {
    return {
      object(o) {
        if (o.kind === 'ConfigMap') {
          if (o.apiVersion !== 'v1') return;
          const pair = getPair(get(o.root, 'data'), 'allow-snippet-annotations');
          if (!pair || str(pair.value)?.trim().toLowerCase() !== 'true') return;
          context.report({
            object: o,
            span: pair.value,
            path: o.path('data', 'allow-snippet-annotations'),
            message: `ConfigMap ${o.name} lets every Ingress inject raw NGINX configuration into the ingress-nginx controller, which can read all Secrets (CVE-2021-25742); set allow-snippet-annotations: "false"`,
          });
          return;
        }
        for (const pair of pairs(get(o.metadata, 'annotations'))) {
          const key = str(pair.key) ?? '';
          if (!key.startsWith(PREFIX) || !key.endsWith('-snippet')) continue;
          context.report({
            object: o,
            span: pair.key,
            path: o.path('metadata', 'annotations', key),
            severity: 'medium',
            message: `Ingress ${o.name} injects raw NGINX configuration with ${key}, which the controller runs with rights to read every Secret (CVE-2021-25742); use the dedicated ingress-nginx annotations instead`,
          });
        }
      },
    };
  },
});
