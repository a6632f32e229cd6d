// The Kustomize part of the render stage: every kustomization folder that discover found is read;
// the leaves (those no other kustomization includes) are built natively, each into one virtual file
// with a source map from rendered offsets back to the patch, base or kustomization line that wrote
// each node. Files used as patches, generator inputs or config are consumed (never linted as objects
// on their own), and so are resources carried by an overlay that built.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type {
  MappedSpan,
  RenderedSource,
  RenderInputText,
  RenderProblem,
  RenderResult,
  SourceMap,
  SourceSpan,
} from '../types.js';
import {
  BuildError,
  Builder,
  displayPath,
  finalize,
  findKustomizationFile,
  type InputFile,
  isMissingTargetError,
  isRemote,
  KUSTOMIZATION_FILES,
  newCache,
  newContext,
  parsedDocs,
  pathKind,
  type SharedCache,
} from './build.js';
import type { PrintedDoc, Segments } from './emit.js';
import type { HelmInflation } from './helmcharts.js';
import { getSeq, getStr, type KNode } from './knode.js';
import type { Res } from './resource.js';

export { KUSTOMIZATION_FILES } from './build.js';

export type KustomizeReport = 'leaves' | 'all' | 'none';

export interface KustomizeStageRequest {
  /** Absolute paths of folders holding a kustomization file. */
  readonly kustomizations: readonly string[];
  /** Repository root: nothing outside it is read. */
  readonly root: string;
  /** Base of the paths findings name (the cwd), or the function that names them. */
  readonly cwd: string | ((abs: string) => string);
  /** Which kustomizations are built and reported (config `kustomize.report`, default `leaves`). */
  readonly report?: KustomizeReport;
}

/** The kustomization folders among discovered files (by absolute path), sorted. */
export function kustomizationDirsOf(absPaths: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const p of absPaths) {
    const base = p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
    if (KUSTOMIZATION_FILES.includes(base)) dirs.add(dirname(p));
  }
  return [...dirs].sort();
}

interface KustInfo {
  readonly dir: string;
  readonly file: string;
  readonly text: string;
  readonly node: KNode | undefined;
  readonly isComponent: boolean;
}

function readInfo(dir: string, display: (abs: string) => string, cache?: SharedCache): KustInfo | undefined {
  const name = findKustomizationFile(dir, cache);
  if (!name) return undefined;
  const file = join(dir, name);
  const ctx = newContext(dir, display, cache);
  let input: InputFile;
  try {
    input = new Builder(ctx).readText(file, { file: display(file), start: 0, end: 0 });
  } catch {
    return undefined;
  }
  let node: KNode | undefined;
  try {
    // The same parse serves the builds (shared through the cache, never changed).
    node = parsedDocs(input, cache)[0]?.node;
  } catch {
    node = undefined;
  }
  return { dir, file, text: input.text, node, isComponent: getStr(node, 'kind') === 'Component' };
}

/** Folders a kustomization includes (resources, bases, components), resolved. */
function includedDirs(k: KustInfo, cache: SharedCache): string[] {
  const out: string[] = [];
  for (const field of ['resources', 'bases', 'components']) {
    for (const e of getSeq(k.node, field)?.items ?? []) {
      if (e.k !== 'scalar' || isRemote(e.v)) continue;
      const abs = resolve(k.dir, e.v);
      // a missing entry is the build's to report
      if (pathKind(abs, cache) === 'dir') out.push(abs);
    }
  }
  return out;
}

