// Renders a chart as `helm template` does (pkg/action/install.go, pkg/engine/engine.go): dependencies
// enabled by condition/tags and aliased, import-values, values coalesced, every template of every
// chart parsed into one set (deepest first, so a parent's `define` wins) and executed, NOTES.txt
// dropped, documents split and sorted by kind, then printed with `# Source:` headers.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GoMap, GoValue, Segment, SourcedString } from '../gotemplate/values.js';
import {
  type Chart,
  ChartError,
  chartFullPath,
  chartObject,
  findLocalDependency,
  isLibrary,
  type LoadLimits,
  loadChart,
} from './chart.js';
import { newHelmTemplateSet, newSprigTemplateSet, TemplateError } from './engine.js';
import { ManifestError, type SplitMode, sortManifests } from './manifests.js';
import {
  capabilitiesObject,
  DEFAULT_KUBE_VERSION,
  filesObject,
  KubeVersionError,
  releaseObject,
} from './objects.js';
import { parseSetFileInto, parseSetInto, StrvalsError } from './strvals.js';
import {
  coalesceTables,
  coalesceValues,
  deepCopy,
  mergeMaps,
  parseValues,
  pathValue,
  table,
  trimNils,
  ValuesError,
  withCoalesceCompat,
} from './values.js';

export interface HelmRenderOptions {
  readonly releaseName?: string;
  readonly nameTemplate?: string;
  readonly namespace?: string;
  /** `-f` files: absolute paths, in order. */
  readonly valueFiles?: readonly string[];
  /**
   * Values already parsed (with their provenance), merged over the `-f` files as one more file:
   * what kustomize's helmCharts hand helm as the values file it writes (valuesInline merged).
   */
  readonly values?: GoMap;
  readonly set?: readonly string[];
  readonly setString?: readonly string[];
  readonly setFile?: readonly string[];
  readonly kubeVersion?: string;
  readonly apiVersions?: readonly string[];
  readonly includeCrds?: boolean;
  readonly skipTests?: boolean;
  readonly noHooks?: boolean;
  readonly isUpgrade?: boolean;
  /** Look for dependencies that are not vendored in `file://` paths and sibling folders. */
  readonly resolveLocalDependencies?: boolean;
  /** How a file's path is shown in provenance and findings. */
  readonly displayPath?: (absPath: string) => string;
  readonly limits?: RenderLimits;
  /**
   * Which Helm to follow where versions differ: `v4.1` (default; the released helm v4.1.4) or `main`
   * (Helm's main branch, which Helm's own test outputs show: a blank line kept after each document,
   * chart-default nulls dropped when coalescing).
   */
  readonly helmCompat?: SplitMode;
}

export interface RenderLimits {
  readonly load?: LoadLimits;
  /** Nested include/tpl/template depth. */
  readonly maxDepth?: number;
  /** Output characters per chart. */
  readonly maxOutput?: number;
  /** Time budget per render, milliseconds. */
  readonly timeoutMs?: number;
}

/** One printed document and where its text came from. */
export interface OutputPiece {
  /** Offsets of the document content in the printed output. */
  readonly outStart: number;
  readonly outEnd: number;
  /** Template name (`web/templates/deploy.yaml`) or CRD file name. */
  readonly source: string;
  /** Offset of the content in the template's rendered text (segments are relative to that text). */
  readonly templateOffset: number;
  readonly segments: readonly Segment[];
}

/** Where a template's source text is. */
export interface TemplateSourceFile {
  /** Absolute path on disk when the template is a file of a chart folder. */
  readonly absPath?: string;
  readonly text: string;
}

export interface HelmRenderError {
  /** What `helm template` prints after `Error: `. */
  readonly message: string;
  /** Go's own message (for findings). */
  readonly goMessage: string;
  /** Template name and 1-based line of the problem, when known. */
  readonly template?: string;
  readonly line?: number;
  /** UTF-16 offset in the template's source, when known. */
  readonly offset?: number;
}

