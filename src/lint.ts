// The pipeline, top-down: discover → load → model → rules → findings. Faces (CLI, Action, hook)
// call this and decide what to print; nothing here prints or exits.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { type DiscoveredFile, type Discovery, discover, displayPath } from './discover/index.js';
import {
  type Config,
  compareFindings,
  defaultConfig,
  type Finding,
  fileSettingFor,
  findConfigFile,
  fixFile,
  helmSettingsFor,
  loadConfigFile,
  mapRenderedFindings,
  type Rule,
  renderTexts,
  resolveRules,
  runRules,
} from './engine/index.js';
import { kicsDirectives } from './engine/peer-suppressions.js';
import {
  loadSource,
  loadText,
  readSource,
  releaseText,
  type SourceFile,
  type SourceText,
  settleLoadSession,
  startLoadSession,
} from './load/index.js';
import { isKubeadmPatchFile } from './load/kubeadm-patches.js';
import { type Loading, startLoading } from './load/parallel.js';
import { Model } from './model/index.js';
import { EMPTY_RENDER, type RenderRequest, type RenderResult, renderAll } from './render/index.js';

export interface LintRequest {
  /** Files and folders to lint; `-` reads standard input. Default `.`. */
  readonly paths: readonly string[];
  readonly cwd?: string;
  /** An explicit config file; otherwise `.kubeharden.yaml` is looked up from the first path upwards. */
  readonly configPath?: string;
  /** A config already loaded (tests, the Action); wins over configPath. */
  readonly config?: Config;
  /** Text of standard input when `-` is among the paths. */
  readonly stdinText?: string;
  /** Bytes of standard input (decoded as kubectl decodes them), or why it could not be read; wins over stdinText. */
  readonly stdin?: Uint8Array | { readonly error: string };
  readonly kubernetesVersion?: string;
  /** Report findings only for files this accepts (the rest of the tree is context). */
  readonly reportFilter?: (path: string) => boolean;
  /** Extra folders loaded as context for cross-resource rules (findings there are not reported). */
  readonly contextPaths?: readonly string[];
  /** Values files and --set for the chart(s) linted (the CLI's `--values`/`--set`). */
  readonly helm?: RenderRequest['helmExtra'];
}

export interface LintResult {
  readonly findings: Finding[];
  /** Text and line starts of every file read (for code frames and suggestions); not the trees. */
  readonly files: readonly SourceText[];
  readonly notices: readonly string[];
  readonly missing: readonly string[];
  /** The files found on disk for the paths given (not context), for `--fix`. */
  readonly inputs: readonly DiscoveredFile[];
  readonly config: Config;
  readonly rules: readonly Rule[];
  /** How long each stage took, in order (the CLI prints them under `KUBEHARDEN_TIMINGS=1`). */
  readonly timings: readonly StageTiming[];
}

export interface StageTiming {
  readonly stage: string;
  readonly ms: number;
}

/** Wall-clock time per stage: each mark ends a stage begun at the last one. */
function stageClock(): { readonly timings: StageTiming[]; mark(stage: string): void } {
  let last = performance.now();
  const timings: StageTiming[] = [];
  return {
    timings,
    mark(stage) {
      const now = performance.now();
      timings.push({ stage, ms: now - last });
      last = now;
    },
  };
}

export function loadConfigFor(request: Pick<LintRequest, 'paths' | 'cwd' | 'configPath' | 'config'>): Config {
  const cwd = request.cwd ?? process.cwd();
  if (request.config) return request.config;
  const configPath =
    request.configPath ?? findConfigFile(resolve(cwd, request.paths.find((p) => p !== '-') ?? '.'));
  return configPath ? loadConfigFile(resolve(cwd, configPath), builtinRules) : defaultConfig(cwd);
}

