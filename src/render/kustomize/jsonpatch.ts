// JSON Patch (RFC 6902) applied to a resource's nodes in place, so untouched nodes keep their
// origin and values an operation adds point at that operation.
import { clone, equalNodes, getStr, type KMap, type KNode, type KSeq } from './knode.js';

export class JsonPatchError extends Error {}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JsonPatchError(`path ${JSON.stringify(p)} does not start with /`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function resolveParent(root: KNode, path: string[], op: string): { parent: KNode; key: string } {
  let cur: KNode = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next: KNode | undefined;
    if (cur.k === 'map') next = cur.m.get(seg);
    else if (cur.k === 'seq') next = /^\d+$/.test(seg) ? cur.items[Number(seg)] : undefined;
    if (!next)
      throw new JsonPatchError(`${op} operation does not apply: doc is missing path: /${path.join('/')}`);
    cur = next;
  }
  return { parent: cur, key: path[path.length - 1]! };
}

function getAt(root: KNode, path: string[]): KNode | undefined {
  let cur: KNode | undefined = root;
  for (const seg of path) {
    if (!cur) return undefined;
    if (cur.k === 'map') cur = cur.m.get(seg);
    else if (cur.k === 'seq') cur = /^\d+$/.test(seg) ? cur.items[Number(seg)] : undefined;
    else return undefined;
  }
  return cur;
}

function seqIndex(seq: KSeq, key: string, forAdd: boolean, op: string): number {
  if (key === '-' && forAdd) return seq.items.length;
  if (!/^\d+$/.test(key)) throw new JsonPatchError(`${op}: invalid array index ${key}`);
  const i = Number(key);
  if (i > seq.items.length || (!forAdd && i >= seq.items.length)) {
    throw new JsonPatchError(`${op}: index ${key} out of bounds`);
  }
  return i;
}

function add(root: KNode, path: string[], value: KNode): void {
  if (!path.length) throw new JsonPatchError('add at the document root is not supported');
  const { parent, key } = resolveParent(root, path, 'add');
  if (parent.k === 'map') {
    parent.m.set(key, value);
    if (value.o) parent.ko.set(key, value.o);
  } else if (parent.k === 'seq') parent.items.splice(seqIndex(parent, key, true, 'add'), 0, value);
  else throw new JsonPatchError(`add operation does not apply: /${path.join('/')}`);
}

function remove(root: KNode, path: string[], op = 'remove'): KNode {
  const { parent, key } = resolveParent(root, path, op);
  if (parent.k === 'map') {
    const v = parent.m.get(key);
    if (!v)
      throw new JsonPatchError(`${op} operation does not apply: doc is missing key: /${path.join('/')}`);
    parent.m.delete(key);
    parent.ko.delete(key);
    return v;
  }
  if (parent.k === 'seq') return parent.items.splice(seqIndex(parent, key, false, op), 1)[0]!;
  throw new JsonPatchError(`${op} operation does not apply: /${path.join('/')}`);
}

export function applyJsonPatch(root: KMap, ops: KSeq): void {
  for (const opNode of ops.items) {
    if (opNode.k !== 'map') throw new JsonPatchError('an operation is not a map');
    const op = getStr(opNode, 'op');
    const path = parsePointer(getStr(opNode, 'path') ?? '');
    const valueNode = opNode.m.get('value');
    const value = (): KNode => {
      if (!valueNode) throw new JsonPatchError(`${op} operation needs a value`);
      return clone(valueNode);
    };
    switch (op) {
      case 'add':
        add(root, path, value());
        break;
      case 'remove':
        remove(root, path);
        break;
      case 'replace': {
        // json-patch v4 (kustomize's) replaces a missing object key as if adding it.
        const { parent, key } = resolveParent(root, path, 'replace');
        if (parent.k !== 'map' || parent.m.has(key)) remove(root, path, 'replace');
        add(root, path, value());
        break;
      }
      case 'move': {
        const from = parsePointer(getStr(opNode, 'from') ?? '');
        add(root, path, remove(root, from, 'move'));
        break;
      }
      case 'copy': {
        const from = parsePointer(getStr(opNode, 'from') ?? '');
        const v = getAt(root, from);
        if (!v) throw new JsonPatchError(`copy: missing from path ${getStr(opNode, 'from')}`);
        add(root, path, clone(v));
        break;
      }
      case 'test': {
        const v = getAt(root, path);
        if (!v || !equalNodes(v, valueNode))
          throw new JsonPatchError(`test operation failed at /${path.join('/')}`);
        break;
      }
      default:
        throw new JsonPatchError(`unknown operation ${JSON.stringify(op)}`);
    }
  }
}
