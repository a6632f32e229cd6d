// `helmCharts` of a kustomization, inflated as kustomize's HelmChartInflationGenerator does
// (`kustomize build --enable-helm`, api/internal/builtins/HelmChartInflationGenerator.go), but with
// kubeharden's own Helm renderer instead of a `helm template` process: the chart must already be in
// chartHome (kustomize would `helm pull` it; kubeharden never fetches). The rendered text is kept as a
// virtual file whose source map leads back to the chart's template and values lines.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  clearEntryProvenance,
  type GoMap,
  type GoValue,
  getEntryProvenance,
  getProvenance,
  setEntryProvenance,
  setProvenance,
} from '../gotemplate/values.js';
import type { Chart } from '../helm/chart.js';
import { type HelmRenderResult, renderChart } from '../helm/render.js';
import { chartOwnFiles, HelmSourceMap } from '../helm/stage.js';
import { mergeMaps, parseValues, ValuesError } from '../helm/values.js';
import type { SourceMap } from '../types.js';
import { get, getMap, getSeq, getStr, type KMap, type KNode, type Origin, toPlain } from './knode.js';

/** One `helmCharts` entry, with the fields kustomize reads (types.HelmChart). */
interface HelmChartEntry {
  readonly name: string;
  readonly version: string;
  readonly repo: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly valuesFile: string;
  readonly additionalValuesFiles: readonly string[];
  /** The `valuesInline` node, when it has entries. */
  readonly valuesInline: KMap | undefined;
  readonly valuesMerge: string;
  readonly includeCRDs: boolean;
  readonly skipHooks: boolean;
  readonly skipTests: boolean;
  readonly apiVersions: readonly string[];
  readonly kubeVersion: string;
  readonly nameTemplate: string;
  /** The entry in the kustomization (build errors point at it). */
  readonly at: Origin;
}

/** What the builder lends the inflation: reading files as it does, failing as it does. */
export interface HelmHost {
  /** Repository root: nothing outside it is read. */
  readonly root: string;
  /** The kustomization folder (kustomize's loader root). */
  readonly dir: string;
  readonly kustomization: { readonly abs: string; readonly path: string; readonly text: string };
  readonly node: KMap;
  readonly display: (abs: string) => string;
  /** Shared for one lint run: a chart inflated for several overlays renders once. */
  readonly cache: object | undefined;
  /** Reads a repository file as the builder does (recorded as an input; throws a build error). */
  readText(abs: string, at: Origin): { readonly abs: string; readonly path: string; readonly text: string };
  /** Records a file the render read (templates, values) as an input the findings may point into. */
  addInput(abs: string, text: string): void;
  /** Marks a file as the chart's own (values, ci/, vendored subcharts): not linted on its own. */
  consume(abs: string): void;
  fail(message: string, at: Origin): never;
  /** A chart that is not on disk and would be pulled: skipped, as remote resources are. */
  remote(ref: string, message: string): void;
}

/** One inflated chart: its `helm template` text as a virtual file, with the map back to the chart. */
export interface HelmInflation {
  /** The virtual file's name (origins of the inflated nodes name it). */
  readonly path: string;
  readonly text: string;
  readonly map: SourceMap;
  /** The helmCharts entry that inflated it. */
  readonly at: Origin;
  /** The chart's Chart.yaml, where a node no template line wrote lands. */
  readonly chartYaml: Origin;
  readonly chartName: string;
  /** The repository files it read (Chart.yaml, templates, values): render inputs, consumed. */
  readonly files: readonly { readonly abs: string; readonly text: string }[];
  /**
   * The chart and the values its templates saw, when a values.schema.json must accept them (`helm
   * template` refuses values it does not); checked by the stage, which loads the validator lazily.
   */
  readonly schemaCheck?: { readonly chart: Chart; readonly values: GoMap };
}

function hasSchema(c: Chart): boolean {
  return c.schema !== undefined || c.dependencies.some(hasSchema);
}

const renders = new WeakMap<object, Map<string, HelmInflation>>();

