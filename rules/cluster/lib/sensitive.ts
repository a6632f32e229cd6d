// Well-known applications and ports that must not face the internet.

const SENSITIVE_APPS = [
  'kubernetes-dashboard',
  'prometheus',
  'alertmanager',
  'grafana',
  'kibana',
  'elasticsearch',
  'etcd',
  'kube-state-metrics',
  'jaeger',
];

/** Each application as a whole word of a name (between `-`, `_` or `.`), compiled once. */
const SENSITIVE_WORDS = SENSITIVE_APPS.map((app) => ({ app, word: new RegExp(`(^|[-_.])${app}([-_.]|$)`) }));

export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [10250, 'the kubelet API'],
  [10255, 'the kubelet read-only API'],
  [2379, 'etcd'],
  [2380, 'etcd peer traffic'],
  [9090, 'Prometheus'],
  [9093, 'Alertmanager'],
  [9200, 'Elasticsearch'],
  [5601, 'Kibana'],
]);

/** The sensitive application a name, label value or image names, if any. */
export function sensitiveApp(text: string): string | undefined {
  const t = text.toLowerCase();
  if (/(^|\/)kubernetesui\/dashboard([:@]|$)/.test(t)) return 'kubernetes-dashboard';
  // Image: the repository's last segment; name or label: the whole text, split on separators.
  const base =
    t
      .replace(/[:@].*$/, '')
      .split('/')
      .pop() ?? t;
  return SENSITIVE_WORDS.find(({ app, word }) => base === app || word.test(base))?.app;
}
