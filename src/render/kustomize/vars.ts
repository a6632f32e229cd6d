// `vars` (deprecated, substituted last into the varReference fields) and `replacements` (a
// transformer copying one field into others).
import type { FieldSpec } from './fieldspecs.js';
import {
  clone,
  getMap,
  getSeq,
  getStr,
  type KMap,
  type KNode,
  kmap,
  resolvePlain,
  scalar,
  toPlain,
} from './knode.js';
import { curId, gvkSelected, parseApiVersion, type Res, type ResId } from './resource.js';

export interface VarDef {
  name: string;
  objref?: { kind?: string; name?: string; apiVersion?: string; namespace?: string };
  fieldref?: { fieldpath?: string };
}

/**
 * A `vars` entry as kustomize reads it: through encoding/json, which matches field names without
 * regard to case (`fieldref: {fieldPath: …}` is `fieldpath`).
 */
export function readVarDef(plain: unknown): VarDef | undefined {
  if (!plain || typeof plain !== 'object' || Array.isArray(plain)) return undefined;
  const field = (o: unknown, name: string): unknown => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
    const rec = o as Record<string, unknown>;
    if (name in rec) return rec[name];
    const key = Object.keys(rec).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : rec[key];
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const objref = field(plain, 'objref');
  const fieldref = field(plain, 'fieldref');
  const def: VarDef = {
    name: text(field(plain, 'name')) ?? '',
    ...(objref !== undefined
      ? {
          objref: {
            kind: text(field(objref, 'kind')),
            name: text(field(objref, 'name')),
            apiVersion: text(field(objref, 'apiVersion')),
            namespace: text(field(objref, 'namespace')),
          },
        }
      : {}),
    ...(fieldref !== undefined ? { fieldref: { fieldpath: text(field(fieldref, 'fieldpath')) } } : {}),
  };
  return def;
}

/**
 * kyaml's path splitting: dots, except inside `[...]`; then, as its PathGetter cleans a path, each
 * part trimmed and empty parts dropped (`.metadata.namespace` is `metadata.namespace`).
 */
