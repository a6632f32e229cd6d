import { suggest } from '../../src/engine/config.js';
import { fixWith, renameKey } from '../../src/engine/fix/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { SCHEMA_KUBERNETES_VERSION, SCHEMA_SOURCE, schemaService } from '../../src/model/index.js';
import { isSecurityRelevant, typeLabel } from './schema-support.js';

export default defineRule({
  meta: {
    id: 'unknown-field',
    title: 'Field the API does not define',
    severity: 'medium',
    category: 'schema',
    fires: `A field that the kind's schema does not define at that place: built-in kinds are checked against schemas shipped with kubeharden (generated from ${SCHEMA_SOURCE}), custom resources against the openAPIV3Schema of their CustomResourceDefinition when it is in the scanned tree. High inside a securityContext or when the field (or the one it probably meant) is one that security rules read. The message suggests the closest defined field ("did you mean").`,
    silent:
      'Kinds with no schema in view (custom resources whose CRD is not scanned, kubeadm and kubelet configuration files); fields under `x-kubernetes-preserve-unknown-fields`; free-form maps (labels, annotations, ConfigMap data); strategic-merge patch directives (`$patch`, `$retainKeys`, `$setElementOrder/…`, `$deleteFromPrimitiveList/…`).',
    assumes:
      'The built-in schemas describe Kubernetes 1.34; when the target is newer, a field they lack with no close match may be a new field and is reported as info only. Depending on the client, an unknown field is rejected (kubectl strict validation) or silently dropped (Helm, GitOps controllers, older clients); either way the setting does not take effect.',
    rationale:
      'A typo such as `runAsNonroot` or `securitycontext` does not fail loudly everywhere: dropped silently, it turns a hardening setting off while the manifest looks hardened.',
    remediation: 'Fix the field name (see the suggestion) or remove the field.',
    references: [
      {
        title: 'Kubernetes API field validation',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
      },
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['schema-validation'] },
    fixable: 'Renames a misspelt key to the field it was meant to be, unless the map already has that key.',
  },
  create(context) {
    const schemas = schemaService(context.model);
    // A target newer than the shipped schemas may define fields they lack: without a close match
    // ("did you mean"), such a field is more likely new than a typo, so it is only reported as info.
    const newerTarget = minor(context.kubernetesVersion) > minor(SCHEMA_KUBERNETES_VERSION);
    return {
      object(o) {
        for (const p of schemas.problems(o)) {
          if (p.problem !== 'unknown-field' || isPatchDirective(p.name)) continue;
          const hint = suggest(p.name, p.known);
          const high = isSecurityRelevant(p.path, p.name, hint);
          if (newerTarget && !hint && p.builtin) {
            context.report({
              object: o,
              span: p.pair.key,
              path: p.path,
              severity: 'info',
              message: `"${p.name}" is not a field of ${typeLabel(p.typeName)} in Kubernetes ${SCHEMA_KUBERNETES_VERSION}, the newest schema kubeharden ships; if it was added in a later release, ignore this, otherwise remove it or fix its place`,
            });
            continue;
          }
          context.report({
            object: o,
            span: p.pair.key,
            path: p.path,
            severity: high ? 'high' : 'medium',
            message: `"${p.name}" is not a field of ${typeLabel(p.typeName)}, so Kubernetes ignores or rejects it${high ? ' and the setting it was meant to make does not apply' : ''}; ${hint ? `did you mean "${hint}"?` : 'remove it or fix its place'}`,
            ...(hint ? { fix: fixWith(`rename ${p.name} to ${hint}`, renameKey(p.path, hint)) } : {}),
          });
        }
      },
    };
  },
});

function minor(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[1] ?? 0);
}

/** Strategic-merge patch directives: instructions to the merge, not fields of the object. */
function isPatchDirective(name: string): boolean {
  return (
    name === '$patch' ||
    name === '$retainKeys' ||
    name.startsWith('$setElementOrder/') ||
    name.startsWith('$deleteFromPrimitiveList/')
  );
}
