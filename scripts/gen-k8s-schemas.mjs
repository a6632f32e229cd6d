// Generates data/k8s-schema.json, the compact field schemas of every built-in Kubernetes kind that the
// unknown-field and invalid-field-type rules check against, from the type declarations shipped in the
// `kubernetes-models` package (derived from the Kubernetes OpenAPI spec). Only the generated data is
// committed and shipped; the package is not a dependency (the pre-commit hook installs devDependencies,
// and 18 MB of models would slow every hook install). To regenerate after a Kubernetes release:
//   npm install --no-save kubernetes-models@<version> && node scripts/gen-k8s-schemas.mjs
//
// Encoding of a field's type: `b` boolean, `i` number, `s` string, `q` int-or-string or quantity,
// `*` anything, a type id (another entry of `types`), `[T` an array of T, `{T` a map of string to T.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(root, 'node_modules', 'kubernetes-models');
const machineryDir = join(root, 'node_modules', '@kubernetes-models', 'apimachinery');
const modelsVersion = JSON.parse(readFileSync(join(modelsDir, 'package.json'), 'utf8')).version;

function declarationFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === '_schemas' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...declarationFiles(p));
    else if (name.endsWith('.d.ts') && name !== 'index.d.ts') out.push(p);
  }
  return out;
}

/** `IIoK8sApiCoreV1SecurityContext` → `CoreV1SecurityContext`. */
function shortId(name) {
  return name
    .replace(/^I(?=IoK8s)/, '')
    .replace(
      /^IoK8s(ApimachineryPkgApis|ApimachineryPkg|KubeAggregatorPkgApis|ApiextensionsApiserverPkgApis|Api)/,
      '',
    );
}

/** Splits `text` at `sep` where brackets are balanced. */
function splitTop(text, sep) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ('{<(['.includes(ch)) depth++;
    else if ('}>)]'.includes(ch)) depth--;
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function convertType(raw) {
  const t = raw.trim();
  const union = splitTop(t, '|').filter((u) => u !== 'null' && u !== 'undefined');
  if (union.length > 1) {
    if (union.every((u) => /^".*"$/.test(u))) return 's';
    const codes = new Set(union.map(convertType));
    if (codes.size === 2 && codes.has('s') && codes.has('i')) return 'q';
    return codes.size === 1 ? [...codes][0] : '*';
  }
  const one = union[0] ?? '';
  if (one === 'boolean') return 'b';
  if (one === 'number') return 'i';
  if (one === 'string' || /^".*"$/.test(one)) return 's';
  if (one.startsWith('Array<') && one.endsWith('>')) return `[${convertType(one.slice(6, -1))}`;
  const map = /^\{\s*\[key: string\]:\s*([\s\S]*?);?\s*\}$/.exec(one);
  if (map) return `{${convertType(map[1])}`;
  if (/^I?IoK8s\w+$/.test(one)) return shortId(one);
  return '*';
}

/** The members of an interface body: `"name"?: Type;` with comments removed. */
function members(body) {
  const out = [];
  for (const member of splitTop(body.replace(/\/\*[\s\S]*?\*\//g, ''), ';')) {
    const m = /^"([^"]+)"\??:\s*([\s\S]+)$/.exec(member);
    if (m) out.push([m[1], m[2]]);
  }
  return out;
}

const types = {};
const scalars = {};
const kinds = {};
for (const file of [...declarationFiles(modelsDir), ...declarationFiles(machineryDir)]) {
  const text = readFileSync(file, 'utf8');
  const alias = /export type \{ (\w+) as (I?IoK8s\w+)/.exec(text);
  if (!alias) continue;
  const local = alias[1];
  const id = shortId(alias[2]);
  const scalar = new RegExp(`export type ${local} = ([^;]+);`).exec(text);
  if (scalar) {
    scalars[id] = convertType(scalar[1]);
    continue;
  }
  const start = new RegExp(`export interface ${local}(?: extends [\\w, ]+)? \\{`).exec(text);
  if (!start) continue;
  // The interface body ends at the brace that closes it.
  let depth = 1;
  let i = start.index + start[0].length;
  for (; i < text.length && depth > 0; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
  }
  const fields = {};
  let apiVersion;
  let kind;
  for (const [name, type] of members(text.slice(start.index + start[0].length, i - 1))) {
    fields[name] = convertType(type);
    if (name === 'apiVersion' && /^"[^"]+"$/.test(type.trim())) apiVersion = type.trim().slice(1, -1);
    if (name === 'kind' && /^"[^"]+"$/.test(type.trim())) kind = type.trim().slice(1, -1);
  }
  types[id] = fields;
  if (apiVersion && kind && !kind.endsWith('List')) kinds[`${apiVersion}/${kind}`] = id;
}

// Scalar aliases (Time, IntOrString, Quantity…) are written inline where they are used.
const resolve = (code) => {
  const prefix = /^[[{]*/.exec(code)[0];
  const base = code.slice(prefix.length);
  return prefix + (scalars[base] ?? (types[base] ? base : base.length > 1 ? '*' : base));
};
for (const fields of Object.values(types))
  for (const [name, code] of Object.entries(fields)) fields[name] = resolve(code);

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const out = {
  $comment: `Generated by scripts/gen-k8s-schemas.mjs from kubernetes-models@${modelsVersion} (OpenAPI-derived type declarations). Do not edit. Field codes: b boolean, i number, s string, q int-or-string/quantity, * anything, [T array, {T map, other values name a type.`,
  source: `kubernetes-models@${modelsVersion}`,
  kinds: sorted(kinds),
  types: Object.fromEntries(Object.entries(sorted(types)).map(([k, v]) => [k, sorted(v)])),
};
writeFileSync(join(root, 'data', 'k8s-schema.json'), `${JSON.stringify(out)}\n`);
console.log(`${Object.keys(kinds).length} kinds, ${Object.keys(types).length} types`);