/** Files a kustomization reads as patches, generator inputs, replacements or configuration. */
function patchLikeFiles(k: KustInfo): string[] {
  const out: string[] = [];
  const add = (p: string | undefined): void => {
    if (p && !p.includes('\n') && !isRemote(p)) out.push(resolve(k.dir, p));
  };
  for (const e of getSeq(k.node, 'patches')?.items ?? []) add(getStr(e, 'path'));
  for (const e of getSeq(k.node, 'patchesJson6902')?.items ?? []) add(getStr(e, 'path'));
  for (const e of getSeq(k.node, 'patchesStrategicMerge')?.items ?? []) if (e.k === 'scalar') add(e.v);
  for (const e of getSeq(k.node, 'replacements')?.items ?? []) add(getStr(e, 'path'));
  for (const e of getSeq(k.node, 'configurations')?.items ?? []) if (e.k === 'scalar') add(e.v);
  for (const e of getSeq(k.node, 'crds')?.items ?? []) if (e.k === 'scalar') add(e.v);
  add(getStr(k.node, 'openapi', 'path'));
  for (const c of getSeq(k.node, 'helmCharts')?.items ?? []) {
    add(getStr(c, 'valuesFile'));
    for (const f of getSeq(c, 'additionalValuesFiles')?.items ?? []) if (f.k === 'scalar') add(f.v);
  }
  for (const gen of ['configMapGenerator', 'secretGenerator']) {
    for (const g of getSeq(k.node, gen)?.items ?? []) {
      for (const f of getSeq(g, 'files')?.items ?? []) {
        if (f.k !== 'scalar') continue;
        const eq = f.v.indexOf('=');
        add(eq >= 0 ? f.v.slice(eq + 1) : f.v);
      }
      for (const f of getSeq(g, 'envs')?.items ?? []) if (f.k === 'scalar') add(f.v);
      add(getStr(g, 'env'));
    }
  }
  return out;
}

/** One document of a rendered text: its span, its segments and where its object was first written. */
interface DocSpan extends PrintedDoc {
  readonly origin: SourceSpan;
}

/** Segments of one rendered text, looked up by the smallest segment holding a span. */
class KustomizeSourceMap implements SourceMap {
  constructor(
    private readonly segments: Segments,
    private readonly overlay: SourceSpan & { message: string },
    /** In output order (the order they were printed). */
    private readonly docs: readonly DocSpan[],
    /** Charts inflated by helmCharts: origins in their text map on through the chart's own map. */
    private readonly helm: ReadonlyMap<string, HelmInflation> = new Map(),
  ) {}

  /** The document whose span holds `offset` (binary search), if any. */
  private docAt(offset: number): DocSpan | undefined {
    let lo = 0;
    let hi = this.docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.docs[mid]!;
      if (offset < d.start) hi = mid - 1;
      else if (offset >= d.end) lo = mid + 1;
      else return d;
    }
    return undefined;
  }

  lookup(start: number, end: number): MappedSpan | undefined {
    const { starts, ends, origins } = this.segments;
    const doc = this.docAt(start);
    // Only the segments of the document around `start` can hold it (outside every document, none do).
    const from = doc ? doc.segFrom : 0;
    const to = doc ? doc.segTo : starts.length;
    let best = -1;
    for (let i = from; i < to; i++) {
      if (
        starts[i]! <= start &&
        end <= ends[i]! &&
        (best < 0 || ends[i]! - starts[i]! < ends[best]! - starts[best]!)
      )
        best = i;
    }
    // A segment that holds the whole span wrote it: its origin is the node the value came from
    // (the engine checks that it is the same scalar before fixing it there).
    const whole = best >= 0;
    if (best < 0) {
      for (let i = from; i < to; i++) {
        if (
          starts[i]! <= start &&
          start < ends[i]! &&
          (best < 0 || ends[i]! - starts[i]! < ends[best]! - starts[best]!)
        )
          best = i;
      }
    }
    if (best < 0) return undefined;
    const o = origins[best]!;
    let primary: SourceSpan = { file: o.file, start: o.start, end: o.end };
    const related: (SourceSpan & { message: string })[] = [];
    const chart = this.helm.get(o.file);
    let valueAt: MappedSpan['valueAt'] = whole ? primary : undefined;
    if (chart) {
      // A node the chart wrote: the template line (values and include sites related), else Chart.yaml;
      // only the chart's own map may say a values line wrote the value.
      const m = chart.map.lookup(o.start, o.end);
      primary = m ? m.primary : chart.chartYaml;
      valueAt = m?.valueAt;
      if (m) related.push(...m.related);
    }
    const docChart = doc && this.helm.get(doc.origin.file);
    if (docChart) {
      related.push({ ...docChart.at, message: `chart ${docChart.chartName} inflated by helmCharts` });
    } else if (doc && doc.origin.file !== primary.file) {
      related.push({ ...doc.origin, message: `the object comes from ${doc.origin.file}` });
    }
    if (this.overlay.file !== primary.file) related.push(this.overlay);
    return { primary, related, ...(valueAt ? { valueAt } : {}) };
  }
}

