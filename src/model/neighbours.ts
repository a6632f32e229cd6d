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
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    // Every path on the way now points at the root, so later look-ups take one step.
    for (let at = x; at !== root; ) {
      const up = parent.get(at)!;
      parent.set(at, root);
      at = up;
    }
    parent.set(root, root);
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
  // Both answers depend on the file alone; a file holds many objects.
  const groupOfFile = new Map<string, string>();
  const namespacedFile = new Map<string, boolean>();
  const groups: NeighbourGroups = {
    groupOf: (o) => {
      let g = groupOfFile.get(o.file.path);
      if (g === undefined) {
        g = find(o.file.path.replace(/\\/g, '/'));
        groupOfFile.set(o.file.path, g);
      }
      return g;
    },
    namespacedByKustomization: (o) => {
      if (namespacedPaths.length === 0) return false;
      let known = namespacedFile.get(o.file.path);
      if (known === undefined) {
        const p = o.file.path.replace(/\\/g, '/');
        known = namespacedPaths.some(
          (n) => p === n.path || (n.below ? p.startsWith(`${n.path}/`) : folderOf(p) === n.path),
        );
        namespacedFile.set(o.file.path, known);
      }
      return known;
    },
  };
  cache.set(model, groups);
  return groups;
}
