// Which objects are applied together: those of one folder, and those one kustomization gathers.
// Rules that judge an object by its neighbours (a namespace left out where the others set one) use
// these groups instead of the whole tree, where one vendored file would speak for every other one.
import { posix } from 'node:path';
import { get, items, str } from '../load/index.js';
import type { Model } from './index.js';
import type { K8sObject } from './object.js';

const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface NeighbourGroups {
  /** The group an object belongs to (objects of one group share the key). */
  groupOf(o: K8sObject): string;
  /** Objects a kustomization in the tree gives a namespace (`namespace:`), whatever their own says. */
  namespacedByKustomization(o: K8sObject): boolean;
}

function folderOf(path: string): string {
  return posix.dirname(path.replace(/\\/g, '/'));
}

const cache = new WeakMap<Model, NeighbourGroups>();

export function neighbourGroups(model: Model): NeighbourGroups {
  const cached = cache.get(model);
  if (cached) return cached;
  // Union-find over folder paths and file paths.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  const files = new Set(model.files.map((f) => f.path.replace(/\\/g, '/')));
  for (const f of files) union(folderOf(f), f);
  /** Folders and files whose objects a kustomization puts in a namespace. */
  const namespacedPaths: { path: string; below: boolean }[] = [];
  for (const file of model.files) {
    const path = file.path.replace(/\\/g, '/');
    if (!KUSTOMIZATION_FILES.has(posix.basename(path))) continue;
    const dir = folderOf(path);
    const root = file.documents[0]?.root;
    if (root?.type !== 'map') continue;
    const setsNamespace = str(get(root, 'namespace')) !== undefined;
    if (setsNamespace) namespacedPaths.push({ path: dir, below: false });
    for (const field of ['resources', 'bases', 'components']) {
      for (const entry of items(get(root, field))) {
        const text = str(entry);
        // Remote bases (URLs, git refs) are not in the tree.
        if (!text || /^[a-z][\w+.-]*:\/\//i.test(text) || text.startsWith('github.com/')) continue;
        const target = posix.normalize(posix.join(dir, text));
        union(dir, target);
        if (setsNamespace) namespacedPaths.push({ path: target, below: true });
      }
    }
  }
  const groups: NeighbourGroups = {
    groupOf: (o) => find(o.file.path.replace(/\\/g, '/')),
    namespacedByKustomization: (o) => {
      const p = o.file.path.replace(/\\/g, '/');
      return namespacedPaths.some(
        (n) => p === n.path || (n.below ? p.startsWith(`${n.path}/`) : folderOf(p) === n.path),
      );
    },
  };
  cache.set(model, groups);
  return groups;
}
