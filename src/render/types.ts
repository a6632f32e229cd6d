// Render stage contract: what Helm charts and Kustomize overlays become before they are loaded.
// A renderer turns one source (a chart, an overlay) into rendered YAML text plus a source map that
// says, for any span of that text, which repository file and span wrote it. The loader parses the
// rendered text like any file; the engine maps each finding's span back through the map, so rules
// never learn that a node was rendered.

/** A span of a file in the repository, in UTF-16 offsets of its text (as the loader keeps it). */
export interface SourceSpan {
  /** The path findings name (as `DiscoveredFile.path`: POSIX, relative to the cwd when inside it). */
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** Where a rendered span came from. */
export interface MappedSpan {
  /** The line a finding should point at: the template or patch line, else the base resource line. */
  readonly primary: SourceSpan;
  /**
   * Further places worth showing, in order: the values line that fed the node, the `include` call
   * sites, the overlay that used a base. Each message says what the place is
   * (`values.yaml sets securityContext.privileged`, `included from templates/deploy.yaml`).
   */
  readonly related: readonly (SourceSpan & { readonly message: string })[];
  /**
   * The scalar node in a repository file the rendered span was copied from, when the renderer
   * knows one: the values-file value a template action printed (`key` is its key), or the patch,
   * inline-patch or base line Kustomize took the node from. A fix of the rendered value is made there.
   */
  readonly valueAt?: SourceSpan & { readonly key?: string };
}

export interface SourceMap {
  /**
   * The origin of the rendered text `[start, end)`; for a node that no single segment wrote, the
   * origin of the innermost segment that contains `start`. Undefined only when nothing maps
   * (the engine then falls back to `RenderedSource.fallback`).
   */
  lookup(start: number, end: number): MappedSpan | undefined;
}

export type RenderKind = 'helm' | 'kustomize';

/** One rendered output, loaded as one virtual file. */
export interface RenderedSource {
  readonly kind: RenderKind;
  /**
   * A unique name for the rendered text (never shown when every finding maps), e.g.
   * `charts/web (values.yaml)` or `overlays/prod (kustomize build)`.
   */
  readonly path: string;
  readonly text: string;
  readonly map: SourceMap;
  /** Where a finding lands when the map has nothing (the chart's Chart.yaml, the kustomization). */
  readonly fallback: SourceSpan;
  /** Shown with each finding from this render: `chart web with ci/prod-values.yaml`, `via overlays/prod`. */
  readonly label: string;
  /**
   * Another configuration of a source that has a main render (a chart with a ci/*-values.yaml):
   * linted in a model of its own, since its objects are never installed beside the main render's.
   */
  readonly alternative?: boolean;
}

/** A problem of the render stage itself, reported as a finding by the engine. */
export interface RenderProblem {
  /** `helm-render-error`, `helm-dependency-missing`, `helm-values-schema`, `kustomize-build-error`, … */
  readonly ruleId: string;
  readonly message: string;
  readonly at: SourceSpan;
}

/** The files the maps point into, read once, for code frames and for locating spans. */
export interface RenderInputText {
  readonly path: string;
  readonly absPath: string;
  readonly text: string;
}

export interface RenderResult {
  readonly rendered: readonly RenderedSource[];
  readonly problems: readonly RenderProblem[];
  /** Every repository file a renderer read (templates, values, patches, bases). */
  readonly inputs: readonly RenderInputText[];
  /**
   * Absolute paths of the inputs read by renders of a source the paths linted name: a chart inside
   * them (its templates, values and file:// dependencies), and every overlay given (overlays are
   * built only from those paths; their bases and patches). Findings on these files are reported
   * wherever the files are: what they write reaches the cluster with what was linted.
   */
  readonly reportedInputs: ReadonlySet<string>;
  /**
   * Absolute paths of files that must not also be linted on their own: chart templates and values,
   * patch files, and resources that a reported overlay already carries.
   */
  readonly consumed: ReadonlySet<string>;
  readonly notices: readonly string[];
}
