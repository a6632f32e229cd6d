// Loads a chart the way Helm's loader does (pkg/chart/v2/loader): from a folder (honouring
// .helmignore) or a .tgz archive; Chart.yaml (v1/v2), requirements.yaml, values.yaml,
// values.schema.json, templates/, charts/ (folders and archives, recursively), every other file as
// `.Files`. Nothing outside the chart folder is read, except a dependency found in a sibling folder.
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import { parseDocumentGo } from '../../load/lexer.js';
import { type GoMap, type GoValue, setGoTypeName } from '../gotemplate/values.js';
import { type ArchiveFile, type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS, readChartArchive } from './archive.js';
import { parseValues, plainValue, ValuesError } from './values.js';
import { formatFloatG, markNilMap, parseGoIntBase0 } from './yaml.js';

export interface ChartFile {
  /** Path inside the chart (`templates/deploy.yaml`). */
  readonly name: string;
  readonly data: Uint8Array;
  /** Where the file is on disk (absolute), when it is a plain file of a chart folder. */
  readonly absPath?: string;
}

export interface Dependency {
  name: string;
  readonly version: string;
  readonly repository: string;
  readonly condition: string;
  readonly tags: readonly string[];
  enabled: boolean;
  importValues: GoValue[];
  readonly alias: string;
}

export interface Metadata {
  readonly apiVersion: string;
  name: string;
  readonly version: string;
  readonly type: string;
  readonly kubeVersion: string;
  readonly appVersion: string;
  dependencies: Dependency[];
  /** Chart.yaml as read (for `.Chart`). */
  readonly raw: Record<string, unknown>;
}

export interface Chart {
  metadata: Metadata;
  values: GoMap;
  /** values.yaml's text and where it is (for provenance and code frames). */
  readonly valuesFile?: { readonly absPath?: string; readonly text: string; readonly name: string };
  readonly schema?: string;
  readonly templates: readonly ChartFile[];
  readonly files: readonly ChartFile[];
  dependencies: Chart[];
  parent?: Chart;
  /** The folder the chart was read from (absolute), or the archive file. */
  readonly source: { readonly kind: 'dir' | 'archive'; readonly absPath: string };
}

export class ChartError extends Error {}

export interface LoadLimits {
  readonly archive: ArchiveLimits;
  /** Most files read from one chart folder (with its subcharts). */
  readonly maxFiles: number;
  /** Most bytes read from one chart folder. */
  readonly maxBytes: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  archive: DEFAULT_ARCHIVE_LIMITS,
  maxFiles: 20_000,
  maxBytes: 100 * 1024 * 1024,
};

/** Options for finding values provenance: how a file's path is shown. */
export interface LoadContext {
  readonly displayPath: (absPath: string) => string;
  readonly limits?: LoadLimits;
}

/** Loads a chart from a folder or a .tgz file. */
export function loadChart(path: string, ctx: LoadContext): Chart {
  const st = statSync(path);
  if (st.isDirectory())
    return loadFiles(
      readChartDir(path, ctx.limits ?? DEFAULT_LOAD_LIMITS),
      { kind: 'dir', absPath: path },
      ctx,
    );
  const files = readChartArchive(readFileSync(path), (ctx.limits ?? DEFAULT_LOAD_LIMITS).archive);
  return loadFiles(files, { kind: 'archive', absPath: path }, ctx);
}

