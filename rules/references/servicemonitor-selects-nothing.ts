import { defineRule } from '../../src/engine/rule.js';
import { bool, get, getPair, items, str } from '../../src/load/index.js';
import { matchesSelector, readLabelSelector, selectsAll } from '../../src/model/index.js';
import { compatibleNamespaces, treeKnows, writtenNamespace } from '../../src/model/references.js';

export default defineRule({
  meta: {
    id: 'servicemonitor-selects-nothing',
    title: 'ServiceMonitor selects no Services',
    severity: 'low',
    category: 'governance',
    fires:
      'A Prometheus Operator ServiceMonitor (`monitoring.coreos.com`) whose `spec.selector` matches the labels of no Service in the namespaces it watches (its own, or those listed in `namespaceSelector.matchNames`), when the tree defines Services in each of those namespaces or owns it (for an unwritten namespace: Services also unwritten in the same folder).',
    silent:
      '`namespaceSelector.any: true`, namespaces where the tree defines no Service, select-all selectors, and ServiceMonitors whose Services are all outside the tree.',
    assumes: 'Without `namespaceSelector`, a ServiceMonitor watches its own namespace.',
    rationale:
      'A ServiceMonitor that selects nothing scrapes nothing: the alerts and dashboards built on it go quiet exactly when they are needed. The seed advice: monitor your clusters and audit what runs.',
    remediation:
      'Fix the selector to the labels of the Service to scrape, or list its namespace in `namespaceSelector.matchNames`.',
    references: [
      {
        title: 'Prometheus Operator: ServiceMonitor',
        url: 'https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor',
      },
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['dangling-servicemonitor'] },
    kinds: ['ServiceMonitor'],
  },
  create(context) {
    return {
      object(o) {
        if (o.group !== 'monitoring.coreos.com') return;
        const spec = get(o.root, 'spec');
        const selector = getPair(spec, 'selector');
        if (!selector) return;
        const sel = readLabelSelector(selector.value);
        if (selectsAll(sel)) return;
        const nsSel = get(spec, 'namespaceSelector');
        if (bool(get(nsSel, 'any')) === true) return;
        const listed = items(get(nsSel, 'matchNames'))
          .map((n) => str(n))
          .filter((n): n is string => n !== undefined);
        const namespaces: (string | undefined)[] = listed.length ? listed : [writtenNamespace(o)];
        // Every watched namespace must be one whose Services the tree defines.
        if (!namespaces.every((ns) => treeKnows(context.model, ['Service'], ns, o))) return;
        const services = context.model
          .ofKind('Service')
          .filter(
            (s) =>
              s.apiVersion === 'v1' && namespaces.some((ns) => compatibleNamespaces(writtenNamespace(s), ns)),
          );
        if (services.some((s) => matchesSelector(sel, s.labels))) return;
        context.report({
          object: o,
          span: selector.key,
          path: o.path('spec', 'selector'),
          message: `ServiceMonitor ${o.name} selects no Service in ${namespaces.map((n) => n ?? '(its namespace)').join(', ')}, so nothing is scraped; fix the selector to the Service's labels`,
        });
      },
    };
  },
});
