import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, str, stringMap } from '../../src/load/index.js';
import { type PodSpecView, selectorFromLabels } from '../../src/model/index.js';
import { isPortName, selectedPods, writtenNamespace } from '../../src/model/references.js';

const portNamesOf = new WeakMap<PodSpecView, Set<string>>();

/** Container port names of a pod (regular containers only: others are not served), read once. */
function portNames(p: PodSpecView): Set<string> {
  const known = portNamesOf.get(p);
  if (known) return known;
  const out = new Set<string>();
  for (const c of p.containers) {
    if (c.kind !== 'container') continue;
    for (const port of items(get(c.node, 'ports'))) {
      const n = str(get(port, 'name'));
      if (n) out.add(n);
    }
  }
  portNamesOf.set(p, out);
  return out;
}

export default defineRule({
  meta: {
    id: 'service-target-port-invalid',
    title: 'Service targets a port name its pods do not define',
    severity: 'medium',
    category: 'exposure',
    fires:
      'A Service port’s `targetPort` is a name (a string) and a pod template the Service selects (in the tree, in a compatible namespace) has no container port of that name. Reported once per Service port, naming the pod templates that lack it.',
    silent:
      'Numeric target ports, text that is not a valid port name (an unresolved `$(VAR)`; the API rejects it), Services without a selector, Helm hook pods (`helm.sh/hook`, such as test pods: they back nothing), and Services whose selector matches no pod template in the tree (`service-selects-nothing` covers those).',
    assumes:
      'The endpoints controller resolves a named targetPort per pod; a pod without the name gets no endpoint for that port.',
    rationale:
      'A named target port that a pod lacks silently drops that pod from the Service, so traffic fails or lands on fewer replicas than intended. The seed advice: check that Services expose exactly what they should.',
    remediation: 'Name the container port as the Service expects, or use the port number as `targetPort`.',
    references: [
      {
        title: 'Kubernetes docs: Service (port definitions)',
        url: 'https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports',
      },
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['invalid-target-ports'], 'kube-score': ['container-ports-check'] },
  },
  create(context) {
    return {
      done() {
        const { model } = context;
        for (const svc of model.ofKind('Service')) {
          if (svc.apiVersion !== 'v1') continue;
          const spec = get(svc.root, 'spec');
          const labels = stringMap(get(spec, 'selector'));
          if (Object.keys(labels).length === 0) continue;
          const sel = selectorFromLabels(labels);
          const pods = selectedPods(model, writtenNamespace(svc), sel);
          if (pods.length === 0) continue;
          context.guard(svc, () => {
            items(get(spec, 'ports')).forEach((port, i) => {
              const pair = getPair(port, 'targetPort');
              const name = str(pair?.value);
              if (!pair || name === undefined || !isPortName(name)) return;
              const lacking = pods.filter((p) => !portNames(p).has(name));
              if (lacking.length === 0) return;
              context.report({
                object: svc,
                span: pair.value,
                path: svc.path('spec', 'ports', i, 'targetPort'),
                message: `Service ${svc.name} targets port "${name}", which ${lacking.map((p) => p.object.displayName).join(', ')} does not define, so those pods get no endpoint; name the container port "${name}" or use its number`,
                related: lacking.slice(0, 3).map((p) => ({
                  object: p.object,
                  span: p.anchor,
                  message: `${p.object.displayName} has no container port named "${name}"`,
                })),
              });
            });
          });
        }
      },
    };
  },
});