/** Reads every file of a chart folder that .helmignore keeps, in Helm's walk order. */
export function readChartDir(root: string, limits: LoadLimits): (ArchiveFile & { absPath: string })[] {
  const ig: Ignore = ignore();
  try {
    ig.add(readFileSync(join(root, '.helmignore'), 'utf8'));
  } catch {
    // no .helmignore
  }
  // Helm's default rule: dot files under templates/ are never templates.
  ig.add('templates/.?*');
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = root;
  }
  // Helm follows links wherever they lead; we read what they lead to inside the repository (the
  // git work tree holding the chart, else the chart) and never outside it.
  const bound = workTreeOf(realRoot) ?? realRoot;
  const out: (ArchiveFile & { absPath: string })[] = [];
  let bytes = 0;
  const walk = (dir: string, rel: string): void => {
    const names = readdirSync(dir).sort();
    for (const n of names) {
      const abs = join(dir, n);
      const r = rel ? `${rel}/${n}` : n;
      let st = lstatSync(abs);
      if (st.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(abs);
        } catch {
          continue;
        }
        const back = relative(bound, real);
        if (back.startsWith('..') || isAbsolute(back)) {
          // A subchart linked in from outside is looked for as a dependency (file://, a sibling
          // folder) or reported missing; any other file would be rendered by helm, unseen here.
          if (/^charts\/[^/]+$/.test(r)) continue;
          throw new ChartError(
            `${r} is a link to ${real}, outside the repository: helm would read it, kubeharden does not. Copy the file into the chart`,
          );
        }
        st = statSync(abs);
      }
      if (st.isDirectory()) {
        if (ig.ignores(`${r}/`)) continue;
        walk(abs, r);
        continue;
      }
      if (!st.isFile() || ig.ignores(r)) continue;
      if (out.length >= limits.maxFiles)
        throw new ChartError(`the chart has more than ${limits.maxFiles} files`);
      bytes += st.size;
      if (bytes > limits.maxBytes) throw new ChartError(`the chart is larger than ${limits.maxBytes} bytes`);
      out.push({ name: r, data: readFileSync(abs), absPath: abs });
    }
  };
  walk(root, '');
  return out;
}

