// configMapGenerator and secretGenerator: key/value sources (envs, literals, files, in that order),
// the objects kustomize makes of them, and the name-suffix hash it computes over their data.
import { createHash } from 'node:crypto';
import { type KMap, type KNode, kmap, type Origin, scalar, str } from './knode.js';

export interface KvPair {
  readonly key: string;
  readonly value: string;
  readonly origin: Origin;
  /** Set when the file's bytes are not UTF-8: their base64. */
  readonly binaryBase64?: string;
}

export class GeneratorError extends Error {}

/** One line of an env file: `KEY=value`, blank and `#` lines skipped, the first line's BOM dropped. */
export function parseEnvText(text: string, origin: (lineStart: number, lineEnd: number) => Origin): KvPair[] {
  const out: KvPair[] = [];
  let offset = 0;
  const lines = text.split('\n');
  // bufio.Scanner drops a final empty line and strips one CR before each newline.
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const start = offset;
    offset += raw.length + 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    line = line.replace(/^\s+/u, '');
    if (!line.length || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
      throw new GeneratorError(`invalid env var name ${JSON.stringify(key)} on line ${i + 1}`);
    }
    out.push({ key, value: eq < 0 ? '' : line.slice(eq + 1), origin: origin(start, start + raw.length) });
  });
  return out;
}

/** A `literals` entry: `key=value`, surrounding matching quotes removed. */
export function parseLiteral(s: string, origin: Origin): KvPair {
  const eq = s.indexOf('=');
  if (eq <= 0) throw new GeneratorError(`invalid literal source ${s}, expected key=value`);
  let v = s.slice(eq + 1);
  if (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
  return { key: s.slice(0, eq), value: v, origin };
}

/** A `files` entry: `path` or `key=path`. */
export function parseFileSource(s: string): { key: string; path: string } {
  const n = s.split('=').length - 1;
  if (n === 0) return { key: s.slice(s.lastIndexOf('/') + 1), path: s };
  if (n === 1 && s.startsWith('='))
    throw new GeneratorError(`missing key name for file path in source ${JSON.stringify(s)}`);
  if (n === 1 && s.endsWith('='))
    throw new GeneratorError(`missing file path for key name in source ${JSON.stringify(s)}`);
  if (n > 1) throw new GeneratorError(`source ${JSON.stringify(s)} key name or file path contains '='`);
  const [key, path] = s.split('=') as [string, string];
  return { key, path };
}

export function checkKey(key: string): void {
  if (!key.length || key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(key)) {
    throw new GeneratorError(`"${key}" is not a valid key name for a ConfigMap or Secret`);
  }
}

/** Go's encoding/json string escaping (it escapes <, >, & and U+2028/U+2029 too). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const keys = Object.keys(v as object).sort((a, b) =>
    Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1,
  );
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** A data map as yaml.v3 → JSON sees it (only string values matter for generated maps). */
function mapValue(n: KNode | undefined): unknown {
  if (!n) return '';
  if (n.k === 'scalar') return n.tag === 'null' ? null : n.v;
  if (n.k === 'seq') return n.items.map((i) => mapValue(i));
  const o: Record<string, unknown> = {};
  for (const [k, v] of n.m) o[k] = mapValue(v);
  return o;
}

/** kustomize's name-suffix hash of a ConfigMap or Secret. */
export function contentHash(res: KMap): string {
  const kind = res.m.get('kind');
  const isSecret = kind?.k === 'scalar' && kind.v === 'Secret';
  const val = (key: string): unknown => {
    const n = res.m.get(key);
    if (!n) return '';
    // kyaml's Lookup("metadata/name") finds no field, so the name hashed is always empty.
    if (n.k === 'scalar') return n.v;
    return mapValue(n);
  };
  const m: Record<string, unknown> = isSecret
    ? { kind: 'Secret', type: val('type'), name: '', data: val('data') }
    : { kind: 'ConfigMap', name: '', data: val('data') };
  if (isSecret) {
    const sd = res.m.get('stringData');
    if (sd?.k === 'map') m.stringData = val('stringData');
  } else {
    const bd = res.m.get('binaryData');
    if (bd?.k === 'map') m.binaryData = val('binaryData');
  }
  const hex = createHash('sha256').update(goJson(m)).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c] ?? c);
}

export interface GeneratedObject {
  readonly node: KMap;
}

/** Builds the ConfigMap or Secret for validated pairs. */
export function makeObject(
  kind: 'ConfigMap' | 'Secret',
  name: string,
  namespace: string | undefined,
  pairs: readonly KvPair[],
  options: { labels?: Record<string, string>; annotations?: Record<string, string>; immutable?: boolean },
  secretType: string | undefined,
  at: Origin,
): KMap {
  const res = kmap(at);
  res.m.set('apiVersion', str('v1', at));
  res.m.set('kind', str(kind, at));
  const meta = kmap(at);
  meta.m.set('name', str(name, at));
  if (namespace) meta.m.set('namespace', str(namespace, at));
  res.m.set('metadata', meta);
  if (kind === 'Secret') res.m.set('type', str(secretType || 'Opaque', at));
  const seen = new Set<string>();
  const data = kmap(at);
  const binary = kmap(at);
  for (const p of pairs) {
    checkKey(p.key);
    if (seen.has(p.key)) throw new GeneratorError(`configmap ${name} illegally repeats the key \`${p.key}\``);
    seen.add(p.key);
    if (kind === 'Secret') {
      data.m.set(
        p.key,
        str(wrapBase64(p.binaryBase64 ?? Buffer.from(p.value, 'utf8').toString('base64')), p.origin),
      );
    } else if (p.binaryBase64 !== undefined) binary.m.set(p.key, str(wrapBase64(p.binaryBase64), p.origin));
    else data.m.set(p.key, str(p.value, p.origin));
  }
  // A Secret always carries `data` (kustomize writes `data: {}` for one with no entries).
  if (data.m.size || kind === 'Secret') res.m.set('data', data);
  if (binary.m.size) res.m.set('binaryData', binary);
  const labels = options.labels ?? {};
  const annotations = options.annotations ?? {};
  if (Object.keys(labels).length) {
    const l = kmap(at);
    for (const k of Object.keys(labels).sort()) l.m.set(k, str(labels[k]!, at));
    meta.m.set('labels', l);
  }
  if (Object.keys(annotations).length) {
    const a = kmap(at);
    for (const k of Object.keys(annotations).sort()) a.m.set(k, str(annotations[k]!, at));
    meta.m.set('annotations', a);
  }
  if (options.immutable) res.m.set('immutable', scalar('true', 'bool', at));
  return res;
}

/** kyaml's encodeBase64: lines of 70 characters, each ended by a newline once there is more than one. */
export function wrapBase64(b64: string): string {
  const lines = Math.floor(b64.length / 70) + 1;
  if (lines <= 1) return b64;
  let out = '';
  for (let i = 0; i < b64.length; i += 70) out += `${b64.slice(i, i + 70)}\n`;
  return out;
}
