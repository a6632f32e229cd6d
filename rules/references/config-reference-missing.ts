import { defineRule } from '../../src/engine/rule.js';
import { bool, get, getIn, getPair, items, str, type YNode } from '../../src/load/index.js';
import { type K8sObject, type Model, RbacGraph, UNSET_NAMESPACE } from '../../src/model/index.js';
import {
  compatibleNamespaces,
  podsSharingNamespace,
  treeKnows,
  writtenNamespace,
} from '../../src/model/references.js';

type Target = 'ConfigMap' | 'Secret';

/** Kinds that make a Secret, and the name of the Secret they make. */
function secretMadeBy(o: K8sObject): string | undefined {
  if (o.kind === 'Secret' && o.apiVersion === 'v1') return o.name;
  if (o.kind === 'SealedSecret' && o.group === 'bitnami.com')
    return str(getIn(o.root, ['spec', 'template', 'metadata', 'name'])) ?? o.name;
  if (o.kind === 'ExternalSecret' && o.group === 'external-secrets.io')
    return str(getIn(o.root, ['spec', 'target', 'name'])) ?? o.name;
  if (o.kind === 'Certificate' && o.group === 'cert-manager.io')
    return str(getIn(o.root, ['spec', 'secretName']));
  return undefined;
}

const SECRET_MAKERS = ['Secret', 'SealedSecret', 'ExternalSecret', 'Certificate'];

/** Names each namespace bucket provides, per target kind, built once per model. */
const provided = new WeakMap<Model, Map<string, Map<string, (string | undefined)[]>>>();

function exists(model: Model, target: Target, ns: string | undefined, name: string): boolean {
  let byTarget = provided.get(model);
  if (!byTarget) {
    byTarget = new Map([
      ['Secret', new Map()],
      ['ConfigMap', new Map()],
    ]);
    const add = (t: Target, n: string | undefined, o: K8sObject) => {
      if (!n) return;
      const m = byTarget!.get(t)!;
      const list = m.get(n);
      if (list) list.push(writtenNamespace(o));
      else m.set(n, [writtenNamespace(o)]);
    };
    for (const o of model.ofKind(...SECRET_MAKERS)) add('Secret', secretMadeBy(o), o);
    for (const o of model.ofKind('ConfigMap')) if (o.apiVersion === 'v1') add('ConfigMap', o.name, o);
    provided.set(model, byTarget);
  }
  return (byTarget.get(target)!.get(name) ?? []).some((n) => compatibleNamespaces(n, ns));
}

/**
 * Whether a workload the tree may run next to `referrer` may make Secret `name` at runtime: its
 * ServiceAccount may write that Secret (an init container generating a password, say).
 */
function madeAtRuntime(model: Model, referrer: K8sObject, name: string): boolean {
  const rbac = RbacGraph.of(model);
  return podsSharingNamespace(model, referrer).some((p) => {
    const ns = writtenNamespace(p.object) ?? UNSET_NAMESPACE;
    return rbac.mayWriteSecret(ns, p.serviceAccountName ?? 'default', name);
  });
}

interface Reference {
  readonly target: Target;
  readonly nameNode: YNode;
  readonly name: string;
  readonly path: (string | number)[];
}