/** The git work tree holding `dir` (a folder with `.git` in it), if any. */
function workTreeOf(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

const utf8 = new TextDecoder('utf-8');

export function fileText(f: ChartFile): string {
  return utf8.decode(f.data);
}

function loadFiles(
  files: readonly (ArchiveFile & { absPath?: string })[],
  source: Chart['source'],
  ctx: LoadContext,
): Chart {
  let rawMeta: Record<string, unknown> | undefined;
  for (const f of files) {
    if (f.name === 'Chart.yaml') rawMeta = readYamlObject(f, 'Chart.yaml');
  }
  let requirements: Record<string, unknown> | undefined;
  let values: GoMap = new Map();
  let valuesFile: Chart['valuesFile'];
  let schema: string | undefined;
  const templates: ChartFile[] = [];
  const other: ChartFile[] = [];
  const subcharts = new Map<string, (ArchiveFile & { absPath?: string })[]>();
  for (const f of files) {
    if (f.name === 'Chart.yaml') continue;
    if (f.name === 'Chart.lock' || f.name === 'requirements.lock') {
      if (f.name === 'requirements.lock' && apiVersionOf(rawMeta) === 'v1') other.push(f);
      continue;
    }
    if (f.name === 'values.yaml') {
      const text = fileText(f);
      const display = f.absPath ? ctx.displayPath(f.absPath) : '';
      try {
        values = parseValues({ file: display, text });
      } catch (e) {
        // Helm 4 reads values documents one by one, and says so.
        throw new ChartError(
          `cannot load values.yaml: cannot unmarshal yaml document: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      valuesFile = { ...(f.absPath ? { absPath: f.absPath } : {}), text, name: display };
      continue;
    }
    if (f.name === 'values.schema.json') {
      schema = fileText(f);
      continue;
    }
    if (f.name === 'requirements.yaml') {
      requirements = readYamlObject(f, 'requirements.yaml');
      if (apiVersionOf(rawMeta) === 'v1') other.push(f);
      continue;
    }
    if (f.name.startsWith('templates/')) templates.push(f);
    else if (f.name.startsWith('charts/')) {
      if (f.name.endsWith('.prov')) {
        other.push(f);
        continue;
      }
      const fname = f.name.slice('charts/'.length);
      const cname = fname.split('/')[0]!;
      const list = subcharts.get(cname) ?? [];
      subcharts.set(cname, list);
      list.push({ ...f, name: fname });
    } else other.push(f);
  }
  if (!rawMeta) throw new ChartError('Chart.yaml file is missing');
  const metadata = toMetadata(rawMeta, requirements);
  validateMetadata(metadata);
  const chart: Chart = {
    metadata,
    values,
    ...(valuesFile ? { valuesFile } : {}),
    ...(schema !== undefined ? { schema } : {}),
    templates,
    files: other,
    dependencies: [],
    source,
  };
  for (const [n, list] of subcharts) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    let sc: Chart;
    try {
      if (n.endsWith('.tgz')) {
        const file = list[0]!;
        if (file.name !== n)
          throw new ChartError(
            `error unpacking subchart tar in ${metadata.name}: expected ${n}, got ${file.name}`,
          );
        const sub = readChartArchive(file.data, (ctx.limits ?? DEFAULT_LOAD_LIMITS).archive);
        sc = loadFiles(sub, { kind: 'archive', absPath: file.absPath ?? source.absPath }, ctx);
      } else {
        const inner = list
          .filter((f) => f.name.includes('/'))
          .map((f) => ({ ...f, name: f.name.slice(f.name.indexOf('/') + 1) }));
        const dir = source.kind === 'dir' ? join(source.absPath, 'charts', n) : source.absPath;
        sc = loadFiles(inner, { kind: source.kind, absPath: dir }, ctx);
      }
    } catch (e) {
      throw new ChartError(
        `error unpacking subchart ${n} in ${metadata.name}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    sc.parent = chart;
    chart.dependencies.push(sc);
  }
  return chart;
}

function apiVersionOf(raw: Record<string, unknown> | undefined): string {
  const v = raw?.apiVersion;
  return typeof v === 'string' && v ? v : 'v1';
}

function readYamlObject(f: ChartFile, what: string): Record<string, unknown> {
  try {
    // Read as values first: a syntax error gets the same message values files get.
    parseValues({ file: '', text: fileText(f) });
  } catch (e) {
    if (e instanceof ValuesError) throw new ChartError(`cannot load ${what}: ${e.message}`);
    throw e;
  }
  // Chart.yaml is read into typed structs through sigs.k8s.io/yaml: a scalar keeps its YAML 1.1 type
  // and is then written into a string field (`1.10` becomes "1.1", `y` becomes "true", an `on` key "true").
  const doc = parseDocumentGo(fileText(f), { schema: 'failsafe', uniqueKeys: false });
  const scalar = (n: Scalar): unknown => {
    const text = String(n.value ?? '');
    if (n.type !== Scalar.PLAIN) return text;
    const v = plainValue(text);
    if (typeof v === 'number') {
      const int = parseGoIntBase0(text.replaceAll('_', ''));
      return int !== undefined ? int.toString() : formatFloatG(v);
    }
    return v;
  };
  const plain = (n: unknown): unknown => {
    if (isScalar(n)) return scalar(n);
    if (isSeq(n)) return n.items.map(plain);
    if (isMap(n)) {
      const o: Record<string, unknown> = {};
      for (const p of n.items)
        o[String(isScalar(p.key) ? (scalar(p.key) ?? 'null') : p.key)] = plain(p.value);
      return o;
    }
    return null;
  };
  const out = plain(doc.contents);
  return out && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  return '';
}

function toMetadata(raw: Record<string, unknown>, requirements?: Record<string, unknown>): Metadata {
  const depsRaw = (requirements?.dependencies ?? raw.dependencies) as unknown;
  const deps: Dependency[] = Array.isArray(depsRaw)
    ? depsRaw
        .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object')
        .map((d) => ({
          name: str(d.name),
          version: str(d.version),
          repository: str(d.repository),
          condition: str(d.condition),
          tags: Array.isArray(d.tags) ? d.tags.map(str) : [],
          enabled: true,
          importValues: Array.isArray(d['import-values'])
            ? (d['import-values'] as unknown[]).map(fromPlain)
            : [],
          alias: str(d.alias),
        }))
    : [];
  return {
    apiVersion: str(raw.apiVersion) || 'v1',
    name: str(raw.name),
    version: str(raw.version),
    type: str(raw.type),
    kubeVersion: str(raw.kubeVersion),
    appVersion: str(raw.appVersion),
    dependencies: deps,
    raw,
  };
}

function fromPlain(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (typeof v === 'object') {
    const m: GoMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, fromPlain(x));
    return m;
  }
  return v as GoValue;
}

function validateMetadata(md: Metadata): void {
  const fail = (m: string) => {
    throw new ChartError(`validation: ${m}`);
  };
  if (!md.apiVersion) fail('chart.metadata.apiVersion is required');
  if (!md.name) fail('chart.metadata.name is required');
  if (md.name === '.' || md.name === '..')
    fail(`chart.metadata.name ${JSON.stringify(md.name)} is not allowed`);
  if (md.name.includes('/') || md.name.includes('\\'))
    fail(`chart.metadata.name ${JSON.stringify(md.name)} is invalid`);
  if (!md.version) fail('chart.metadata.version is required');
  if (!/^v?\d+(\.\d+)?(\.\d+)?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(md.version)) {
    fail(`chart.metadata.version ${JSON.stringify(md.version)} is invalid`);
  }
  if (md.type !== '' && md.type !== 'application' && md.type !== 'library') {
    fail('chart.metadata.type must be application or library');
  }
  for (const d of md.dependencies) {
    const key = d.alias || d.name;
    if (d.alias && !/^[a-zA-Z0-9-_]+$/.test(d.alias)) {
      fail(`dependency "${d.name}" has disallowed characters in the alias`);
    }
    void key;
  }
}

export function isLibrary(c: Chart): boolean {
  return c.metadata.type.toLowerCase() === 'library';
}

/** Chart.ChartFullPath: `parent/charts/child`. */
export function chartFullPath(c: Chart): string {
  return c.parent ? `${chartFullPath(c.parent)}/charts/${c.metadata.name}` : c.metadata.name;
}

/** `.Chart` as Helm builds it (MetadataAsMap: Go field names) plus IsRoot. */
export function chartObject(c: Chart): GoMap {
  const r = c.metadata.raw;
  const strList = (v: unknown): GoValue[] =>
    setGoTypeName(Array.isArray(v) ? v.map(str) : [], '[]interface {}');
  const maintainers = Array.isArray(r.maintainers)
    ? r.maintainers.map(
        (m: Record<string, unknown>) =>
          new Map<string, GoValue>([
            ['Name', str(m?.name)],
            ['Email', str(m?.email)],
            ['URL', str(m?.url)],
          ]),
      )
    : [];
  const annotations: GoMap = setGoTypeName(new Map(), 'map[string]string');
  if (r.annotations && typeof r.annotations === 'object') {
    for (const [k, v] of Object.entries(r.annotations as Record<string, unknown>)) annotations.set(k, str(v));
  } else markNilMap(annotations);
  const deps = c.metadata.dependencies.map(
    (d) =>
      new Map<string, GoValue>([
        ['Name', d.name],
        ['Version', d.version],
        ['Repository', d.repository],
        ['Condition', d.condition],
        ['Tags', setGoTypeName([...d.tags], '[]interface {}')],
        ['Enabled', d.enabled],
        ['ImportValues', d.importValues],
        ['Alias', d.alias],
      ]),
  );
  return new Map<string, GoValue>([
    ['Name', c.metadata.name],
    ['Home', str(r.home)],
    ['Sources', strList(r.sources)],
    ['Version', c.metadata.version],
    ['Description', str(r.description)],
    ['Keywords', strList(r.keywords)],
    ['Maintainers', maintainers],
    ['Icon', str(r.icon)],
    ['APIVersion', c.metadata.apiVersion],
    ['Condition', str(r.condition)],
    ['Tags', str(r.tags)],
    ['AppVersion', c.metadata.appVersion],
    ['Deprecated', r.deprecated === true],
    ['Annotations', annotations],
    ['KubeVersion', c.metadata.kubeVersion],
    ['Dependencies', deps],
    ['Type', c.metadata.type],
    ['IsRoot', !c.parent],
  ]);
}

/** Finds a chart folder for a dependency that is not vendored: a file:// path, then a sibling folder. */
export function findLocalDependency(chartDir: string, dep: Dependency): string | undefined {
  if (dep.repository.startsWith('file://')) {
    const p = resolve(chartDir, dep.repository.slice('file://'.length));
    if (hasChartNamed(p, dep.name)) return p;
  }
  const parent = dirname(chartDir);
  let names: string[] = [];
  try {
    names = readdirSync(parent).sort();
  } catch {
    return undefined;
  }
  for (const n of names) {
    const p = join(parent, n);
    if (p === chartDir) continue;
    if (hasChartNamed(p, dep.name)) return p;
  }
  return undefined;
}

function hasChartNamed(dir: string, name: string): boolean {
  try {
    const text = readFileSync(join(dir, 'Chart.yaml'), 'utf8');
    const m = /^name:\s*["']?([^"'\s#]+)/m.exec(text);
    return m?.[1] === name;
  } catch {
    return false;
  }
}