export interface HelmProblem {
  readonly ruleId: 'helm-dependency-missing' | 'helm-values-schema';
  readonly message: string;
}

export interface HelmRenderResult {
  /** What `helm template` prints on standard output (empty on error). */
  readonly text: string;
  readonly pieces: readonly OutputPiece[];
  readonly error?: HelmRenderError;
  readonly problems: readonly HelmProblem[];
  readonly chart?: Chart;
  /** Template name → source, for mapping segments back to files. */
  readonly templates: ReadonlyMap<string, TemplateSourceFile>;
  /** Files output per template (for --output-dir): name → text as Helm writes it. */
  readonly files: readonly { readonly name: string; readonly text: string }[];
  /** The coalesced values the templates saw (for values.schema.json). */
  readonly values?: GoMap;
}

class RenderFailure extends Error {
  constructor(
    readonly error: HelmRenderError,
    /** True when Helm adds "Use --debug flag to render out invalid YAML" (a release existed). */
    readonly afterRelease: boolean,
  ) {
    super(error.message);
  }
}

const DEBUG_HINT = '\n\nUse --debug flag to render out invalid YAML';

/** Renders a chart folder or archive. Never throws for problems of the chart: see `error`. */
export function renderChart(chartPath: string, options: HelmRenderOptions = {}): HelmRenderResult {
  const templates = new Map<string, TemplateSourceFile>();
  const problems: HelmProblem[] = [];
  const displayPath = options.displayPath ?? ((p: string) => p);
  let chart: Chart | undefined;
  try {
    chart = loadChart(chartPath, {
      displayPath,
      ...(options.limits?.load ? { limits: options.limits.load } : {}),
    });
    // Helm 4 picks its loader by the chart's apiVersion: v1 (or none) and v2 only, v3 behind a flag.
    const apiVersion = chart.metadata.raw.apiVersion;
    if (apiVersion === 'v3') fail('invalid chart apiVersion');
    if (apiVersion != null && !['', 'v1', 'v2'].includes(String(apiVersion)))
      fail('unsupported chart version');
    if (options.resolveLocalDependencies !== false)
      resolveMissingDependencies(chart, problems, displayPath, options);
    else removeMissingDependencies(chart, problems);
    const loaded = chart;
    const out = withCoalesceCompat(options.helmCompat ?? 'v4.1', () =>
      renderLoaded(loaded, options, templates),
    );
    return { ...out, problems, chart, templates };
  } catch (e) {
    const err =
      e instanceof RenderFailure
        ? { ...e.error, message: e.afterRelease ? e.error.message + DEBUG_HINT : e.error.message }
        : { message: errorText(e), goMessage: errorText(e) };
    return { text: '', pieces: [], error: err, problems, ...(chart ? { chart } : {}), templates, files: [] };
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function fail(message: string, afterRelease = false, at: Partial<HelmRenderError> = {}): never {
  throw new RenderFailure({ message, goMessage: message, ...at }, afterRelease);
}

/**
 * Where in template `name`'s source the text at `at` of its output came from: inside a text run,
 * the same character; else the action that wrote it, or the call site in this template that led
 * to a helper writing it. Undefined when nothing in this template wrote it.
 */
function sourceOffsetOf(
  output: { readonly segments: readonly Segment[] } | undefined,
  name: string,
  at: number,
): number | undefined {
  const seg = output?.segments.find((s) => s.outStart <= at && at < s.outEnd);
  if (!seg) return undefined;
  if (seg.template === name) return seg.kind === 'text' ? seg.start + (at - seg.outStart) : seg.start;
  return seg.stack.find((c) => c.template === name)?.start;
}

/** Dependencies named in Chart.yaml that charts/ does not hold: a file:// path or a sibling folder. */
function resolveMissingDependencies(
  chart: Chart,
  problems: HelmProblem[],
  displayPath: (p: string) => string,
  options: HelmRenderOptions,
): void {
  for (const dep of [...chart.metadata.dependencies]) {
    if (chart.dependencies.some((c) => c.metadata.name === dep.name)) continue;
    const found = chart.source.kind === 'dir' ? findLocalDependency(chart.source.absPath, dep) : undefined;
    if (found) {
      const sub = loadChart(found, {
        displayPath,
        ...(options.limits?.load ? { limits: options.limits.load } : {}),
      });
      sub.parent = chart;
      chart.dependencies.push(sub);
      continue;
    }
    problems.push({
      ruleId: 'helm-dependency-missing',
      message: `dependency "${dep.name}"${dep.repository ? ` (${dep.repository})` : ''} is not in charts/, not at a file:// path and not in a sibling folder; the chart was rendered without it. Run \`helm dependency build\` and commit charts/, or place the chart beside this one`,
    });
    chart.metadata.dependencies = chart.metadata.dependencies.filter((d) => d !== dep);
  }
  for (const sub of chart.dependencies) resolveMissingDependencies(sub, problems, displayPath, options);
}

function removeMissingDependencies(chart: Chart, problems: HelmProblem[]): void {
  const missing = chart.metadata.dependencies.filter(
    (d) => !chart.dependencies.some((c) => c.metadata.name === d.name),
  );
  if (missing.length) {
    fail(
      `an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.map((d) => d.name).join(', ')}`,
    );
  }
  void problems;
}

/** The values given on the command line / in config: -f files, then --set, --set-string, --set-file. */
export function userValues(options: HelmRenderOptions): GoMap {
  const displayPath = options.displayPath ?? ((p: string) => p);
  let base: GoMap = new Map();
  for (const f of options.valueFiles ?? []) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      fail(`open ${f}: no such file or directory`);
    }
    try {
      base = mergeMaps(base, parseValues({ file: displayPath(f), text }));
    } catch (e) {
      fail(`failed to parse ${f}: cannot unmarshal yaml document: ${errorText(e)}`);
    }
  }
  if (options.values) base = mergeMaps(base, options.values);
  try {
    for (const s of options.set ?? []) parseSetInto(s, base);
  } catch (e) {
    fail(`failed parsing --set data: ${errorText(e)}`);
  }
  try {
    for (const s of options.setString ?? []) parseSetInto(s, base, 'string');
  } catch (e) {
    fail(`failed parsing --set-string data: ${errorText(e)}`);
  }
  try {
    for (const s of options.setFile ?? []) parseSetFileInto(s, base, (p) => readFileSync(p, 'utf8'));
  } catch (e) {
    if (e instanceof StrvalsError) fail(`failed parsing --set-file data: ${e.message}`);
    fail(`failed parsing --set-file data: open ${errorText(e)}`);
  }
  return base;
}