/** Every non-optional ConfigMap/Secret reference of a pod spec, with paths under the pod spec. */
function referencesOf(pod: YNode): Reference[] {
  const out: Reference[] = [];
  const add = (target: Target, holder: YNode | undefined, nameKey: string, path: (string | number)[]) => {
    if (!holder || bool(get(holder, 'optional')) === true) return;
    const pair = getPair(holder, nameKey);
    const name = str(pair?.value);
    if (pair && name) out.push({ target, nameNode: pair.value, name, path: [...path, nameKey] });
  };
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    items(get(pod, list)).forEach((c, ci) => {
      items(get(c, 'env')).forEach((e, ei) => {
        const from = get(e, 'valueFrom');
        add('ConfigMap', get(from, 'configMapKeyRef'), 'name', [
          list,
          ci,
          'env',
          ei,
          'valueFrom',
          'configMapKeyRef',
        ]);
        add('Secret', get(from, 'secretKeyRef'), 'name', [list, ci, 'env', ei, 'valueFrom', 'secretKeyRef']);
      });
      items(get(c, 'envFrom')).forEach((e, ei) => {
        add('ConfigMap', get(e, 'configMapRef'), 'name', [list, ci, 'envFrom', ei, 'configMapRef']);
        add('Secret', get(e, 'secretRef'), 'name', [list, ci, 'envFrom', ei, 'secretRef']);
      });
    });
  }
  items(get(pod, 'volumes')).forEach((v, vi) => {
    add('ConfigMap', get(v, 'configMap'), 'name', ['volumes', vi, 'configMap']);
    add('Secret', get(v, 'secret'), 'secretName', ['volumes', vi, 'secret']);
    items(get(get(v, 'projected'), 'sources')).forEach((s, si) => {
      add('ConfigMap', get(s, 'configMap'), 'name', ['volumes', vi, 'projected', 'sources', si, 'configMap']);
      add('Secret', get(s, 'secret'), 'name', ['volumes', vi, 'projected', 'sources', si, 'secret']);
    });
  });
  return out;
}

export default defineRule({
  meta: {
    id: 'config-reference-missing',
    title: 'Pod references a ConfigMap or Secret that does not exist',
    severity: 'low',
    category: 'workload',
    fires:
      'A pod spec references a ConfigMap or Secret (env `valueFrom` configMapKeyRef/secretKeyRef, `envFrom`, a `configMap`/`secret` volume or projected source) that is not `optional: true` and that nothing in the tree provides in the pod’s namespace, when the tree can know: it defines that kind in that namespace, or owns the namespace. Secrets are also provided by a SealedSecret, an ExternalSecret (its `target.name`) or a cert-manager Certificate (`secretName`).',
    silent:
      'Optional references; namespaces where the tree defines no object of that kind and does not own the namespace (the object may come from elsewhere); an unwritten namespace matches any, and only objects also left unwritten in the same folder (applied together) tell the tree it can know. A Secret that a workload of the tree may make at runtime: a pod in the same namespace (for an unwritten namespace, from the same folder) runs as a ServiceAccount bound, by a Role or ClusterRole binding in the tree, to `create` on secrets, or to `update`/`patch` on secrets with `resourceNames` naming it (an init container generating a password, as Argo CD’s redis does).',
    assumes:
      'A missing non-optional reference keeps the pod in `CreateContainerConfigError` (env) or `ContainerCreating` (volume).',
    rationale:
      'A missing Secret or ConfigMap keeps the pod from starting; the usual quick fix is to paste the value inline, which is how credentials end up in manifests. The seed advice: keep secrets out of manifests and in a secret manager (External Secrets Operator, Sealed Secrets).',
    remediation:
      'Add the ConfigMap or Secret (or the ExternalSecret/SealedSecret that makes it), fix the name, or mark the reference `optional: true` if the pod copes without it.',
    references: [
      {
        title: 'Kubernetes docs: ConfigMaps',
        url: 'https://kubernetes.io/docs/concepts/configuration/configmap/',
      },
      { title: 'Kubernetes docs: Secrets', url: 'https://kubernetes.io/docs/concepts/configuration/secret/' },
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['env-value-from'] },
  },
  create(context) {
    return {
      podSpec(pod) {
        const ns = writtenNamespace(pod.object);
        for (const ref of referencesOf(pod.node)) {
          if (exists(context.model, ref.target, ns, ref.name)) continue;
          const kinds = ref.target === 'Secret' ? SECRET_MAKERS : ['ConfigMap'];
          if (!treeKnows(context.model, kinds, ns, pod.object)) continue;
          if (ref.target === 'Secret' && madeAtRuntime(context.model, pod.object, ref.name)) continue;
          context.report({
            object: pod.object,
            span: ref.nameNode,
            path: pod.sub(...ref.path),
            message: `the pod needs ${ref.target} ${ref.name}, which the tree does not define${ns ? ` in namespace ${ns}` : ''}, so it cannot start; add it, fix the name, or mark the reference optional`,
          });
        }
      },
    };
  },
});