export async function lint(request: LintRequest): Promise<LintResult> {
  const clock = stageClock();
  const cwd = request.cwd ?? process.cwd();
  const config = loadConfigFor(request);
  const discoverOpts = { cwd, include: config.include, exclude: config.exclude };
  const found: Discovery = discover(request.paths, discoverOpts);
  const contexts = (request.contextPaths ?? []).map((p) => discover([p], discoverOpts));
  clock.mark('discover');
  // The files to load, in order: each once, kubeadm patch files aside (not objects). The render
  // stage may read some of them as chart or overlay inputs: those are dropped from the load after.
  const once = new Set<string>();
  const kubeadmConfigDirs = new Map<string, boolean>();
  const lintCandidates: DiscoveredFile[] = [];
  const kubeadmCandidates = new Set<string>();
  for (const f of found.files) {
    if (once.has(f.absPath)) continue;
    once.add(f.absPath);
    if (isKubeadmPatchFile(f.absPath, kubeadmConfigDirs)) kubeadmCandidates.add(f.absPath);
    lintCandidates.push(f);
  }
  const contextCandidates: DiscoveredFile[] = [];
  for (const ctx of contexts) {
    for (const f of ctx.files) {
      if (once.has(f.absPath)) continue;
      once.add(f.absPath);
      contextCandidates.push(f);
    }
  }
  const toLoad = [...lintCandidates.filter((f) => !kubeadmCandidates.has(f.absPath)), ...contextCandidates];
  // Render stage: charts become rendered text with source maps (the renderer loads only if needed).
  const charts = [...new Set([...found.charts, ...contexts.flatMap((c) => c.charts)])];
  // Kustomize overlays are built only from the paths linted: a context folder's overlays are not reported.
  const kustomizations =
    config.kustomize.report === 'none' ? [] : kustomizationDirs(found.files.map((f) => f.absPath));
  // Each file's text goes once its tree is built: what rules need of it is taken now (KICS comments
  // when honoured, read here on one thread; ignore comments and helm sources are read by the
  // loader), and reports read the files with findings again (load/reread.ts). Worker threads
  // start on the files now, while this thread renders; on those in an overlay's folder last: they
  // are mostly its inputs, which the render will say are not to be loaded.
  const honorKics = config.suppressions.honor.includes('kics');
  const loadOpts = { maxFileBytes: config.maxFileBytes };
  const overlayDirs = new Set(kustomizations);
  const inOverlay = (f: DiscoveredFile) => overlayDirs.has(dirname(f.absPath));
  const nonOverlay = toLoad.filter((f) => !inOverlay(f));
  const ordered = [...nonOverlay, ...toLoad.filter(inOverlay)];
  // Many overlays are built and linted on a thread of their own (each is a model of its own),
  // while this one loads and lints the rest; else here, as part of the render stage.
  const overlayJob: OverlayJob = {
    cwd,
    kustomizations,
    inScopeCharts: found.charts,
    config,
    ...(request.kubernetesVersion ? { kubernetesVersion: request.kubernetesVersion } : {}),
    ...(request.helm ? { helm: request.helm } : {}),
  };
  // (Loaded only then: a lint without overlays starts as before.)
  const overlayThread = kustomizations.length
    ? await (await import('./overlay-thread.js')).startOverlayThread(overlayJob, nonOverlay.length)
    : undefined;
  const loading = honorKics ? undefined : await startLoading(ordered, loadOpts);
  let render: RenderResult = EMPTY_RENDER;
  let overlays: OverlaysBuilt | undefined;
  let loadSessionStarted = false;
  try {
    if (overlayThread) {
      // The values of this run's trees are stored once each, in a table this run's trees share.
      startLoadSession();
      loadSessionStarted = true;
      // Files outside the overlays' folders are seldom their inputs: loaded while they build.
      loading?.ahead(nonOverlay.length);
      overlays = await overlayThread.built.catch(() => undefined);
      if (!overlays) await overlayThread.close();
    }
    const renderHere = overlays ? [] : kustomizations;
    if (charts.length || renderHere.length)
      render = await renderAll(
        renderRequest(overlayJob, {
          charts,
          kustomizations: renderHere,
          ...(overlays ? { inflatedElsewhere: new Set(overlays.consumed) } : {}),
        }),
      );
  } catch (err) {
    await loading?.finish(() => true);
    await overlayThread?.close();
    throw err;
  }
  clock.mark('render');
  const files: SourceFile[] = [];
  if (!loadSessionStarted) startLoadSession();
  const consumed = new Set<string>([...render.consumed, ...(overlays?.consumed ?? [])]);
  const reported = new Set<string>();
  const kubeadmPatches: string[] = [];
  const linted: DiscoveredFile[] = [];
  for (const f of lintCandidates) {
    if (consumed.has(f.absPath)) continue;
    if (kubeadmCandidates.has(f.absPath)) {
      kubeadmPatches.push(
        `${f.path}: a kubeadm patch (patches.directory of the kind/kubeadm config beside its folder), merged into the manifest kubeadm writes; not linted as an object`,
      );
      continue;
    }
    linted.push(f);
    reported.add(f.path);
  }
  const context = contextCandidates.filter((f) => !consumed.has(f.absPath));
  const fromDisk = loading
    ? await finishInOrder(toLoad, ordered, loading, consumed)
    : [...linted, ...context].map((f) => {
        const file = readSource(f.absPath, f.path, loadOpts);
        kicsDirectives(file);
        releaseText(file);
        return file;
      });
  files.push(...fromDisk.slice(0, linted.length));
  if (found.stdin) {
    const input = request.stdin;
    if (input === undefined) files.push(loadText('<stdin>', request.stdinText ?? ''));
    else if (input instanceof Uint8Array) files.push(loadSource('<stdin>', input, loadOpts));
    else files.push(loadSource('<stdin>', null, loadOpts, input.error));
    reported.add('<stdin>');
  }
  // Rendered text is loaded as files of its own; its findings are mapped to the lines that wrote it.
  for (const r of render.rendered) if (!r.alternative) files.push(loadText(r.path, r.text));
  // The files a render of something linted read are reported wherever they are: a chart's
  // templates, values and file:// dependencies; an overlay's bases and patches (overlays are built
  // only from the paths linted). A base outside those paths reaches the cluster with the overlay.
  for (const i of render.inputs) if (render.reportedInputs.has(i.absPath)) reported.add(i.path);
  for (const i of overlays?.inputs ?? []) reported.add(i.path);
  files.push(...fromDisk.slice(linted.length));
  // Loaded: the model and rules only read the values, so the table's index of them can go.
  settleLoadSession();
  // Files skipped in part or whole as not manifests (load/triage.ts) say so, never silently.
  const skipped = files.filter((f) => f.notice && reported.has(f.path)).map((f) => `${f.path}: ${f.notice}`);
  clock.mark('load');
  const setup = setUpRules(builtinRules, config);
  const result = lintFiles(files, config, request.kubernetesVersion, builtinRules, setup);
  clock.mark('model and rules');
  const extra = lintAlternatives(render, config, request.kubernetesVersion, setup);
  clock.mark('alternative renders linted');
  let mapped = mapRenderedFindings([...result.findings, ...extra], mapContext(render, setup));
  clock.mark('rendered findings mapped back');
  if (overlayThread && overlays) {
    // A thread that failed after building leaves the overlays to this one: never a silent gap.
    const fromThread = await overlayThread.findings.catch(() => undefined);
    await overlayThread.close();
    const overlayFindings = fromThread ?? (await buildAndLintOverlays(overlayJob));
    mapped = [...mapped, ...overlayFindings].sort(compareFindings);
    clock.mark('overlay thread joined');
  }
  const filter = request.reportFilter;
  // An overlay that does not build, or builds without part of its kustomization, is reported
  // wherever that part is: overlays are built only from the paths linted, and what they would
  // produce is unchecked, never silently.
  const findings = mapped.filter(
    (f) =>
      (reported.has(f.location.file) || OVERLAY_UNCHECKED.has(f.ruleId)) &&
      (!filter || filter(f.location.file)),
  );
  // Findings are plain data: let the trees and the model go before reports are built. Reports get
  // the texts of the files findings name only; a file read from disk is read again when shown.
  const named = new Set<string>();
  for (const f of findings) {
    named.add(f.location.file);
    for (const r of f.related) named.add(r.file);
    // A fix of rendered output edits its values or patch file: reports need that text too.
    if (f.fix) named.add(fixFile(f.fix, f.location.file));
  }
  const renderedPaths = new Set(render.rendered.map((r) => r.path));
  const texts: SourceText[] = files
    .filter((f) => named.has(f.path) && !renderedPaths.has(f.path))
    .map((f) => f.disk ?? { path: f.path, text: f.text, lineStarts: f.lineStarts });
  texts.push(...renderTexts(render).values());
  if (overlays) texts.push(...renderTexts({ ...EMPTY_RENDER, inputs: overlays.inputs }).values());
  files.length = 0;
  return {
    findings,
    files: texts,
    config: result.config,
    rules: result.rules,
    notices: [
      ...found.notices,
      ...skipped,
      ...kubeadmPatches,
      ...render.notices,
      ...(overlays?.notices ?? []),
    ],
    missing: found.missing,
    inputs: found.files,
    timings: clock.timings,
  };
}