/** Builds one kustomization folder into a rendered source (throws BuildError). */
function renderOne(
  info: KustInfo,
  root: string,
  display: (abs: string) => string,
  cache: SharedCache,
): { source: RenderedSource; builder: Builder; resources: Res[] } {
  const ctx = newContext(root, display, cache);
  const builder = new Builder(ctx);
  let resources: Res[];
  try {
    resources = builder.build(info.dir);
  } catch (e) {
    if (e instanceof BuildError) {
      e.remoteSkipped = [...ctx.remoteSkipped];
      e.filesRead = [...ctx.files.values()];
    }
    throw e;
  }
  const { text, segments, docs: docSpans } = finalize(resources);
  const dirPath = display(info.dir) || '.';
  const kfile = display(info.file);
  const firstLineEnd = info.text.indexOf('\n');
  const fallback: SourceSpan = {
    file: kfile,
    start: 0,
    end: firstLineEnd < 0 ? info.text.length : firstLineEnd,
  };
  // Each document's span in the output, with where its object was first written.
  const docs: DocSpan[] = resources.map((r, i) => ({
    ...docSpans[i]!,
    origin: { file: r.origin.file, start: r.origin.start, end: r.origin.end },
  }));
  const overlay = { ...fallback, message: `built by ${kfile}` };
  return {
    source: {
      kind: 'kustomize',
      path: `${dirPath} (kustomize build)`,
      text,
      map: new KustomizeSourceMap(segments, overlay, docs, ctx.helm),
      fallback,
      label: `via ${dirPath}`,
      // Each overlay is its own set of objects (another cluster or namespace): its own model.
      alternative: true,
    },
    builder,
    resources,
  };
}

export function buildKustomizations(req: KustomizeStageRequest): RenderResult {
  return buildWithCharts(req).result;
}

/**
 * The stage's result. Every file an overlay build read is reported wherever it is: the overlays
 * given are the ones the paths linted name, and a base outside those paths reaches the cluster
 * with them.
 */
function overlayResult(
  rendered: RenderedSource[],
  problems: RenderProblem[],
  inputs: ReadonlyMap<string, RenderInputText>,
  consumed: Set<string>,
  notices: string[],
): RenderResult {
  return {
    rendered,
    problems,
    inputs: [...inputs.values()],
    reportedInputs: new Set(inputs.keys()),
    consumed,
    notices,
  };
}