/** The charts a kustomization inflates, in kustomize's order (helmCharts, then the deprecated field). */
function entries(node: KMap): { charts: HelmChartEntry[]; chartHome: string } {
  const str = (n: KNode | undefined, key: string): string => getStr(n, key) ?? '';
  const bool = (n: KNode | undefined, key: string): boolean => toPlain(get(n, key)) === true;
  const strs = (n: KNode | undefined, key: string): string[] =>
    (getSeq(n, key)?.items ?? []).flatMap((i) => (i.k === 'scalar' ? [i.v] : []));
  const inline = (n: KNode | undefined, key: string): KMap | undefined => {
    const m = getMap(n, key);
    return m && m.m.size > 0 ? m : undefined;
  };
  const charts: HelmChartEntry[] = [];
  for (const e of getSeq(node, 'helmCharts')?.items ?? []) {
    if (e.k !== 'map') continue;
    charts.push({
      name: str(e, 'name'),
      version: str(e, 'version'),
      repo: str(e, 'repo'),
      releaseName: str(e, 'releaseName'),
      namespace: str(e, 'namespace'),
      valuesFile: str(e, 'valuesFile'),
      additionalValuesFiles: strs(e, 'additionalValuesFiles'),
      valuesInline: inline(e, 'valuesInline'),
      valuesMerge: str(e, 'valuesMerge'),
      includeCRDs: bool(e, 'includeCRDs'),
      skipHooks: bool(e, 'skipHooks'),
      skipTests: bool(e, 'skipTests'),
      apiVersions: strs(e, 'apiVersions'),
      kubeVersion: str(e, 'kubeVersion'),
      nameTemplate: str(e, 'nameTemplate'),
      at: e.o ?? { file: '', start: 0, end: 0 },
    });
  }
  // types.SplitHelmParameters: the deprecated form, whose last non-empty chartHome is the global one.
  let oldHome = '';
  for (const e of getSeq(node, 'helmChartInflationGenerator')?.items ?? []) {
    if (e.k !== 'map') continue;
    if (str(e, 'chartHome')) oldHome = str(e, 'chartHome');
    charts.push({
      name: str(e, 'chartName'),
      version: str(e, 'chartVersion'),
      repo: str(e, 'chartRepoUrl'),
      releaseName: str(e, 'releaseName'),
      namespace: '',
      valuesFile: str(e, 'values'),
      additionalValuesFiles: [],
      valuesInline: inline(e, 'valuesLocal'),
      valuesMerge: str(e, 'valuesMerge'),
      includeCRDs: false,
      skipHooks: false,
      skipTests: false,
      apiVersions: [],
      kubeVersion: '',
      nameTemplate: '',
      at: e.o ?? { file: '', start: 0, end: 0 },
    });
  }
  const globals = get(node, 'helmGlobals');
  const chartHome = globals ? str(globals, 'chartHome') : oldHome;
  return { charts, chartHome: chartHome || 'charts' };
}

