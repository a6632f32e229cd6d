// The Helm part of the render stage: each chart found by discover is rendered once with its
// values.yaml and once more per ci/*-values.yaml (chart-testing's convention), each render becoming a
// virtual file with a source map from rendered offsets back to template and values lines.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import type { Segment } from '../gotemplate/values.js';
import type {
  MappedSpan,
  RenderedSource,
  RenderInputText,
  RenderProblem,
  RenderResult,
  SourceMap,
  SourceSpan,
} from '../types.js';
import { type HelmRenderOptions, type HelmRenderResult, type OutputPiece, renderChart } from './render.js';

/** Per-chart settings from `.kubeharden.yaml` (`helm.charts[]`), already matched to the chart. */
export interface ChartSettings {
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  readonly apiVersions?: readonly string[];
}

export interface HelmStageRequest {
  /** Absolute paths of chart folders to render. */
  readonly charts: readonly string[];
  readonly displayPath: (absPath: string) => string;
  /** Files preferred as a finding's primary location (the paths linted). */
  readonly inScope?: (absPath: string) => boolean;
  /** Settings for a chart folder (absolute path), from config. */
  readonly settingsFor?: (chartDir: string) => ChartSettings | undefined;
  /** Values files and --set for every chart (the CLI's `--values`/`--set` with one chart). */
  readonly extra?: Pick<HelmRenderOptions, 'valueFiles' | 'set' | 'setString' | 'setFile'>;
}

function hasSchema(c: NonNullable<HelmRenderResult['chart']>): boolean {
  return c.schema !== undefined || c.dependencies.some(hasSchema);
}

