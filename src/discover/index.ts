// Discover stage: which files to lint, honouring .gitignore, .kubehardenignore and config globs.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { minimatch } from 'minimatch';

export const DEFAULT_INCLUDE = ['**/*.{yaml,yml,json}'];
const ALWAYS_SKIPPED = ['**/.git/**', '**/node_modules/**'];
const IGNORE_FILES = ['.gitignore', '.kubehardenignore'];

export interface DiscoveredFile {
  /** Absolute path to read. */
  readonly absPath: string;
  /** Path shown in findings: relative to the working directory when inside it, POSIX separators. */
  readonly path: string;
}

export interface DiscoverOptions {
  readonly cwd: string;
  /** Globs (minimatch) that select files inside folders; default `**\/*.{yaml,yml,json}`. */
  readonly include?: readonly string[];
  /** Globs excluded, relative to the scanned folder. */
  readonly exclude?: readonly string[];
}

export interface Discovery {
  readonly files: DiscoveredFile[];
  /** True when `-` was among the paths: read the manifests from standard input. */
  readonly stdin: boolean;
  /** Things the user should hear about once (links not followed). */
  readonly notices: string[];
  /**
   * Absolute paths of Helm chart folders (a Chart.yaml beside templates/), not counting subcharts
   * vendored in another chart's charts/. The render stage renders them; their templates are not
   * linted as files.
   */
  readonly charts: string[];
  /** Paths given that do not exist. */
  readonly missing: string[];
}

export function displayPath(absPath: string, cwd: string): string {
  const rel = relative(cwd, absPath);
  const p = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absPath;
  return p.split(sep).join('/');
}

export function discover(paths: readonly string[], options: DiscoverOptions): Discovery {
  const files = new Map<string, DiscoveredFile>();
  const notices: string[] = [];
  const charts = new Set<string>();
  const missing: string[] = [];
  let stdin = false;
  for (const p of paths.length ? paths : ['.']) {
    if (p === '-') {
      stdin = true;
      continue;
    }
    const abs = resolve(options.cwd, p);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) {
      for (const f of walk(abs, options, notices, charts)) files.set(f.absPath, f);
    } else {
      // A file named explicitly is linted whatever its extension.
      files.set(abs, { absPath: abs, path: displayPath(abs, options.cwd) });
    }
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: sorted, stdin, notices, missing, charts: [...charts].sort() };
}

function walk(
  root: string,
  options: DiscoverOptions,
  notices: string[],
  chartRoots: Set<string>,
): DiscoveredFile[] {
  const include = options.include?.length ? options.include : DEFAULT_INCLUDE;
  // Links are listed but never traversed, so link loops cannot hang the walk; a linked file is
  // read only when its target lies inside the scanned folder.
  const listed = fg.sync([...include], {
    cwd: root,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ALWAYS_SKIPPED,
  });
  const links = new Set<string>();
  const entries: string[] = [];
  for (const e of listed) {
    if (e.dirent.isFile()) entries.push(e.path);
    else if (e.dirent.isSymbolicLink()) {
      links.add(e.path);
      entries.push(e.path);
    }
  }
  entries.sort();
  const ignoreFiles = fg.sync(
    IGNORE_FILES.map((n) => `**/${n}`),
    {
      cwd: root,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: ALWAYS_SKIPPED,
    },
  );
  const ignores = loadIgnores(root, ignoreFiles);
  const excludes = options.exclude ?? [];
  const charts = findCharts(root, entries);
  for (const chart of charts) {
    // A chart vendored in another chart's charts/ is rendered as part of that chart.
    if (isIgnored(ignores, chart ? `${chart}/Chart.yaml` : 'Chart.yaml')) continue;
    if (
      /(^|\/)charts\//.test(chart) &&
      [...charts].some((c) => chart.startsWith(c ? `${c}/charts/` : 'charts/'))
    )
      continue;
    chartRoots.add(join(root, chart));
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = root;
  }
  const out: DiscoveredFile[] = [];
  for (const rel of entries) {
    if (isIgnored(ignores, rel)) continue;
    if (excludes.some((g) => minimatch(rel, g, { dot: true, matchBase: !g.includes('/') }))) continue;
    if (inChartTemplates(charts, rel)) continue;
    const abs = join(root, rel);
    if (links.has(rel)) {
      let real: string;
      try {
        real = realpathSync(abs);
      } catch {
        notices.push(`${displayPath(abs, options.cwd)}: a broken link; skipped`);
        continue;
      }
      if (!isInside(realRoot, real)) {
        notices.push(
          `${displayPath(abs, options.cwd)}: a link to a file outside the scanned folder; not followed`,
        );
        continue;
      }
      // A link to a folder is never walked (loops), only links to files are read.
      if (!statSync(real).isFile()) continue;
    }
    out.push({ absPath: abs, path: displayPath(abs, options.cwd) });
  }
  return out;
}

function isInside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

interface ScopedIgnore {
  readonly dir: string;
  readonly ig: Ignore;
}

function loadIgnores(root: string, files: readonly string[]): ScopedIgnore[] {
  const out: ScopedIgnore[] = [];
  for (const f of files) {
    try {
      const text = readFileSync(join(root, f), 'utf8');
      const dir = dirname(f) === '.' ? '' : dirname(f).split(sep).join('/');
      out.push({ dir, ig: ignore().add(text) });
    } catch {
      // An unreadable ignore file ignores nothing.
    }
  }
  return out;
}

function isIgnored(ignores: readonly ScopedIgnore[], rel: string): boolean {
  for (const { dir, ig } of ignores) {
    if (dir && !rel.startsWith(`${dir}/`)) continue;
    const sub = dir ? rel.slice(dir.length + 1) : rel;
    if (ig.ignores(sub)) return true;
  }
  return false;
}

/** Folders (relative to root) that hold a Chart.yaml. */
function findCharts(root: string, entries: readonly string[]): Set<string> {
  const charts = new Set<string>();
  for (const e of entries) {
    const base = e.slice(e.lastIndexOf('/') + 1);
    if (base === 'Chart.yaml' || base === 'Chart.yml') {
      const dir = e.includes('/') ? e.slice(0, e.lastIndexOf('/')) : '';
      if (existsSync(join(root, dir, 'templates'))) charts.add(dir);
    }
  }
  return charts;
}

function inChartTemplates(charts: ReadonlySet<string>, rel: string): boolean {
  for (const c of charts) {
    const prefix = c ? `${c}/templates/` : 'templates/';
    if (rel.startsWith(prefix)) return true;
  }
  return false;
}
