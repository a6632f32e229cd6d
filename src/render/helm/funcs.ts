// Helm's own template functions (pkg/engine/funcs.go and engine.go): include, tpl, required, fail,
// toYaml/fromYaml/toJson/fromJson/toToml, lookup (offline: an empty map), getHostByName (no DNS).
// Sprig and Go's builtins come from the template engine; these are added on top, as Helm does.
import type { CallContext, FuncDef, FuncMap } from '../gotemplate/api.js';
import { removeAll } from '../gotemplate/index.js';
import {
  type GoMap,
  type GoValue,
  goString,
  isString,
  type Segment,
  SourcedString,
} from '../gotemplate/values.js';
import { parseValues, scalarValue, ValuesError } from './values.js';
import { toJson, toYaml, toYamlMarked } from './yaml.js';

/**
 * An error raised by `required`/`fail`. Helm wraps the text in markers (warnWrap) and later prints
 * only that text (`execution error at (x.yaml:3:4): message`); the same markers are used here.
 */
export class HelmFailError extends Error {
  constructor(text: string) {
    super(`HELM_ERR_START${text}HELM_ERR_END`);
  }
}

/** The name Helm's root template has; `tpl` parses its text under it. */
export const ROOT_TEMPLATE = 'gotpl';

const str = (v: GoValue): string => (isString(v) ? goString(v) : String(v ?? ''));

export function helmFuncs(): FuncMap {
  const f: Record<string, FuncDef> = {
    include: {
      params: ['string', 'any'],
      fn: ([name, data], ctx) => ctx.exec.include(str(name!), data ?? null, 'include'),
    },
    tpl: {
      params: ['sstring', 'any'],
      fn: ([text, data], ctx) => {
        const t = text as string | SourcedString;
        const origin = ctx.argProvenance[0];
        try {
          // Helm strips `<no value>` from what tpl returns, as from a template's output (include
          // keeps it): `eq (tpl "{{ .Values.missing }}" .) ""` is true.
          return removeAll(ctx.exec.tpl(t, data ?? null, ROOT_TEMPLATE, origin), '<no value>');
        } catch (e) {
          throw wrapTplError(e, typeof t === 'string' ? t : t.text);
        }
      },
    },
    required: {
      params: ['string', 'any'],
      flow: 'select',
      fn: ([warn, val], ctx: CallContext) => {
        if (val === null || val === undefined) throw new HelmFailError(str(warn!));
        if (isString(val) && goString(val) === '') throw new HelmFailError(str(warn!));
        ctx.setResultProvenance(ctx.argProvenance[1]);
        return val;
      },
    },
    fail: {
      params: ['string'],
      fn: ([msg]) => {
        throw new HelmFailError(str(msg!));
      },
    },
    lookup: {
      params: ['string', 'string', 'string', 'string'],
      // Offline, as `helm template` without a cluster: an empty map.
      fn: () => new Map(),
    },
    getHostByName: { params: ['string'], fn: () => '' },
    toYaml: { params: ['any'], fn: ([v], ctx) => sourcedYaml(v ?? null, ctx) },
    mustToYaml: { params: ['any'], fn: ([v]) => toYaml(v ?? null) },
    toYamlPretty: { params: ['any'], fn: ([v]) => toYaml(v ?? null) },
    fromYaml: { params: ['string'], fn: ([s]) => fromYaml(str(s!)) },
    fromYamlArray: { params: ['string'], fn: ([s]) => fromYamlArray(str(s!)) },
    toJson: { params: ['any'], fn: ([v]) => safeJson(v ?? null) },
    mustToJson: { params: ['any'], fn: ([v]) => toJson(v ?? null) },
    fromJson: { params: ['string'], fn: ([s]) => fromJson(str(s!)) },
    fromJsonArray: { params: ['string'], fn: ([s]) => fromJsonArray(str(s!)) },
    toToml: { params: ['any'], fn: ([v]) => toToml(v ?? null) },
    mustToToml: { params: ['any'], fn: ([v]) => toToml(v ?? null) },
  };
  return f;
}

/**
 * toYaml whose lines remember the values entry they show: a finding inside a `toYaml .Values.x`
 * block lands on the toYaml action with the values line that holds the offending key.
 */