/**
 * Finishes a load started on `ordered` (the files of `all` in another order) before the render
 * stage: every file the render did not consume, in the order of `all`.
 */
async function finishInOrder(
  all: readonly DiscoveredFile[],
  ordered: readonly DiscoveredFile[],
  loading: Loading,
  consumed: ReadonlySet<string>,
): Promise<SourceFile[]> {
  const files = await loading.finish((i) => consumed.has(ordered[i]!.absPath));
  const byPath = new Map<string, SourceFile>();
  for (let i = 0; i < ordered.length; i++) if (files[i]) byPath.set(ordered[i]!.absPath, files[i]!);
  return all.filter((f) => !consumed.has(f.absPath)).map((f) => byPath.get(f.absPath)!);
}

/** What building and linting a run's overlays needs, as plain data (it crosses to a thread). */
export interface OverlayJob {
  readonly cwd: string;
  /** Folders of the kustomizations to build. */
  readonly kustomizations: readonly string[];
  /** The chart folders linted (a helper outside them is reported at its include site inside). */
  readonly inScopeCharts: readonly string[];
  readonly config: Config;
  readonly kubernetesVersion?: string;
  readonly helm?: RenderRequest['helmExtra'];
}

/** What the overlays' build tells the loading thread before their findings are ready. */
export interface OverlaysBuilt {
  /** Absolute paths not to be linted on their own (see RenderResult.consumed). */
  readonly consumed: readonly string[];
  readonly inputs: RenderResult['inputs'];
  readonly notices: readonly string[];
}

