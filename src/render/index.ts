// The render stage entry: between discover and load. Charts (and, through the hook below, Kustomize
// overlays) become rendered text plus a source map. The renderers are loaded only when there is
// something to render (dynamic import, a separate chunk), so a lint without charts starts as fast as
// before.
import { join } from 'node:path';
import type { RenderResult } from './types.js';

export type * from './types.js';

export interface HelmChartSettings {
  readonly values?: readonly string[];
  readonly set?: readonly string[];
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  readonly apiVersions?: readonly string[];
}

export interface RenderRequest {
  /** Absolute paths of chart folders (discover names them). */
  readonly charts: readonly string[];
  /** Absolute paths of kustomization folders (discover names them; the Kustomize renderer builds them). */
  readonly kustomizations?: readonly string[];
  /** Which overlays are built and reported (config `kustomize.report`; default `leaves`). */
  readonly kustomizeReport?: 'leaves' | 'all' | 'none';
  readonly displayPath: (absPath: string) => string;
  /**
   * Files whose lines findings should land on when a choice exists (the paths linted): a finding
   * in a helper of a library chart outside them lands on the include site inside them.
   */
  readonly inScope?: (absPath: string) => boolean;
  /** `helm.charts[]` settings matched to a chart folder. */
  readonly helmSettingsFor?: (chartDir: string) => HelmChartSettings | undefined;
  /** Values and --set given on the command line for the chart(s) linted. */
  readonly helmExtra?: {
    readonly valueFiles?: readonly string[];
    readonly set?: readonly string[];
    readonly setString?: readonly string[];
    readonly setFile?: readonly string[];
  };
  /**
   * Chart files that kustomizations built elsewhere (the overlay thread) inflated with helmCharts:
   * those charts are not rendered again here, as if the kustomizations had been built here.
   */
  readonly inflatedElsewhere?: ReadonlySet<string>;
}

export const EMPTY_RENDER: RenderResult = Object.freeze({
  rendered: [],
  problems: [],
  inputs: [],
  reportedInputs: new Set<string>(),
  consumed: new Set<string>(),
  notices: [],
});

/** A renderer of kustomizations; src/render/kustomize provides it through `loadKustomizeRenderer`. */
export type KustomizeRenderer = (
  dirs: readonly string[],
  request: RenderRequest,
) => RenderResult | Promise<RenderResult>;

/**
 * The hook for Kustomize: returns the renderer (src/render/kustomize), loaded lazily. It reads
 * `kustomizeReport` (config `kustomize.report`) and `root` from the request when they are there.
 */
export async function loadKustomizeRenderer(): Promise<KustomizeRenderer | undefined> {
  return (await import('./kustomize/index.js')).renderKustomizations;
}

export async function renderAll(request: RenderRequest): Promise<RenderResult> {
  const parts: RenderResult[] = [];
  let kustomized: RenderResult | undefined;
  if (request.kustomizations?.length) {
    const kustomize = await loadKustomizeRenderer();
    if (kustomize) kustomized = await kustomize(request.kustomizations, request);
  }
  // A chart that a kustomization inflates (helmCharts) is linted as the overlay configures it, not
  // again on its own with its default values.
  const inflated = kustomized?.consumed ?? request.inflatedElsewhere;
  const charts = inflated
    ? request.charts.filter(
        (c) => !inflated.has(join(c, 'Chart.yaml')) && !inflated.has(join(c, 'Chart.yml')),
      )
    : request.charts;
  if (charts.length) {
    const { renderCharts } = await import('./helm/stage.js');
    parts.push(
      await renderCharts({
        charts,
        displayPath: request.displayPath,
        ...(request.inScope ? { inScope: request.inScope } : {}),
        ...(request.helmSettingsFor ? { settingsFor: request.helmSettingsFor } : {}),
        ...(request.helmExtra ? { extra: request.helmExtra } : {}),
      }),
    );
  }
  if (kustomized) parts.push(kustomized);
  return mergeResults(parts);
}

function mergeResults(parts: readonly RenderResult[]): RenderResult {
  if (parts.length === 0) return EMPTY_RENDER;
  if (parts.length === 1) return parts[0]!;
  const consumed = new Set<string>();
  for (const p of parts) for (const c of p.consumed) consumed.add(c);
  const reportedInputs = new Set<string>();
  for (const p of parts) for (const i of p.reportedInputs) reportedInputs.add(i);
  return {
    rendered: parts.flatMap((p) => p.rendered),
    problems: parts.flatMap((p) => p.problems),
    inputs: parts.flatMap((p) => p.inputs),
    reportedInputs,
    consumed,
    notices: parts.flatMap((p) => p.notices),
  };
}