function sourcedYaml(v: GoValue, ctx: CallContext): string | SourcedString {
  const { text, marks } = toYamlMarked(v);
  if (marks.length === 0) return text;
  const site = ctx.exec.site;
  const base = {
    template: site.template,
    start: site.start,
    end: site.end,
    line: site.line,
    col: site.col,
    kind: 'action' as const,
    stack: ctx.exec.stack,
  };
  const segments: Segment[] = [];
  if (marks[0]!.offset > 0) segments.push({ ...base, outStart: 0, outEnd: marks[0]!.offset });
  marks.forEach((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.offset : text.length;
    if (end > m.offset) segments.push({ ...base, outStart: m.offset, outEnd: end, value: m.provenance });
  });
  return new SourcedString(text, segments);
}

function wrapTplError(e: unknown, text: string): Error {
  if (e instanceof HelmFailError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (/^template: /.test(msg) && !/executing/.test(msg)) {
    return new Error(`cannot parse template ${JSON.stringify(text)}: ${msg}`, { cause: e });
  }
  return new Error(`error during tpl function execution for ${JSON.stringify(text)}: ${msg}`, { cause: e });
}

function safeJson(v: GoValue): string {
  try {
    return toJson(v);
  } catch {
    return '';
  }
}

/** sigs.k8s.io/yaml.Unmarshal into a map; the error text under "Error" when it fails. */
export function fromYaml(s: string): GoMap {
  try {
    const docs = s.split(/^---[ \t]*$/m).filter((d) => d.trim() !== '');
    if (docs.length === 0) return new Map();
    const v = parseValues({ file: '', text: docs[0]! });
    return v;
  } catch (e) {
    return new Map([['Error', e instanceof ValuesError ? e.message : String(e)]]);
  }
}

export function fromYamlArray(s: string): GoValue[] {
  try {
    const v = parseValues({ file: '', text: `__root__:\n${indentAll(s)}` });
    const r = v.get('__root__');
    if (Array.isArray(r)) return r;
    if (r === null || r === undefined) return [];
    return [
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${r instanceof Map ? 'object' : typeof r === 'string' ? 'string' : 'number'} into Go value of type []interface {}`,
    ];
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

function indentAll(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** encoding/json.Unmarshal into map[string]interface{}: numbers float64. */
export function fromJson(s: string): GoMap {
  try {
    const v = jsonToGo(JSON.parse(s));
    if (v instanceof Map) return v;
    return new Map([
      [
        'Error',
        `json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`,
      ],
    ]);
  } catch (e) {
    return new Map([['Error', jsonErrorText(e, s)]]);
  }
}

export function fromJsonArray(s: string): GoValue[] {
  try {
    const v = jsonToGo(JSON.parse(s));
    if (Array.isArray(v)) return v;
    return [
      `json: cannot unmarshal ${v instanceof Map ? 'object' : typeof v} into Go value of type []interface {}`,
    ];
  } catch (e) {
    return [jsonErrorText(e, s)];
  }
}

function jsonErrorText(e: unknown, s: string): string {
  if (s.trim() === '') return 'unexpected end of JSON input';
  return e instanceof Error ? e.message : String(e);
}

function jsonToGo(v: unknown): GoValue {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map(jsonToGo);
  if (typeof v === 'object') {
    const m: GoMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, jsonToGo(x));
    return m;
  }
  return v as GoValue;
}

/** BurntSushi/toml's encoder for the shapes values take (tables, arrays, scalars). */
export function toToml(v: GoValue): string {
  if (!(v instanceof Map)) return 'toml: top-level values must be Go maps or structs';
  const out: string[] = [];
  writeTable(v, [], out);
  return out.join('');
}

function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

function tomlValue(v: GoValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}.0` : String(v);
  if (isString(v)) return JSON.stringify(goString(v));
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  if (v instanceof SourcedString) return JSON.stringify(v.text);
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'bigint') return v.value.toString();
  return JSON.stringify(String(v));
}

function writeTable(m: GoMap, path: string[], out: string[]): void {
  const keys = [...m.keys()].sort();
  const scalars = keys.filter((k) => !(m.get(k) instanceof Map) && m.get(k) !== null);
  const tables = keys.filter((k) => m.get(k) instanceof Map);
  const indent = '  '.repeat(Math.max(0, path.length - 1));
  for (const k of scalars) out.push(`${indent}${tomlKey(k)} = ${tomlValue(m.get(k)!)}\n`);
  for (const k of tables) {
    const p = [...path, k];
    out.push(`${out.length ? '\n' : ''}${'  '.repeat(p.length - 1)}[${p.map(tomlKey).join('.')}]\n`);
    writeTable(m.get(k) as GoMap, p, out);
  }
}

/** Keeps scalarValue reachable for callers that type single scalars (fromYaml of a scalar). */
export const _scalarValue = scalarValue;