const isInside = (dir: string, p: string): boolean => {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Inflates every chart of the kustomization (throws through `host.fail`). */
export function inflateHelmCharts(host: HelmHost): HelmInflation[] {
  const { charts, chartHome } = entries(host.node);
  const out: HelmInflation[] = [];
  charts.forEach((c, i) => {
    const inflated = inflateOne(host, c, chartHome, i);
    if (inflated) out.push(inflated);
  });
  return out;
}

function inflateOne(
  host: HelmHost,
  c: HelmChartEntry,
  chartHome: string,
  index: number,
): HelmInflation | undefined {
  if (!c.name) host.fail('helmCharts: chart name cannot be empty', c.at);
  const merge = c.valuesMerge || 'override';
  if (!['merge', 'override', 'replace'].includes(merge)) {
    host.fail(`helmCharts: valuesMerge must be one of [merge override replace], not ${merge}`, c.at);
  }
  // absChartHome: a versioned chart pulled from a repo lives in <chartHome>/<name>-<version>.
  const home = resolve(host.dir, chartHome);
  const absHome = c.version && c.repo ? join(home, `${c.name}-${c.version}`) : home;
  const chartDir = join(absHome, c.name);
  if (!isDir(chartDir)) {
    if (!c.repo) host.fail("helmCharts: no repo specified for pull, no chart found at ''", c.at);
    host.remote(
      `${c.repo} ${c.name}${c.version ? ` ${c.version}` : ''}`,
      `${host.kustomization.path}: chart ${c.name} is not in ${host.display(absHome) || '.'} and would be pulled from ${c.repo}; skipped (kubeharden never fetches: run \`helm pull --untar --untardir ${host.display(absHome) || '.'} ${c.repo.startsWith('oci://') ? `${c.repo.replace(/\/$/, '')}/${c.name}` : `--repo ${c.repo} ${c.name}`}${c.version ? ` --version ${c.version}` : ''}\` and commit it to lint it)`,
    );
    return undefined;
  }
  if (!isInside(host.root, chartDir))
    host.fail(`helmCharts: chart ${c.name} is outside the repository root; not read`, c.at);
  if (c.releaseName && c.nameTemplate) {
    host.fail('helmCharts: helm template fails: cannot set --name-template and also specify a name', c.at);
  }
  const key = `${host.kustomization.abs}\0${index}`;
  const memo = host.cache ? renders.get(host.cache) : undefined;
  const had = memo?.get(key);
  if (had) {
    for (const f of had.files) host.addInput(f.abs, f.text);
    for (const f of chartOwnFiles(chartDir)) host.consume(f);
    return had;
  }
  const files: { abs: string; text: string }[] = [];
  // The values file kustomize hands helm: the chart's values.yaml unless valuesFile names another,
  // loaded as kustomize's loader does (under the kustomization folder).
  const valuesFile = c.valuesFile ? resolve(host.dir, c.valuesFile) : join(chartDir, 'values.yaml');
  // kustomize's loader would fetch a values file given as a URL; kubeharden never fetches.
  const remoteValues = [c.valuesFile, ...c.additionalValuesFiles].find((f) => /^https?:\/\//.test(f));
  if (remoteValues) {
    host.remote(
      remoteValues,
      `${host.kustomization.path}: chart ${c.name} takes values from ${remoteValues}; skipped (kubeharden never fetches: commit the values file and name it in valuesFile to lint the chart)`,
    );
    return undefined;
  }
  const loadValues = (abs: string, at: Origin): GoMap => {
    if (!isInside(host.dir, abs)) {
      host.fail(
        `helmCharts: security; file '${host.display(abs)}' is not in or below '${host.display(host.dir) || '.'}'`,
        at,
      );
    }
    const f = host.readText(abs, at);
    files.push(f);
    try {
      return parseValues({ file: f.path, text: f.text });
    } catch (e) {
      host.fail(`helmCharts: values file ${f.path}: ${(e as Error).message}`, at);
    }
  };
  let values: GoMap;
  if (!c.valuesInline) values = loadValues(valuesFile, c.at);
  else {
    const inline = inlineValues(host, c.valuesInline, c.at);
    if (merge === 'replace') values = inline;
    // merge2.Merge(src, dest): src wins; `override` lets valuesInline win, `merge` the values file.
    else if (merge === 'override') values = kyamlMerge(loadValues(valuesFile, c.at), inline);
    else values = kyamlMerge(inline, loadValues(valuesFile, c.at));
  }
  for (const f of c.additionalValuesFiles) values = mergeMaps(values, loadValues(resolve(host.dir, f), c.at));
  const r = renderChart(chartDir, {
    releaseName: c.releaseName || 'release-name',
    ...(c.nameTemplate ? { nameTemplate: c.nameTemplate } : {}),
    namespace: c.namespace || 'default',
    values,
    ...(c.kubeVersion ? { kubeVersion: c.kubeVersion } : {}),
    apiVersions: c.apiVersions,
    includeCrds: c.includeCRDs,
    skipTests: c.skipTests,
    noHooks: c.skipHooks,
    // `helm template` refuses a chart whose dependencies are not vendored in charts/.
    resolveLocalDependencies: false,
    displayPath: host.display,
    limits: { timeoutMs: 20_000, maxOutput: 32 * 1024 * 1024, maxDepth: 200 },
  });
  if (r.error) host.fail(`helmCharts: helm template ${c.name} fails: ${r.error.goMessage}`, c.at);
  const chartYamlAbs = join(chartDir, existsSync(join(chartDir, 'Chart.yaml')) ? 'Chart.yaml' : 'Chart.yml');
  const chartYamlFile = host.readText(chartYamlAbs, c.at);
  // Consumed with the templates: the chart is linted through this kustomization, not on its own.
  files.push(chartYamlFile, ...chartInputs(r));
  const chartYaml: Origin = { file: chartYamlFile.path, start: 0, end: 0 };
  const inflation: HelmInflation = {
    path: `${host.display(chartDir) || '.'} (helm template for ${host.kustomization.path} #${index + 1})`,
    text: r.text,
    map: new HelmSourceMap(r, host.display),
    at: c.at,
    chartYaml,
    chartName: c.name,
    files,
    ...(r.chart && r.values && hasSchema(r.chart)
      ? { schemaCheck: { chart: r.chart, values: r.values } }
      : {}),
  };
  if (host.cache) {
    const m = renders.get(host.cache) ?? new Map<string, HelmInflation>();
    renders.set(host.cache, m);
    m.set(key, inflation);
  }
  for (const f of files) host.addInput(f.abs, f.text);
  for (const f of chartOwnFiles(chartDir)) host.consume(f);
  return inflation;
}

/** The chart's files a finding may point into: templates and values files. */
function chartInputs(r: HelmRenderResult): { abs: string; text: string }[] {
  const out: { abs: string; text: string }[] = [];
  for (const [, t] of r.templates) if (t.absPath) out.push({ abs: t.absPath, text: t.text });
  const addValues = (c: NonNullable<HelmRenderResult['chart']>): void => {
    if (c.valuesFile?.absPath) out.push({ abs: c.valuesFile.absPath, text: c.valuesFile.text });
    for (const d of c.dependencies) addValues(d);
  };
  if (r.chart) addValues(r.chart);
  return out;
}

/**
 * `valuesInline` as Helm reads a values file, with provenance into the kustomization: the text of
 * the kustomization with everything outside the mapping blanked (line breaks kept), so that offsets
 * of the parsed values are offsets in the kustomization file.
 */
function inlineValues(host: HelmHost, node: KMap, at: Origin): GoMap {
  const text = host.kustomization.text;
  const o = node.o;
  if (!o || o.file !== host.kustomization.path || o.end <= o.start) {
    return parseValues({ file: host.kustomization.path, text: JSON.stringify(toPlain(node)) });
  }
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  // The mapping starts at its first key: the columns before it are indentation of that line.
  const lineStart = text.lastIndexOf('\n', o.start - 1) + 1;
  const masked =
    blank(text.slice(0, lineStart)) + ' '.repeat(o.start - lineStart) + text.slice(o.start, o.end);
  try {
    return parseValues({ file: host.kustomization.path, text: masked });
  } catch (e) {
    if (e instanceof ValuesError) host.fail(`helmCharts: valuesInline: ${e.message}`, at);
    throw e;
  }
}

/**
 * kyaml's merge2.Merge of two values trees (`src` over `dest`): maps merge field by field, a null
 * in `src` removes the field, anything else in `src` (scalars, lists) replaces. Provenance comes along.
 */
export function kyamlMerge(dest: GoMap, src: GoMap): GoMap {
  const out: GoMap = new Map();
  const copy = (from: GoMap, k: string, v: GoValue): void => {
    out.set(k, v);
    const p = getEntryProvenance(from, k);
    if (p) setEntryProvenance(out, k, p);
    else clearEntryProvenance(out, k);
  };
  for (const [k, v] of dest) copy(dest, k, v);
  for (const [k, v] of src) {
    const d = out.get(k);
    if (v === null) {
      out.delete(k);
      clearEntryProvenance(out, k);
    } else if (v instanceof Map && d instanceof Map) {
      out.set(k, kyamlMerge(d, v));
    } else copy(src, k, v);
  }
  const p = getProvenance(src) ?? getProvenance(dest);
  if (p) setProvenance(out, p);
  return out;
}