interface Renderable {
  readonly tpl: string;
  readonly vals: GoMap;
  readonly basePath: string;
}

function renderLoaded(
  chart: Chart,
  options: HelmRenderOptions,
  templates: Map<string, TemplateSourceFile>,
): Omit<HelmRenderResult, 'problems' | 'chart' | 'templates'> {
  const releaseName = options.nameTemplate
    ? renderNameTemplate(options.nameTemplate)
    : (options.releaseName ?? 'release-name');
  if (isLibrary(chart)) fail('library charts are not installable');
  const vals = userValues(options);
  try {
    processDependencyEnabled(chart, vals, '');
    processDependencyImportValues(chart);
  } catch (e) {
    fail(`chart dependencies processing failed: ${errorText(e)}`);
  }
  let caps: ReturnType<typeof capabilitiesObject>;
  try {
    caps = capabilitiesObject(options.kubeVersion ?? DEFAULT_KUBE_VERSION, options.apiVersions ?? []);
  } catch (e) {
    if (e instanceof KubeVersionError) fail(e.message);
    throw e;
  }
  let values: GoMap;
  try {
    values = coalesceValues(toCoalesce(chart), vals);
  } catch (e) {
    fail(errorText(e));
  }
  const top: GoMap = new Map<string, GoValue>([
    ['Chart', chartObject(chart)],
    ['Capabilities', caps],
    [
      'Release',
      releaseObject({
        name: releaseName,
        namespace: options.namespace ?? 'default',
        ...(options.isUpgrade ? { isUpgrade: true } : {}),
      }),
    ],
    ['Values', values],
  ]);

  const tpls = new Map<string, Renderable>();
  recAllTpls(chart, tpls, top, templates);
  const rendered = executeAll(tpls, options);
  // NOTES.txt is printed by install, never by template.
  for (const k of [...rendered.keys()]) if (k.endsWith('NOTES.txt')) rendered.delete(k);

  let sorted: ReturnType<typeof sortManifests>;
  const files = [...rendered].map(([name, r]) => ({ name, text: r.text }));
  try {
    sorted = sortManifests(files, options.helmCompat ?? 'v4.1');
  } catch (e) {
    if (e instanceof ManifestError) {
      const offset =
        e.at === undefined
          ? undefined
          : sourceOffsetOf(rendered.get(e.template), e.template, e.offset + e.at);
      fail(e.message, true, { template: e.template, ...(offset === undefined ? {} : { offset }) });
    }
    throw e;
  }
  const out: string[] = [];
  let len = 0;
  const pieces: OutputPiece[] = [];
  const write = (s: string) => {
    out.push(s);
    len += s.length;
  };
  const writeDoc = (
    source: string,
    content: string,
    r?: { offset: number; segments: readonly Segment[] },
  ) => {
    write(`---\n# Source: ${source}\n`);
    const start = len;
    write(content);
    pieces.push({
      outStart: start,
      outEnd: len,
      source,
      templateOffset: r?.offset ?? 0,
      segments: r?.segments ?? [],
    });
    write('\n');
  };
  const outFiles: { name: string; text: string }[] = [];
  if (options.includeCrds) {
    for (const crd of crdObjects(chart)) {
      writeDoc(crd.name, crd.text);
      outFiles.push({ name: crd.name, text: crd.text });
    }
  }
  for (const m of sorted.manifests) {
    writeDoc(m.name, m.content, { offset: m.offset, segments: rendered.get(m.name)?.segments ?? [] });
    outFiles.push({ name: m.name, text: m.content });
  }
  // `helm template` prints the release manifest trimmed, then each hook.
  const manifestText = out.join('');
  const trimmed = manifestText.trim();
  const lead = manifestText.length - manifestText.trimStart().length;
  const shifted = pieces.map((p) => ({ ...p, outStart: p.outStart - lead, outEnd: p.outEnd - lead }));
  out.length = 0;
  len = 0;
  write(`${trimmed}\n`);
  pieces.length = 0;
  pieces.push(...shifted.filter((p) => p.outEnd <= trimmed.length + 1));
  if (!options.noHooks) {
    for (const h of sorted.hooks) {
      if (options.skipTests && h.testHook) continue;
      writeDoc(h.name, h.content, { offset: h.offset, segments: rendered.get(h.name)?.segments ?? [] });
      outFiles.push({ name: h.name, text: h.content });
    }
  }
  return { text: out.join(''), pieces, files: outFiles, values };
}