export async function renderCharts(req: HelmStageRequest): Promise<RenderResult> {
  const rendered: RenderedSource[] = [];
  const problems: RenderProblem[] = [];
  const inputs = new Map<string, RenderInputText>();
  const reportedInputs = new Set<string>();
  const consumed = new Set<string>();
  const notices: string[] = [];
  for (const dir of req.charts) {
    const chartYaml = join(dir, existsSync(join(dir, 'Chart.yaml')) ? 'Chart.yaml' : 'Chart.yml');
    // What a chart linted reads is reported wherever it is (a file:// dependency outside the paths
    // linted is installed with it); what a chart that is only context reads is not.
    const linted = req.inScope?.(dir) ?? true;
    const read = (abs: string, text?: string) => {
      addInput(inputs, abs, req.displayPath, text);
      if (linted && inputs.has(abs)) reportedInputs.add(abs);
    };
    read(chartYaml);
    for (const f of chartOwnFiles(dir)) consumed.add(f);
    // A library chart renders nothing by itself; its helpers are rendered through the charts using it.
    if (/^type:\s*["']?library["']?\s*$/im.test(inputs.get(chartYaml)?.text ?? '')) continue;
    const settings = req.settingsFor?.(dir);
    const ciFiles = ciValuesFiles(dir);
    const runs: { label: string; files: string[] }[] = [{ label: '', files: [] }];
    for (const f of ciFiles) runs.push({ label: `ci/${f}`, files: [join(dir, 'ci', f)] });
    const seenProblems = new Set<string>();
    for (const run of runs) {
      const options: HelmRenderOptions = {
        displayPath: req.displayPath,
        valueFiles: [...(settings?.values ?? []), ...run.files, ...(req.extra?.valueFiles ?? [])],
        set: [...(settings?.set ?? []), ...(req.extra?.set ?? [])],
        setString: req.extra?.setString ?? [],
        setFile: req.extra?.setFile ?? [],
        ...(settings?.releaseName ? { releaseName: settings.releaseName } : {}),
        // Without a release namespace, `helm template` says `default`, but the chart is installed
        // into whatever namespace `helm -n` names: a stand-in of the same length marks what came
        // from it (see unsetReleaseNamespace).
        namespace: settings?.namespace || RELEASE_NAMESPACE_STANDIN,
        ...(settings?.kubeVersion ? { kubeVersion: settings.kubeVersion } : {}),
        ...(settings?.apiVersions ? { apiVersions: settings.apiVersions } : {}),
        limits: { timeoutMs: 20_000, maxOutput: 32 * 1024 * 1024, maxDepth: 200 },
      };
      for (const f of options.valueFiles ?? []) read(f);
      const r = renderChart(dir, options);
      const name = r.chart?.metadata.name ?? req.displayPath(dir);
      const label = run.label ? `chart ${name} with ${run.label}` : `chart ${name}`;
      const fallback: SourceSpan = { file: req.displayPath(chartYaml), start: 0, end: 0 };
      for (const [, t] of r.templates) if (t.absPath) read(t.absPath, t.text);
      if (r.chart) readChartValues(r.chart, read);
      for (const p of r.problems) {
        const key = `${p.ruleId}\0${p.message}`;
        if (seenProblems.has(key)) continue;
        seenProblems.add(key);
        problems.push({
          ruleId: p.ruleId,
          message: p.message,
          at: dependencyLine(inputs, chartYaml, p.message, fallback),
        });
      }
      if (r.chart && r.values && hasSchema(r.chart)) {
        const { validateValues } = await import('./schema.js');
        for (const v of validateValues(r.chart, r.values)) {
          const at: SourceSpan = v.at ? { file: v.at.file, start: v.at.start, end: v.at.end } : fallback;
          const message = `the values of ${label} do not satisfy the values.schema.json of chart ${v.chart}, so helm would refuse to install: ${v.message}`;
          const key = `helm-values-schema\0${at.file}\0${at.start}\0${v.chart}\0${v.message}`;
          if (seenProblems.has(key)) continue;
          seenProblems.add(key);
          problems.push({ ruleId: 'helm-values-schema', message, at });
        }
      }
      if (r.error) {
        problems.push({
          ruleId: 'helm-render-error',
          message: `${label} does not render: ${r.error.goMessage}`,
          at: errorSpan(r, req.displayPath) ?? fallback,
        });
        continue;
      }
      rendered.push({
        kind: 'helm',
        path: `${req.displayPath(dir) || '.'} (helm template${run.label ? ` -f ${run.label}` : ''})`,
        text: settings?.namespace ? r.text : unsetReleaseNamespace(r.text),
        map: new HelmSourceMap(r, req.displayPath, req.inScope),
        fallback,
        label,
        ...(run.label ? { alternative: true } : {}),
      });
    }
  }
  return { rendered, problems, inputs: [...inputs.values()], reportedInputs, consumed, notices };
}

/**
 * Stands in for the release namespace `default` when none was given: as long as `default`, so every
 * offset of the rendered text (and its source map) holds when it is put back.
 */
export const RELEASE_NAMESPACE_STANDIN = 'kh-rns0';

/**
 * The rendered text as `helm template` prints it, except that a top-level `metadata.namespace`
 * written only from the release namespace is blanked (`""`, padded to the same length): the object
 * goes to the namespace the chart is installed into, which the tree does not say, not `default`.
 * Everywhere else the stand-in becomes `default` again.
 */
export function unsetReleaseNamespace(text: string): string {
  if (!text.includes(RELEASE_NAMESPACE_STANDIN)) return text;
  const out = text.split(RELEASE_NAMESPACE_STANDIN).join('default');
  const blanks: [number, number][] = [];
  try {
    for (const doc of parseAllDocuments(text)) {
      if (!('contents' in doc) || !isMap(doc.contents)) continue;
      const metadata = doc.contents.get('metadata', true);
      if (!isMap(metadata)) continue;
      const ns = metadata.get('namespace', true);
      if (isScalar(ns) && ns.value === RELEASE_NAMESPACE_STANDIN && ns.range)
        blanks.push([ns.range[0], ns.range[1]]);
    }
  } catch {
    return out;
  }
  let result = out;
  for (const [start, end] of blanks) {
    if (end - start < 2) continue;
    result = `${result.slice(0, start)}""${' '.repeat(end - start - 2)}${result.slice(end)}`;
  }
  return result;
}

function addInput(
  inputs: Map<string, RenderInputText>,
  abs: string,
  displayPath: (p: string) => string,
  text?: string,
) {
  if (inputs.has(abs)) return;
  try {
    inputs.set(abs, { path: displayPath(abs), absPath: abs, text: text ?? readFileSync(abs, 'utf8') });
  } catch {
    // unreadable: findings fall back to Chart.yaml
  }
}

function readChartValues(
  c: NonNullable<HelmRenderResult['chart']>,
  read: (abs: string, text?: string) => void,
) {
  if (c.valuesFile?.absPath) read(c.valuesFile.absPath, c.valuesFile.text);
  for (const d of c.dependencies) readChartValues(d, read);
}

/** Files that belong to the chart itself (not linted on their own): metadata, values, ci/, charts/. */
export function chartOwnFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  for (const n of [
    'Chart.yaml',
    'Chart.yml',
    'Chart.lock',
    'requirements.yaml',
    'requirements.lock',
    'values.yaml',
    'values.schema.json',
  ]) {
    out.push(join(dir, n));
  }
  try {
    for (const n of readdirSync(dir)) if (/^values.*\.ya?ml$/.test(n)) out.push(join(dir, n));
  } catch {
    // not a folder
  }
  walk(join(dir, 'ci'));
  walk(join(dir, 'charts'));
  walk(join(dir, 'templates'));
  return out;
}

function ciValuesFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'ci'))
      .filter((n) => /-values\.ya?ml$/.test(n))
      .sort();
  } catch {
    return [];
  }
}

function dependencyLine(
  inputs: Map<string, RenderInputText>,
  chartYaml: string,
  message: string,
  fallback: SourceSpan,
): SourceSpan {
  const text = inputs.get(chartYaml)?.text;
  const name = /dependency "([^"]+)"/.exec(message)?.[1];
  if (!text || !name) return fallback;
  const re = new RegExp(
    `^(\\s*-?\\s*name:\\s*["']?)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`,
    'm',
  );
  const m = re.exec(text);
  if (!m) return fallback;
  const start = m.index + m[1]!.length;
  return { file: fallback.file, start, end: start + name.length };
}

