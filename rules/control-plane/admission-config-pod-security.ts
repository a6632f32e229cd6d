import { defineRule } from '../../src/engine/rule.js';
import type { Span } from '../../src/load/index.js';
import { get, getPair, items, pairSpan, str, type YNode } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { k8sDocs, pss } from '../references.js';

export default defineRule({
  meta: {
    id: 'admission-config-pod-security',
    title: 'Pod Security admission enforces nothing by default',
    severity: 'medium',
    category: 'cluster-policy',
    kinds: ['AdmissionConfiguration', 'PodSecurityConfiguration'],
    fires:
      'A PodSecurity plugin configuration (inside an AdmissionConfiguration, or a PodSecurityConfiguration file) whose `defaults.enforce` is `privileged` or unset.',
    silent:
      '`defaults.enforce: baseline` or `restricted` (namespaces can still opt out with labels, visibly).',
    assumes: 'Unset `enforce` defaults to privileged: no pod is rejected unless its namespace is labelled.',
    rationale:
      'The cluster-wide default decides what every namespace without labels gets; privileged means a forgotten namespace accepts privileged pods. The seed advice: use Pod Security Admission.',
    remediation:
      'Set `defaults.enforce: baseline` (or `restricted`) and label the few namespaces that need more.',
    references: [
      pss('baseline', 'cluster-wide default'),
      k8sDocs(
        'Enforce Pod Security Standards by Configuring the Built-in Admission Controller',
        'tasks/configure-pod-container/enforce-standards-admission-controller/',
      ),
    ],
    presets: ['recommended'],
  },
  create(context) {
    const check = (o: K8sObject, config: YNode, configSpan: Span, path: (string | number)[]): void => {
      const defaultsPair = getPair(config, 'defaults');
      const enforcePair = getPair(defaultsPair?.value, 'enforce');
      const enforce = str(enforcePair?.value);
      if (enforce && enforce !== 'privileged') return;
      context.report({
        object: o,
        span: enforcePair ? pairSpan(enforcePair) : (defaultsPair?.key ?? configSpan),
        path: o.path(...path, 'defaults', 'enforce'),
        message: enforce
          ? 'Pod Security admission enforces privileged by default, so unlabelled namespaces accept any pod; set defaults.enforce: baseline or restricted'
          : 'Pod Security admission has no defaults.enforce, which means privileged: unlabelled namespaces accept any pod; set defaults.enforce: baseline or restricted',
      });
    };
    return {
      object(o) {
        if (o.kind === 'PodSecurityConfiguration') {
          if (o.group === 'pod-security.admission.config.k8s.io')
            check(o, o.root, getPair(o.root, 'kind')?.key ?? o.anchor, []);
          return;
        }
        if (!o.group.startsWith('apiserver.config.k8s.io')) return;
        items(get(o.root, 'plugins')).forEach((plugin, i) => {
          if (str(get(plugin, 'name')) !== 'PodSecurity') return;
          const configPair = getPair(plugin, 'configuration');
          if (configPair?.value.type !== 'map') return; // a `path:` to a separate file is checked there
          check(o, configPair.value, configPair.key, ['plugins', i, 'configuration']);
        });
      },
    };
  },
});