function renderNameTemplate(t: string): string {
  const set = newSprigTemplateSet();
  try {
    set.parse('name-template', t);
    return set.execute('name-template', null, { stripNoValue: false }).text;
  } catch (e) {
    fail(errorText(e));
  }
}

function crdObjects(c: Chart): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of c.files) {
    if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/.test(f.name)) {
      out.push({ name: `${chartFullPath(c)}/${f.name}`, text: new TextDecoder().decode(f.data) });
    }
  }
  for (const d of c.dependencies) out.push(...crdObjects(d));
  return out;
}

/** The CRD files of a chart and its subcharts that are plain files on disk (linted as they are). */
export function crdFiles(c: Chart): string[] {
  const out: string[] = [];
  for (const f of c.files)
    if (f.name.startsWith('crds/') && f.absPath && /\.(ya?ml|json)$/.test(f.name)) out.push(f.absPath);
  for (const d of c.dependencies) out.push(...crdFiles(d));
  return out;
}

function recAllTpls(
  c: Chart,
  tpls: Map<string, Renderable>,
  parentVals: GoMap,
  sources: Map<string, TemplateSourceFile>,
): GoMap {
  const subCharts: GoMap = new Map();
  const isRoot = !c.parent;
  let chartValues: GoValue = new Map();
  if (isRoot) chartValues = parentVals.get('Values') ?? new Map();
  else {
    const pv = parentVals.get('Values');
    const t = pv instanceof Map ? table(pv, c.metadata.name) : undefined;
    if (t) chartValues = t;
  }
  const next: GoMap = new Map<string, GoValue>([
    ['Chart', chartObject(c)],
    ['Files', filesObject(c.files)],
    ['Release', parentVals.get('Release') ?? null],
    ['Capabilities', parentVals.get('Capabilities') ?? null],
    ['Values', chartValues],
    ['Subcharts', subCharts],
  ]);
  for (const child of c.dependencies)
    subCharts.set(child.metadata.name, recAllTpls(child, tpls, next, sources));
  const full = chartFullPath(c);
  const lib = isLibrary(c);
  for (const t of c.templates) {
    const base = t.name.slice(t.name.lastIndexOf('/') + 1);
    if (lib && !base.startsWith('_')) continue;
    const name = `${full}/${t.name}`;
    const text = new TextDecoder().decode(t.data);
    tpls.set(name, { tpl: text, vals: next, basePath: `${full}/templates` });
    sources.set(name, { ...(t.absPath ? { absPath: t.absPath } : {}), text });
  }
  return next;
}