function errorSpan(r: HelmRenderResult, displayPath: (p: string) => string): SourceSpan | undefined {
  const e = r.error;
  if (!e?.template) return undefined;
  const src = r.templates.get(e.template);
  if (!src?.absPath) return undefined;
  const file = displayPath(src.absPath);
  if (e.offset !== undefined) return { file, start: e.offset, end: lineEnd(src.text, e.offset) };
  if (e.line) {
    let off = 0;
    for (let l = 1; l < e.line && off >= 0; l++) off = src.text.indexOf('\n', off) + 1;
    if (off < 0) off = 0;
    return { file, start: off, end: lineEnd(src.text, off) };
  }
  return { file, start: 0, end: lineEnd(src.text, 0) };
}

function lineEnd(text: string, off: number): number {
  const e = text.indexOf('\n', off);
  return e < 0 ? text.length : e;
}

/** Maps offsets of a rendered chart back to template lines, include sites and values lines. */
export class HelmSourceMap implements SourceMap {
  constructor(
    private readonly r: HelmRenderResult,
    private readonly displayPath: (p: string) => string,
    private readonly inScope: (absPath: string) => boolean = () => true,
  ) {}

  lookup(start: number, end: number): MappedSpan | undefined {
    void end;
    const piece = findPiece(this.r.pieces, start);
    if (!piece) return undefined;
    const local = start - piece.outStart + piece.templateOffset;
    const localEnd = Math.min(end, piece.outEnd) - piece.outStart + piece.templateOffset;
    const seg = findSegment(piece.segments, local);
    if (!seg) return undefined;
    // Literal template text is copied as it is: map the exact columns inside it.
    const exact =
      seg.kind === 'text' && local >= seg.outStart && local < seg.outEnd
        ? {
            start: seg.start + (local - seg.outStart),
            end: seg.start + (Math.min(localEnd, seg.outEnd) - seg.outStart),
          }
        : undefined;
    const related: (SourceSpan & { message: string })[] = [];
    // Innermost frame in a file of the repository: the segment's own node, else the nearest
    // include/template call site that is (a helper of an archived dependency is not in the repo).
    const frames: { template: string; start: number; end: number; kind?: string }[] = [
      { template: seg.template, start: exact?.start ?? seg.start, end: exact?.end ?? seg.end },
      ...[...seg.stack]
        .reverse()
        .map((c) => ({ template: c.template, start: c.start, end: c.end, kind: c.kind })),
    ];
    // The innermost frame in the paths linted; failing that, the innermost in the repository.
    const onDisk = frames.filter((f) => this.r.templates.get(f.template)?.absPath);
    const chosen = onDisk.find((f) => this.inScope(this.r.templates.get(f.template)!.absPath!)) ?? onDisk[0];
    let primary: SourceSpan | undefined;
    for (const f of onDisk) {
      const span = {
        file: this.displayPath(this.r.templates.get(f.template)!.absPath!),
        start: f.start,
        end: f.end,
      };
      if (f === chosen) primary = span;
      else
        related.push({
          ...span,
          message: f.kind ? `${f.kind} call in ${f.template}` : `written by ${f.template}`,
        });
    }
    if (seg.value?.file) {
      related.unshift({
        file: seg.value.file,
        start: seg.value.start,
        end: seg.value.end,
        message: `value ${valuePath(seg.value.path)}${seg.value.origin ? ` (${seg.value.origin})` : ''}`,
      });
    }
    // The rendered span is the printed value itself, read from a values file (not --set): the
    // place a fix of that value is made.
    const v = seg.value;
    const valueAt =
      v?.file && !v.origin && seg.kind === 'action' && local >= seg.outStart && localEnd <= seg.outEnd
        ? {
            file: v.file,
            start: v.start,
            end: v.end,
            ...(typeof v.path[v.path.length - 1] === 'string'
              ? { key: v.path[v.path.length - 1] as string }
              : {}),
          }
        : undefined;
    if (!primary && seg.value?.file) {
      const [first, ...rest] = related;
      return { primary: first!, related: rest, ...(valueAt ? { valueAt } : {}) };
    }
    if (!primary) return undefined;
    return { primary, related, ...(valueAt ? { valueAt } : {}) };
  }
}

/** `securityContext.capabilities.add[0]`. */
function valuePath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

function findPiece(pieces: readonly OutputPiece[], off: number): OutputPiece | undefined {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = pieces[mid]!;
    if (off < p.outStart) hi = mid - 1;
    else if (off >= p.outEnd) lo = mid + 1;
    else return p;
  }
  return undefined;
}

/** The segment holding `off`, else the nearest one before it (text no node wrote, such as indentation). */
function findSegment(segs: readonly Segment[], off: number): Segment | undefined {
  let lo = 0;
  let hi = segs.length - 1;
  let best: Segment | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid]!;
    if (s.outStart <= off) {
      best = s;
      if (off < s.outEnd) return s;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best ?? segs[0];
}