/** The builds, and the charts they inflated whose values.schema.json must accept their values. */
function buildWithCharts(req: KustomizeStageRequest): { result: RenderResult; charts: HelmInflation[] } {
  const charts = new Set<HelmInflation>();
  const report = req.report ?? 'leaves';
  const root = resolve(req.root);
  const cwd = req.cwd;
  const display = typeof cwd === 'string' ? (abs: string) => displayPath(abs, cwd) : cwd;
  const infos = new Map<string, KustInfo>();
  const cache = newCache();
  for (const d of req.kustomizations) {
    const info = readInfo(resolve(d), display, cache);
    if (info) infos.set(info.dir, info);
  }
  const rendered: RenderedSource[] = [];
  const problems: RenderProblem[] = [];
  const inputs = new Map<string, RenderInputText>();
  const consumed = new Set<string>();
  const notices: string[] = [];
  const included = new Set<string>();
  for (const info of infos.values()) {
    for (const d of includedDirs(info, cache)) included.add(d);
    // Patches are never objects of their own, whether or not the overlay builds.
    for (const f of patchLikeFiles(info)) consumed.add(f);
    consumed.add(info.file);
    inputs.set(info.file, { path: display(info.file), absPath: info.file, text: info.text });
  }
  if (report === 'none')
    return { result: overlayResult(rendered, problems, inputs, consumed, notices), charts: [] };
  const targets = [...infos.values()].filter(
    (i) => !i.isComponent && (report === 'all' || !included.has(i.dir)),
  );
  const seenProblems = new Set<string>();
  const problem = (p: RenderProblem): void => {
    const key = `${p.ruleId}\0${p.at.file}\0${p.at.start}\0${p.message}`;
    if (seenProblems.has(key)) return;
    seenProblems.add(key);
    problems.push(p);
  };
  for (const info of targets.sort((a, b) => (a.dir < b.dir ? -1 : 1))) {
    let built: ReturnType<typeof renderOne> | undefined;
    let ctxFiles: Map<string, { abs: string; path: string; text: string }>;
    const dirPath = display(info.dir) || '.';
    try {
      built = renderOne(info, root, display, cache);
      ctxFiles = built.builder.ctx.files;
    } catch (err) {
      // Whatever goes wrong is this overlay's problem, never the whole run's.
      const e =
        err instanceof BuildError
          ? err
          : new BuildError(`unexpected input (${(err as Error).message ?? String(err)})`, {
              file: display(info.file),
              start: 0,
              end: 0,
            });
      // Kubeharden never fetches: a failure that the unfetched remote base explains (a patch with
      // no target) says nothing about the overlay, and is not the repository's fault.
      if (e.remoteSkipped.length && isMissingTargetError(e.message)) {
        const n = `${display(info.file)}: remote resource not fetched (${e.remoteSkipped.join(', ')}); overlay ${dirPath} not checked (${e.message})`;
        if (!notices.includes(n)) notices.push(n);
        continue;
      }
      // The line it points at is shown, and reported, even when the file is no input of a build
      // that worked (a base reached only through a link, say).
      for (const f of e.filesRead)
        if (!inputs.has(f.abs)) inputs.set(f.abs, { path: f.path, absPath: f.abs, text: f.text });
      problem({
        ruleId: 'kustomize-build-error',
        message: `kustomize build ${dirPath} fails: ${e.message}. Everything it would produce is unchecked; fix the kustomization so that it builds`,
        at: e.at.file
          ? { file: e.at.file, start: e.at.start, end: e.at.end }
          : { file: display(info.file), start: 0, end: 0 },
      });
      continue;
    }
    const ctx = built.builder.ctx;
    for (const u of ctx.unsupported)
      problem({ ruleId: 'kustomize-unsupported', message: u.message, at: u.at });
    for (const n of ctx.notices) if (!notices.includes(n)) notices.push(n);
    for (const [abs, f] of ctxFiles) inputs.set(abs, { path: f.path, absPath: abs, text: f.text });
    for (const f of ctx.patchFiles) consumed.add(f);
    // What a reported overlay carries is linted through it, not again on its own.
    for (const f of ctx.includedFiles) consumed.add(f);
    rendered.push(built.source);
    for (const h of ctx.helm.values()) if (h.schemaCheck) charts.add(h);
  }
  return {
    result: overlayResult(rendered, problems, inputs, consumed, notices),
    charts: [...charts],
  };
}