function renderRequest(
  job: OverlayJob,
  what: Pick<RenderRequest, 'charts' | 'kustomizations' | 'inflatedElsewhere'>,
): RenderRequest {
  const { cwd, config, inScopeCharts } = job;
  return {
    ...what,
    kustomizeReport: config.kustomize.report,
    displayPath: (p) => displayPath(p, cwd),
    inScope: (abs) => inScopeCharts.some((c) => abs === c || abs.startsWith(`${c}${sep}`)),
    helmSettingsFor: (dir) => helmSettingsFor(config, dir),
    ...(job.helm ? { helmExtra: job.helm } : {}),
  };
}

/**
 * Builds the job's kustomizations, lints each output as a model of its own and maps the findings
 * back to the files that wrote them, as lint() does when it builds them itself; `onBuilt` hears what
 * was built first. lint() calls this when the overlay thread failed; the thread does the same in
 * two steps (overlay-worker.ts), so that it can say what was built before the rules are loaded.
 */
export async function buildAndLintOverlays(
  job: OverlayJob,
  onBuilt?: (built: OverlaysBuilt) => void,
): Promise<Finding[]> {
  const render = await renderAll(renderRequest(job, { charts: [], kustomizations: job.kustomizations }));
  onBuilt?.((await import('./overlay-thread.js')).overlaysBuilt(render));
  return lintBuiltOverlays(render, job);
}