/** engine.sortTemplates: deepest paths first, then reverse lexical order. */
function sortTemplates(names: Iterable<string>): string[] {
  const depth = (s: string) => s.split('/').length - 1;
  return [...names].sort((a, b) => {
    const da = depth(a);
    const db = depth(b);
    if (da !== db) return db - da;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

interface Rendered {
  readonly text: string;
  readonly segments: readonly Segment[];
}

function executeAll(tpls: Map<string, Renderable>, options: HelmRenderOptions): Map<string, Rendered> {
  const set = newHelmTemplateSet();
  const keys = sortTemplates(tpls.keys());
  for (const name of keys) {
    try {
      set.parse(name, tpls.get(name)!.tpl);
    } catch (e) {
      throw parseFailure(name, e);
    }
  }
  const out = new Map<string, Rendered>();
  let total = 0;
  const maxOutput = options.limits?.maxOutput ?? 64 * 1024 * 1024;
  const deadline = options.limits?.timeoutMs ? Date.now() + options.limits.timeoutMs : 0;
  for (const name of keys) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    const r = tpls.get(name)!;
    r.vals.set(
      'Template',
      new Map<string, GoValue>([
        ['Name', name],
        ['BasePath', r.basePath],
      ]),
    );
    let s: SourcedString;
    const remaining = deadline ? deadline - Date.now() : 0;
    if (deadline && remaining <= 0)
      fail(`rendering took longer than the time budget (${options.limits?.timeoutMs} ms)`, true, {
        template: name,
      });
    try {
      s = set.execute(name, r.vals, {
        missingKey: 'zero',
        stripNoValue: true,
        limits: {
          maxDepth: options.limits?.maxDepth ?? 500,
          maxOutput: maxOutput - total,
          ...(deadline ? { timeoutMs: remaining } : {}),
        },
      });
    } catch (e) {
      throw execFailure(name, e);
    }
    total += s.text.length;
    out.set(name, { text: s.text, segments: s.segments });
  }
  return out;
}

function parseFailure(name: string, e: unknown): RenderFailure {
  const msg = errorText(e);
  const tokens = msg.split(': ');
  const at: Partial<HelmRenderError> =
    e instanceof TemplateError
      ? { template: e.parseName ?? name, ...(e.line ? { line: e.line } : {}) }
      : { template: name };
  if (tokens.length === 1)
    return new RenderFailure({ message: `parse error in (${name}): ${msg}`, goMessage: msg, ...at }, true);
  return new RenderFailure(
    { message: `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`, goMessage: msg, ...at },
    true,
  );
}

const WARN = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

function execFailure(name: string, e: unknown): RenderFailure {
  if (!(e instanceof TemplateError)) {
    const msg = errorText(e);
    return new RenderFailure({ message: msg, goMessage: msg, template: name }, true);
  }
  const inner = e.innermost;
  const at: Partial<HelmRenderError> = {
    template: inner.parseName ?? name,
    ...(inner.line ? { line: inner.line } : {}),
    ...(inner.offset !== undefined ? { offset: inner.offset } : {}),
  };
  const msg = e.message;
  const plain = msg.replace(/HELM_ERR_START|HELM_ERR_END/g, '');
  if (e.kind === 'limit') return new RenderFailure({ message: plain, goMessage: plain, ...at }, true);
  const tokens = splitN(msg, ': ', 3);
  if (tokens.length !== 3)
    return new RenderFailure(
      { message: `execution error in (${name}): ${plain}`, goMessage: plain, ...at },
      true,
    );
  const warn = WARN.exec(tokens[2]!);
  if (warn)
    return new RenderFailure(
      { message: `execution error at (${tokens[1]}): ${warn[1]}`, goMessage: plain, ...at },
      true,
    );
  // A function's own error at the end of the chain: Helm prints Go's message as it is.
  if (/error calling [^:]+: (?!template: )/.test(inner.message))
    return new RenderFailure({ message: plain, goMessage: plain, ...at }, true);
  const parts: string[] = [];
  let last = '';
  for (let cur: TemplateError | undefined = e; cur; cur = cur.cause) {
    const t = traceable(cur.message);
    if (!t) return new RenderFailure({ message: plain, goMessage: plain, ...at }, true);
    if (t !== last) parts.push(t);
    last = t;
  }
  return new RenderFailure({ message: parts.join('').trim(), goMessage: plain, ...at }, true);
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** Helm's TraceableError text for one level of a template error chain. */
function traceable(s: string): string | undefined {
  if (!s.startsWith('template: ')) return undefined;
  const remainder = s.slice('template: '.length);
  if (remainder.startsWith('no template ')) return `${s}\n`;
  const ex = remainder.indexOf(': executing ');
  if (ex >= 0) {
    const loc = remainder.slice(0, ex);
    const after = remainder.slice(ex + ': executing '.length);
    if (after.startsWith('"')) {
      const endQuote = after.indexOf('"', 1);
      if (endQuote > 0) {
        const fn = after.slice(1, endQuote);
        const afterFunc = after.slice(endQuote + 1);
        if (afterFunc.startsWith(' at <')) {
          const afterAt = afterFunc.slice(' at <'.length);
          const cut = afterAt.indexOf('>: ');
          if (cut >= 0) {
            let errMsg = afterAt.slice(cut + 3);
            const t = errMsg.indexOf(' template:');
            if (t >= 0) errMsg = errMsg.slice(0, t);
            return `${loc}\n  executing "${fn}" at <${afterAt.slice(0, cut)}>:\n    ${errMsg}\n`;
          }
        }
      }
    }
    return undefined;
  }
  const sep = remainder.lastIndexOf(': ');
  if (sep < 0) return undefined;
  let errMsg = remainder.slice(sep + 2);
  const t = errMsg.indexOf(' template:');
  if (t >= 0) errMsg = errMsg.slice(0, t);
  return `${remainder.slice(0, sep)}\n  ${errMsg}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Dependencies (pkg/chart/v2/util/dependencies.go)

function processDependencyEnabled(c: Chart, v: GoMap, path: string): void {
  if (c.metadata.dependencies.length === 0) return;
  const deps: Chart[] = [];
  // Charts in charts/ that no dependency names stay as they are.
  for (const existing of c.dependencies) {
    if (!c.metadata.dependencies.some((r) => r.name === existing.metadata.name)) deps.push(existing);
  }
  for (const req of c.metadata.dependencies) {
    const found = c.dependencies.find((d) => d.metadata.name === req.name);
    if (found) {
      const copy: Chart = req.alias
        ? {
            ...found,
            metadata: { ...found.metadata, name: req.alias },
            dependencies: [...found.dependencies],
          }
        : found;
      if (copy !== found) for (const d of copy.dependencies) d.parent = copy;
      deps.push(copy);
    }
    if (req.alias) req.name = req.alias;
  }
  c.dependencies = deps;
  for (const r of c.metadata.dependencies) r.enabled = true;
  const cvals = coalesceValues(toCoalesce(c), v);
  // Tags
  const tags = table(cvals, 'tags');
  if (tags) {
    for (const r of c.metadata.dependencies) {
      let hasTrue = false;
      let hasFalse = false;
      for (const k of r.tags) {
        const b = tags.get(k);
        if (b === true) hasTrue = true;
        else if (b === false) hasFalse = true;
      }
      if (!hasTrue && hasFalse) r.enabled = false;
      else r.enabled = true;
    }
  }
  // Conditions: the first that resolves to a bool wins.
  for (const r of c.metadata.dependencies) {
    for (const cond of r.condition.trim().split(',')) {
      if (!cond) continue;
      const vv = pathValue(cvals, path + cond);
      if (typeof vv === 'boolean') {
        r.enabled = vv;
        break;
      }
    }
  }
  const removed = new Set(c.metadata.dependencies.filter((r) => !r.enabled).map((r) => r.name));
  const kept = c.dependencies.filter((d) => !removed.has(d.metadata.name));
  for (const t of kept) {
    t.parent = c;
    processDependencyEnabled(t, cvals, `${path}${t.metadata.name}.`);
  }
  c.metadata.dependencies = c.metadata.dependencies.filter((r) => !removed.has(r.name));
  c.dependencies = kept;
}

/** The chart as coalescing sees it (name, values, loaded dependencies). */
interface CoalesceView {
  name: string;
  values: GoMap;
  dependencies: CoalesceView[];
}

function toCoalesce(c: Chart): CoalesceView {
  return { name: c.metadata.name, values: c.values, dependencies: c.dependencies.map(toCoalesce) };
}

function processDependencyImportValues(c: Chart): void {
  for (const d of c.dependencies) processDependencyImportValues(d);
  processImportValues(c);
}

function processImportValues(c: Chart): void {
  if (c.metadata.dependencies.length === 0) return;
  // MergeValues keeps nulls (merge = true), as Helm does here.
  const cvals = coalesceValues(toCoalesce(c), null, true);
  let b: GoMap = new Map();
  for (const r of c.metadata.dependencies) {
    const out: GoValue[] = [];
    for (const riv of r.importValues) {
      if (riv instanceof Map) {
        const child = String(riv.get('child') ?? '<nil>');
        const parent = String(riv.get('parent') ?? '<nil>');
        out.push(
          new Map<string, GoValue>([
            ['child', child],
            ['parent', parent],
          ]),
        );
        const vv = table(cvals, `${r.name}.${child}`);
        if (!vv) continue;
        b = coalesceTables(b, pathToMap(parent, deepCopy(vv) as GoMap), true);
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        out.push(
          new Map<string, GoValue>([
            ['child', child],
            ['parent', '.'],
          ]),
        );
        const vm = table(cvals, `${r.name}.${child}`);
        if (!vm) continue;
        b = coalesceTables(b, deepCopy(vm) as GoMap, true);
      }
    }
    r.importValues = out;
  }
  c.values = coalesceTables(deepCopy(cvals) as GoMap, b, true);
  void trimNils;
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur: GoMap = data;
  for (const k of path.split('.').reverse()) cur = new Map<string, GoValue>([[k, cur]]);
  return cur;
}

export { ChartError, ValuesError };
export const chartDir = (p: string) => dirname(p);