/** values.schema.json of inflated charts, checked as the Helm stage checks it (the validator loads lazily). */
async function checkChartValues(
  result: RenderResult,
  charts: readonly HelmInflation[],
): Promise<RenderResult> {
  if (!charts.length) return result;
  const { validateValues } = await import('../helm/schema.js');
  const problems = [...result.problems];
  const seen = new Set<string>();
  for (const h of charts) {
    for (const v of validateValues(h.schemaCheck!.chart, h.schemaCheck!.values)) {
      const at: SourceSpan = v.at ? { file: v.at.file, start: v.at.start, end: v.at.end } : h.at;
      const key = `${at.file}\0${at.start}\0${v.chart}\0${v.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({
        ruleId: 'helm-values-schema',
        message: `the values of chart ${h.chartName} inflated by ${h.at.file} do not satisfy the values.schema.json of chart ${v.chart}, so helm (and kustomize build --enable-helm) would refuse them: ${v.message}; give a value the schema accepts`,
        at,
      });
    }
  }
  return { ...result, problems };
}

/** A folder with a kustomization file and no Chart.yaml (a chart folder is rendered as a chart). */
export function isKustomizationDir(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch {
    return false;
  }
  return findKustomizationFile(dir) !== undefined && !existsSync(join(dir, 'Chart.yaml'));
}

/** The repository root for a set of kustomizations: the enclosing git work tree, else their common folder. */
export function repositoryRoot(dirs: readonly string[]): string {
  const first = resolve(dirs[0] ?? '.');
  for (let d = first; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) break;
  }
  let common = first;
  for (const d of dirs.slice(1)) {
    while (!isInsideDir(common, resolve(d))) common = dirname(common);
  }
  return common;
}

const isInsideDir = (dir: string, p: string): boolean =>
  p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * The entry src/render/index.ts calls: builds the kustomization folders discover named.
 * `request.kustomizeReport` carries config `kustomize.report`; `request.root`, when given, bounds what
 * is read (default: the git work tree holding them).
 */
export function renderKustomizations(
  dirs: readonly string[],
  request: {
    readonly displayPath: (absPath: string) => string;
    readonly kustomizeReport?: KustomizeReport;
    readonly root?: string;
  },
): Promise<RenderResult> {
  if (!dirs.length) return Promise.resolve(overlayResult([], [], new Map(), new Set(), []));
  const { result, charts } = buildWithCharts({
    kustomizations: dirs,
    root: request.root ?? repositoryRoot(dirs),
    cwd: request.displayPath,
    ...(request.kustomizeReport ? { report: request.kustomizeReport } : {}),
  });
  return checkChartValues(result, charts);
}

export type KustomizeBuildResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string };

/** `kustomize build DIR`, for `kubeharden render` and conformance: the printed YAML or the error. */
export function kustomizeBuild(
  dir: string,
  options: { root?: string; cwd?: string } = {},
): KustomizeBuildResult {
  return buildOne(dir, options).result;
}

function buildOne(
  dir: string,
  options: { root?: string; cwd?: string },
): { result: KustomizeBuildResult; charts: HelmInflation[] } {
  const abs = resolve(dir);
  const ctx = newContext(resolve(options.root ?? abs), options.cwd ?? process.cwd());
  try {
    const list = new Builder(ctx).build(abs);
    // Like `kustomize build --enable-helm` offline: a chart that would be pulled fails the build.
    const helm = ctx.notices.find(
      (n) => n.includes(' would be pulled from ') || n.includes(' takes values from '),
    );
    if (helm) return { result: { ok: false, error: helm }, charts: [] };
    const charts = [...ctx.helm.values()].filter((h) => h.schemaCheck);
    return { result: { ok: true, text: finalize(list).text }, charts };
  } catch (e) {
    if (e instanceof BuildError)
      return { result: { ok: false, error: `${e.at.file}: ${e.message}` }, charts: [] };
    throw e;
  }
}

/**
 * `kustomize build --enable-helm DIR` in full: as kustomizeBuild, and an inflated chart whose
 * values.schema.json refuses its values fails, as `helm template` does (the validator loads lazily).
 */
export async function kustomizeBuildChecked(
  dir: string,
  options: { root?: string; cwd?: string } = {},
): Promise<KustomizeBuildResult> {
  const { result, charts } = buildOne(dir, options);
  if (!result.ok || !charts.length) return result;
  const { validateValues } = await import('../helm/schema.js');
  for (const h of charts) {
    const bad = validateValues(h.schemaCheck!.chart, h.schemaCheck!.values);
    if (!bad.length) continue;
    const lines = bad.map((v) => `${v.chart}: ${v.message}`);
    return {
      ok: false,
      error: `${h.at.file}: helmCharts: helm template ${h.chartName} fails: values don't meet the specifications of the schema(s): ${lines.join('; ')}`,
    };
  }
  return result;
}