/** Lints each overlay built (`render`) on its own and maps the findings back. */
export function lintBuiltOverlays(render: RenderResult, job: OverlayJob): Finding[] {
  const setup = setUpRules(builtinRules, job.config);
  return mapRenderedFindings(
    lintAlternatives(render, job.config, job.kubernetesVersion, setup),
    mapContext(render, setup),
  );
}

/** Alternative renders (ci/*-values.yaml, overlays) are other configurations, each linted on its own. */
function lintAlternatives(
  render: RenderResult,
  config: Config,
  kubernetesVersion: string | undefined,
  setup: RuleSetup,
): Finding[] {
  return render.rendered
    .filter((r) => r.alternative)
    .flatMap(
      (r) => lintFiles([loadText(r.path, r.text)], config, kubernetesVersion, builtinRules, setup).findings,
    );
}

function mapContext(render: RenderResult, setup: RuleSetup): Parameters<typeof mapRenderedFindings>[1] {
  return {
    render,
    texts: renderTexts(render),
    active: new Map(setup.active.map((a) => [a.rule.meta.id, a])),
    ...(setup.fileSetting ? { fileSetting: setup.fileSetting } : {}),
  };
}

/** What a configuration makes of a rule list, worked out once however many models a lint runs. */
export interface RuleSetup {
  readonly active: ReturnType<typeof resolveRules>;
  readonly knownRuleIds: ReadonlySet<string>;
  readonly fileSetting: ReturnType<typeof fileSettingFor>;
}

export function setUpRules(rules: readonly Rule[], config: Config): RuleSetup {
  return {
    active: resolveRules(rules, config),
    knownRuleIds: new Set(rules.map((r) => r.meta.id)),
    fileSetting: fileSettingFor(rules, config),
  };
}

/**
 * Lints files already loaded (tests and embedders use this directly). A lint of many models (one
 * per overlay) passes the same `setup` to each: it is the same for all of them.
 */
export function lintFiles(
  files: readonly SourceFile[],
  config: Config,
  kubernetesVersion?: string,
  rules: readonly Rule[] = builtinRules,
  setup: RuleSetup = setUpRules(rules, config),
): Omit<LintResult, 'notices' | 'missing' | 'inputs' | 'files' | 'timings'> & {
  files: readonly SourceFile[];
  model: Model;
} {
  const model = new Model(files);
  const { fileSetting } = setup;
  const findings = runRules({
    model,
    rules: setup.active,
    knownRuleIds: setup.knownRuleIds,
    kubernetesVersion: kubernetesVersion ?? config.kubernetesVersion,
    ...(fileSetting ? { fileSetting } : {}),
    ...(config.suppressions.honor.length ? { honorPeers: new Set(config.suppressions.honor) } : {}),
  });
  return { findings, files, config, rules, model };
}

const OVERLAY_UNCHECKED: ReadonlySet<string> = new Set(['kustomize-build-error', 'kustomize-unsupported']);

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/**
 * Folders holding a kustomization among the files found (a `Kustomization` file without an
 * extension is looked for beside them) and no Chart.yaml (a chart is rendered as a chart). Cheap on
 * purpose: the Kustomize renderer is loaded only when this finds one.
 */
function kustomizationDirs(absPaths: readonly string[]): string[] {
  const dirs = new Set<string>();
  const looked = new Set<string>();
  for (const p of absPaths) {
    const dir = dirname(p);
    if (KUSTOMIZATION_NAMES.has(basename(p))) dirs.add(dir);
    else if (!looked.has(dir)) {
      looked.add(dir);
      if (existsSync(join(dir, 'Kustomization'))) dirs.add(dir);
    }
  }
  return [...dirs].filter((d) => !existsSync(join(d, 'Chart.yaml'))).sort();
}