export function splitFieldPath(p: string): string[] {
  return splitOnDots(p)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function splitOnDots(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of p) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Nodes at a field path (`a.b`, `list.0`, `list.[name=x]`, `list.*`), optionally creating it. */
function lookupPath(
  node: KNode,
  path: readonly string[],
  create: 'scalar' | 'map' | 'seq' | undefined,
): { parent: KMap | KNode[] | undefined; key: string | number; node: KNode | undefined }[] {
  if (!path.length) return [{ parent: undefined, key: '', node }];
  const [seg, ...rest] = path as [string, ...string[]];
  const out: ReturnType<typeof lookupPath> = [];
  const step = (parent: KMap | KNode[], key: string | number, child: KNode | undefined): void => {
    if (!rest.length) {
      out.push({ parent, key, node: child });
      return;
    }
    if (child) out.push(...lookupPath(child, rest, create));
  };
  if (node.k === 'seq') {
    const m = /^\[(.+?)=(.*)\]$/.exec(seg);
    if (m) {
      const [, k, v] = m;
      for (const item of node.items) {
        if (item.k === 'map' && getStr(item, k!) === v) step(node.items, node.items.indexOf(item), item);
      }
      return out;
    }
    if (seg === '*') {
      node.items.forEach((item, i) => {
        step(node.items, i, item);
      });
      return out;
    }
    if (/^\d+$/.test(seg)) {
      const i = Number(seg);
      if (i < node.items.length) step(node.items, i, node.items[i]);
      return out;
    }
    return out;
  }
  if (node.k !== 'map') return out;
  const key = seg.startsWith('[') && seg.endsWith(']') && !seg.includes('=') ? seg.slice(1, -1) : seg;
  let child = node.m.get(key);
  if (!child && create) {
    // A list when the next part indexes one (`0`, `[name=x]`); `[a.b]` is a key with dots in it.
    const nextIsList = rest.length > 0 && (/^\d+$/.test(rest[0]!) || /^\[.*=.*\]$/.test(rest[0]!));
    child = rest.length ? (nextIsList ? { k: 'seq', items: [], o: undefined } : kmap()) : undefined;
    if (child) node.m.set(key, child);
    else {
      out.push({ parent: node, key, node: undefined });
      return out;
    }
  }
  step(node, key, child);
  return out;
}

function setAt(parent: KMap | KNode[] | undefined, key: string | number, value: KNode): void {
  if (!parent) return;
  if (Array.isArray(parent)) parent[key as number] = value;
  else parent.m.set(key as string, value);
}

interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

function selectorOf(n: KNode | undefined): Selector {
  const p = (toPlain(n) ?? {}) as Record<string, unknown>;
  const s: Selector = {};
  for (const k of [
    'group',
    'version',
    'kind',
    'name',
    'namespace',
    'labelSelector',
    'annotationSelector',
  ] as const) {
    if (p[k] !== undefined && p[k] !== null) s[k] = String(p[k]);
  }
  if (p.apiVersion) Object.assign(s, parseApiVersion(String(p.apiVersion)));
  return s;
}

function ids(r: Res): ResId[] {
  return [curId(r), ...r.prev];
}

function exactSelected(id: ResId, s: Selector): boolean {
  if (s.name && id.name !== s.name) return false;
  if (s.namespace && id.namespace !== s.namespace) return false;
  return gvkSelected(id, s);
}

function regexSelected(id: ResId, s: Selector): boolean {
  const m = (pat: string | undefined, v: string): boolean => {
    if (!pat) return true;
    try {
      return new RegExp(`^(?:${pat})$`).test(v);
    } catch {
      return false;
    }
  };
  return (
    m(s.group, id.group) &&
    m(s.version, id.version) &&
    m(s.kind, id.kind) &&
    m(s.name, id.name) &&
    m(s.namespace, id.namespace)
  );
}

export function applyReplacements(list: Res[], defs: readonly KNode[]): void {
  for (const def of defs) {
    if (def.k !== 'map') continue;
    const sourceNode = getMap(def, 'source');
    const targets = getSeq(def, 'targets');
    if (!sourceNode || !targets)
      throw new Error('replacements must specify a source and at least one target');
    const src = selectorOf(sourceNode);
    const matches = list.filter((r) => ids(r).some((id) => exactSelected(id, src)));
    if (matches.length > 1) throw new Error(`multiple matches for selector ${JSON.stringify(src)}`);
    if (!matches.length) throw new Error(`nothing selected by ${JSON.stringify(src)}`);
    const fieldPath = getStr(sourceNode, 'fieldPath') ?? 'metadata.name';
    const found = lookupPath(matches[0]!.node, splitFieldPath(fieldPath), undefined)[0]?.node;
    if (!found || (found.k === 'scalar' && found.tag === 'null') || (found.k === 'map' && !found.m.size)) {
      throw new Error(`fieldPath \`${fieldPath}\` is missing for replacement source`);
    }
    let value = clone(found);
    const sopts = toPlain(getMap(sourceNode, 'options')) as
      | { delimiter?: string; index?: number }
      | undefined;
    if (sopts?.delimiter && value.k === 'scalar') {
      const parts = value.v.split(sopts.delimiter);
      const i = sopts.index ?? 0;
      if (i < 0 || i >= parts.length)
        throw new Error(`options.index ${i} is out of bounds for value ${value.v}`);
      value = { ...value, v: parts[i]! };
    }
    for (const t of targets.items) {
      if (t.k !== 'map') continue;
      const selNode = getMap(t, 'select');
      if (!selNode) throw new Error('target must specify resources to select');
      const sel = selectorOf(selNode);
      const rejects = (getSeq(t, 'reject')?.items ?? []).map(selectorOf);
      const fieldPaths = (getSeq(t, 'fieldPaths')?.items ?? [])
        .filter((x) => x.k === 'scalar')
        .map((x) => (x as { v: string }).v);
      if (!fieldPaths.length) fieldPaths.push('metadata.name');
      const topts = (toPlain(getMap(t, 'options')) ?? {}) as {
        delimiter?: string;
        index?: number;
        create?: boolean;
      };
      for (const r of list) {
        const rids = ids(r);
        if (!rids.some((id) => regexSelected(id, sel))) continue;
        if (rejects.some((rej) => rids.some((id) => regexSelected(id, rej)))) continue;
        for (const fp of fieldPaths) {
          const createKind = topts.create ? (value.k === 'scalar' ? 'scalar' : value.k) : undefined;
          const hits = lookupPath(r.node, splitFieldPath(fp), createKind);
          if (!hits.length || (!createKind && hits.every((h) => !h.node))) {
            throw new Error(`unable to find field "${fp}" in replacement target`);
          }
          for (const h of hits) {
            let v = clone(value);
            if (topts.delimiter && h.node?.k === 'scalar' && v.k === 'scalar') {
              const tv = h.node.v.split(topts.delimiter);
              const i = topts.index ?? 0;
              if (i < 0) tv.unshift(v.v);
              else if (i >= tv.length) tv.push(v.v);
              else tv[i] = v.v;
              v = { ...v, v: tv.join(topts.delimiter) };
            }
            if (h.node && h.node.k === 'scalar' && v.k === 'scalar') {
              // A scalar target keeps its type; only the text is copied.
              setAt(h.parent, h.key, scalar(v.v, h.node.tag, v.o));
            } else if (!h.node && v.k === 'scalar') {
              setAt(h.parent, h.key, scalar(v.v, resolvePlain(v.v), v.o));
            } else setAt(h.parent, h.key, v);
          }
        }
      }
    }
  }
}

// --- vars.

function varValue(list: readonly Res[], v: VarDef, fail: (m: string) => Error): KNode {
  const ref = v.objref ?? {};
  const gv = parseApiVersion(ref.apiVersion ?? '');
  const sel: Selector = { kind: ref.kind, name: ref.name, namespace: ref.namespace, ...gv };
  const matches = list.filter((r) =>
    ids(r).some(
      (id) =>
        (!sel.name || id.name === sel.name) &&
        gvkSelected(id, sel) &&
        (!sel.namespace || id.namespace === sel.namespace),
    ),
  );
  if (matches.length !== 1) {
    throw fail(
      `var '${v.name}' cannot be mapped to a field in the set of known resources (${matches.length} matches)`,
    );
  }
  const path = v.fieldref?.fieldpath ?? 'metadata.name';
  const segs = splitFieldPath(path).flatMap((s) => {
    const m = /^(.+)\[(\d+)\]$/.exec(s);
    return m ? [m[1]!, m[2]!] : [s];
  });
  const node = lookupPath(matches[0]!.node, segs, undefined)[0]?.node;
  if (!node) throw fail(`field specified in var '${v.name}' not found in corresponding resource`);
  return node;
}

/** Kubernetes-style `$(VAR)` expansion (`$$` escapes a dollar). */
function expand(s: string, values: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '$' && i + 1 < s.length) {
      const n = s[i + 1]!;
      if (n === '$') {
        out += '$';
        i++;
        continue;
      }
      if (n === '(') {
        const close = s.indexOf(')', i + 2);
        if (close > 0) {
          const name = s.slice(i + 2, close);
          const v = values.get(name);
          if (v !== undefined) {
            out += v;
            i = close;
            continue;
          }
          out += s.slice(i, close + 1);
          i = close;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}

export function resolveVars(
  list: Res[],
  vars: readonly VarDef[],
  specs: readonly FieldSpec[],
  fail: (m: string) => Error,
): void {
  if (!vars.length) return;
  const nodes = new Map<string, KNode>();
  const values = new Map<string, string>();
  for (const v of vars) {
    const n = varValue(list, v, fail);
    nodes.set(v.name, n);
    values.set(v.name, n.k === 'scalar' ? n.v : '');
  }
  const fix = (n: KNode): KNode => {
    if (n.k !== 'scalar' || n.tag !== 'str') return n;
    const whole = /^\$\(([^)]*)\)$/.exec(n.v);
    if (whole && nodes.has(whole[1]!)) {
      const src = nodes.get(whole[1]!)!;
      return src.k === 'scalar' ? scalar(src.v, src.tag, n.o) : clone(src);
    }
    const e = expand(n.v, values);
    return e === n.v ? n : scalar(e, 'str', n.o);
  };
  for (const r of list) {
    for (const spec of specs) {
      const gvk = curId(r);
      if (!gvkSelected(gvk, spec)) continue;
      walkSpec(r.node, spec.path.split('/'), fix);
    }
  }
}

function walkSpec(node: KNode, path: readonly string[], fix: (n: KNode) => KNode): void {
  if (node.k === 'seq') {
    for (const i of node.items) walkSpec(i, path, fix);
    return;
  }
  if (node.k !== 'map' || !path.length) return;
  const [seg, ...rest] = path as [string, ...string[]];
  const child = node.m.get(seg);
  if (!child) return;
  if (rest.length) {
    walkSpec(child, rest, fix);
    return;
  }
  if (child.k === 'seq') child.items = child.items.map(fix);
  else if (child.k === 'map') for (const [k, v] of child.m) child.m.set(k, fix(v));
  else node.m.set(seg, fix(child));
}
