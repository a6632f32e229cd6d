import { defineRule } from '../../src/engine/rule.js';
import { getPair } from '../../src/load/index.js';
import type { K8sObject } from '../../src/model/index.js';
import { writtenNamespace } from '../../src/model/references.js';

export default defineRule({
  meta: {
    id: 'duplicate-object',
    title: 'The same object defined twice',
    severity: 'medium',
    category: 'governance',
    fires:
      'Two objects with the same API group, kind, namespace and `metadata.name` in one document stream (a file, one chart of `helm template` output, one `kustomize build` output): applying it makes the later silently replace the earlier. An unwritten namespace only equals another unwritten one. Reported on the later object’s name, with the earlier as a related location.',
    silent:
      'The same name in different files (environments such as `overlays/dev` and `overlays/prod` legitimately repeat objects, and Kustomize patches repeat the name of what they patch), in different namespaces, of different kinds or of different API groups (a Calico and a Kubernetes NetworkPolicy), and objects with only `generateName`.',
    assumes: '`kubectl apply` of a folder applies its documents in order; the last definition wins.',
    rationale:
      'When one definition silently overrides another, the settings a reviewer approved in the first (a securityContext, an RBAC rule) may not be the ones that run. The seed advice: keep configuration reviewable and consistent.',
    remediation: 'Delete one definition, or give them different names or namespaces.',
    references: [
      {
        title: 'Kubernetes docs: Object names and IDs',
        url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
      },
    ],
    presets: ['recommended'],
  },
  create(context) {
    return {
      done() {
        // By file path, then by the rest of the key: a file's objects come one after another, so
        // the inner table is looked up once per file, not a long key built per object.
        const byPath = new Map<string, Map<string, K8sObject>>();
        let lastPath: string | undefined;
        let first = new Map<string, K8sObject>();
        for (const o of context.model.objects) {
          if (!o.kind || !o.name || !getPair(o.metadata, 'name')) continue;
          if (o.file.path !== lastPath) {
            lastPath = o.file.path;
            first = byPath.get(lastPath) ?? new Map();
            byPath.set(lastPath, first);
          }
          const key = `${o.document.helmSource?.chart ?? ''}\u0000${o.group}\u0000${o.kind}\u0000${writtenNamespace(o) ?? ''}\u0000${o.name}`;
          const earlier = first.get(key);
          if (!earlier) {
            first.set(key, o);
            continue;
          }
          context.guard(o, () => {
            context.report({
              object: o,
              span: o.anchor,
              path: o.path('metadata', 'name'),
              message: `${o.kind} ${o.name}${writtenNamespace(o) ? ` in namespace ${writtenNamespace(o)}` : ''} is defined twice (also at ${earlier.file.path}); the later definition replaces the earlier when applied, remove one`,
              related: [
                {
                  object: earlier,
                  span: earlier.anchor,
                  message: `earlier definition of ${o.kind} ${o.name}`,
                },
              ],
            });
          });
        }
      },
    };
  },
});
