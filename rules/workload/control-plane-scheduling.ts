import { defineRule, type Severity } from '../../src/engine/rule.js';
import { get, getIn, getPair, items, pairSpan, pairs, type Span, str } from '../../src/load/index.js';
import { k8sDocs } from '../references.js';

const CONTROL_PLANE_KEYS = new Set([
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/master',
]);
// Node names that say what the node is; a name is the only hint a manifest gives.
const CONTROL_PLANE_NAME = /(?:^|[-_.])(?:master|control-?plane)(?:[-_.]?\d*)(?:[-_.]|$)/i;

interface Hit {
  readonly span: Span;
  readonly path: string;
  readonly what: string;
}

export default defineRule({
  meta: {
    id: 'control-plane-scheduling',
    title: 'Workload may run on control-plane nodes',
    severity: 'medium',
    category: 'workload',
    fires:
      'A pod spec tolerates the control-plane taint (a toleration for `node-role.kubernetes.io/control-plane` or `node-role.kubernetes.io/master` with effect `NoSchedule` or any effect, or a key-less `operator: Exists` toleration, which tolerates every taint), or selects control-plane nodes: a `nodeSelector` on those labels, a `nodeName` that names a master/control-plane node, or node affinity (required or preferred) on those labels with `In` or `Exists`. A DaemonSet that only tolerates (and selects nothing) is low: node agents often must run everywhere.',
    silent:
      'Tolerations of other taints; `NotIn`/`DoesNotExist` affinity on those labels (which keeps pods off control-plane nodes).',
    assumes:
      'Control-plane nodes carry the `node-role.kubernetes.io/control-plane:NoSchedule` taint, as kubeadm and most distributions set it.',
    rationale:
      "Control-plane nodes hold etcd's data, the API server's and the cluster CA's keys; a workload scheduled beside them is one container escape away from the whole cluster.",
    remediation:
      'Remove the control-plane toleration, node selector or affinity; narrow blanket `operator: Exists` tolerations to the taints the workload must tolerate.',
    references: [k8sDocs('Taints and Tolerations', 'concepts/scheduling-eviction/taint-and-toleration/')],
    presets: ['recommended'],
  },
  create(context) {
    return {
      podSpec(pod) {
        const tolerations: Hit[] = [];
        items(get(pod.node, 'tolerations')).forEach((t, i) => {
          const key = str(get(t, 'key'));
          const operator = str(get(t, 'operator')) ?? 'Equal';
          const effect = str(get(t, 'effect')) ?? '';
          if (effect !== '' && effect !== 'NoSchedule') return;
          const everything = !key && operator === 'Exists';
          if (!everything && !(key && CONTROL_PLANE_KEYS.has(key))) return;
          const at = getPair(t, 'key') ?? getPair(t, 'operator');
          tolerations.push({
            span: at ? pairSpan(at) : t,
            path: pod.sub('tolerations', i),
            what: everything
              ? 'tolerates every taint (operator: Exists without a key), the control-plane taint included'
              : `tolerates the control-plane taint ${key}`,
          });
        });
        const selections: Hit[] = [];
        for (const p of pairs(get(pod.node, 'nodeSelector'))) {
          const key = String(p.key.value);
          if (!CONTROL_PLANE_KEYS.has(key)) continue;
          selections.push({
            span: pairSpan(p),
            path: pod.sub('nodeSelector', key),
            what: `selects control-plane nodes (nodeSelector ${key})`,
          });
        }
        const nodeName = pod.field('nodeName');
        const name = str(nodeName?.pair.value);
        if (nodeName && name && CONTROL_PLANE_NAME.test(name)) {
          selections.push({
            span: pairSpan(nodeName.pair),
            path: nodeName.path,
            what: `is pinned to node "${name}", by its name a control-plane node`,
          });
        }
        const affinity = getIn(pod.node, ['affinity', 'nodeAffinity']);
        const requiredTerms = getIn(affinity, [
          'requiredDuringSchedulingIgnoredDuringExecution',
          'nodeSelectorTerms',
        ]);
        const affinityBase = pod.sub('affinity', 'nodeAffinity');
        const terms: [ReturnType<typeof get>, string][] = [];
        items(requiredTerms).forEach((term, i) => {
          terms.push([
            term,
            `${affinityBase}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`,
          ]);
        });
        items(get(affinity, 'preferredDuringSchedulingIgnoredDuringExecution')).forEach((pref, i) => {
          terms.push([
            get(pref, 'preference'),
            `${affinityBase}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`,
          ]);
        });
        for (const [term, termPath] of terms) {
          items(get(term, 'matchExpressions')).forEach((expr, j) => {
            const key = str(get(expr, 'key'));
            const op = str(get(expr, 'operator'));
            if (!key || !CONTROL_PLANE_KEYS.has(key) || (op !== 'In' && op !== 'Exists')) return;
            const keyPair = getPair(expr, 'key')!;
            selections.push({
              span: pairSpan(keyPair),
              path: `${termPath}.matchExpressions[${j}].key`,
              what: `selects control-plane nodes by node affinity on ${key}`,
            });
          });
        }
        if (tolerations.length === 0 && selections.length === 0) return;
        const onlyTolerates = selections.length === 0 && pod.object.kind === 'DaemonSet';
        const severity: Severity = onlyTolerates ? 'low' : 'medium';
        for (const hit of [...tolerations, ...selections]) {
          context.report({
            object: pod.object,
            span: hit.span,
            path: hit.path,
            severity,
            message: `the pod ${hit.what}, so it can run beside etcd and the API server's keys; remove it unless this is a control-plane component`,
          });
        }
      },
    };
  },
});
