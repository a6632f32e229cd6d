import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, size, str, type YNode, type YPair } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { nsa } from '../references.js';

interface Options {
  readonly rootNamespace?: string;
}

const SYSTEM = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

function isAuthorizationPolicy(o: K8sObject): boolean {
  return o.kind === 'AuthorizationPolicy' && o.group === 'security.istio.io';
}

function action(o: K8sObject): string {
  return str(get(get(o.root, 'spec'), 'action')) ?? 'ALLOW';
}

/**
 * An ALLOW policy that selects every workload of its namespace and has no rules: it matches no
 * request, so every request to those workloads that no other ALLOW policy matches is denied.
 */
function isDenyByDefault(o: K8sObject): boolean {
  const spec = get(o.root, 'spec');
  if (action(o) !== 'ALLOW') return false;
  for (const f of ['selector', 'targetRef', 'targetRefs', 'provider'])
    if (get(spec, f) !== undefined) return false;
  return items(get(spec, 'rules')).length === 0;
}

/** A rule with no `from`, `to` or `when` matches every request. */
function isEmptyRule(rule: YNode): boolean {
  return rule.type === 'map' && ['from', 'to', 'when'].every((f) => size(get(rule, f)) === 0);
}

/** The label that puts a Namespace in the mesh (sidecar injection or ambient), if any. */
function injectionLabel(ns: K8sObject): YPair | undefined {
  const labels = get(ns.metadata, 'labels');
  const injection = getPair(labels, 'istio-injection');
  if (str(injection?.value) === 'enabled') return injection;
  const rev = getPair(labels, 'istio.io/rev');
  if (rev && str(rev.value)) return rev;
  const mode = getPair(labels, 'istio.io/dataplane-mode');
  if (str(mode?.value) === 'ambient') return mode;
  return undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'mesh-authorization-allow-all',
    title: 'Service mesh authorization allows everything',
    severity: 'low',
    category: 'service-mesh',
    fires:
      'Only where Istio objects are in the tree. (1) A Namespace in the tree labelled for the mesh (`istio-injection: enabled`, `istio.io/rev`, or `istio.io/dataplane-mode: ambient`) with no deny-by-default AuthorizationPolicy: an ALLOW policy without selector, targetRef or rules (`spec: {}`) in that namespace or in the root namespace (`options.rootNamespace`, default `istio-system`). (2) An ALLOW AuthorizationPolicy (`action` unset or `ALLOW`) with an empty rule (`rules: [{}]`, a rule with no `from`, `to` or `when`), which matches every request.',
    silent:
      'Trees without Istio objects; namespaces whose Namespace object is not in the tree (their labels are unknown); kube-system and the root namespace itself; DENY, AUDIT and CUSTOM policies; an AuthorizationPolicy with no namespace written counts as being in whichever namespace it is applied to.',
    assumes:
      'With no AuthorizationPolicy selecting a workload, Istio allows every request to it; the mesh root namespace is `istio-system` unless `rootNamespace` says otherwise.',
    rationale:
      'Mutual TLS proves who is calling, but only an authorization policy decides who may: without a deny-by-default policy any workload in the mesh (a compromised one included) can call any other. The seed advice: consider mutual TLS between services with Istio, which matters most "in the case where an attacker is inside the cluster already", and deny by default, allowing only necessary communication.',
    remediation:
      'Add `apiVersion: security.istio.io/v1, kind: AuthorizationPolicy, metadata: {name: allow-nothing, namespace: <ns>}, spec: {}` (or one in the root namespace), then ALLOW policies naming the principals and paths each workload needs; replace an empty rule with `from`/`to` conditions.',
    references: [
      {
        title: 'Istio: Authorization policy (allow-nothing, deny-all)',
        url: 'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
      },
      {
        title: 'Istio: Security best practices',
        url: 'https://istio.io/latest/docs/ops/best-practices/security/',
      },
      nsa('Network separation and hardening'),
    ],
    presets: ['recommended'],
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        rootNamespace: {
          type: 'string',
          minLength: 1,
          description: 'The mesh root namespace (meshConfig.rootNamespace), where policies apply mesh-wide.',
        },
      },
    },
    defaultOptions: { rootNamespace: 'istio-system' },
  },
  create(context) {
    const root = context.options.rootNamespace ?? 'istio-system';
    return {
      done() {
        const { model } = context;
        if (!model.objects.some((o) => o.group.endsWith('istio.io'))) return;
        const policies = model.objects.filter(isAuthorizationPolicy);
        for (const p of policies) {
          if (action(p) !== 'ALLOW') continue;
          context.guard(p, () => {
            items(get(get(p.root, 'spec'), 'rules')).forEach((rule, i) => {
              if (!isEmptyRule(rule)) return;
              context.report({
                object: p,
                span: rule,
                path: p.path('spec', 'rules', i),
                message: `AuthorizationPolicy ${p.name} has an empty ALLOW rule, which matches every request${get(get(p.root, 'spec'), 'selector') ? ' to the workloads it selects' : ''}; give the rule from/to/when conditions naming who may call what`,
              });
            });
          });
        }
        const denying = policies.filter(isDenyByDefault);
        // A policy without a namespace is applied to some namespace we cannot see: it may be any.
        const covers = (ns: string) =>
          denying.some(
            (p) =>
              p.explicitNamespace === undefined || p.explicitNamespace === ns || p.explicitNamespace === root,
          );
        for (const ns of model.ofKind('Namespace')) {
          if (ns.apiVersion !== 'v1' || ns.name === root || SYSTEM.has(ns.name)) continue;
          const label = injectionLabel(ns);
          if (!label || covers(ns.name)) continue;
          context.guard(ns, () => {
            context.report({
              object: ns,
              span: pairSpan(label),
              path: ns.path('metadata', 'labels', String(label.key.value)),
              message: `Namespace ${ns.name} is in the Istio mesh but no deny-by-default AuthorizationPolicy covers it (none with spec: {} there or in ${root}), so every workload may call its services; add an allow-nothing AuthorizationPolicy and explicit ALLOW policies`,
            });
          });
        }
      },
    };
  },
});
