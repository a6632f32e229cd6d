// Discover stage: which files to lint, honouring .gitignore (as git does), .kubehardenignore and
// config globs. Inside a git work tree git itself lists the files (tracked ones even when an ignore
// pattern matches them, nested negations as git reads them); elsewhere, or without git, the folder
// is walked and `.gitignore` files are read with the `ignore` library. Only regular files are ever
// handed on: FIFOs, devices and sockets are refused before anything opens them.
import {
  type Dirent,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { gitListFiles, runGit } from './git.js';
import { compileGlobs } from './globs.js';
import { fileKind } from './kinds.js';

export { checkRef, GitError, gitChangedFiles } from './git.js';
export { braceExpansionCount, compileGlobs, globProblem, MAX_GLOB_EXPANSION } from './globs.js';
export { fileKind } from './kinds.js';

export const DEFAULT_INCLUDE = ['**/*.{yaml,yml,json}'];
/** Folders never descended into, wherever they are. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
const GITIGNORE = '.gitignore';
const KUBEHARDENIGNORE = '.kubehardenignore';
const IGNORE_FILES = new Set([GITIGNORE, KUBEHARDENIGNORE]);

/** A path given on the command line that cannot be linted as asked (a FIFO, an unreadable folder). */
export class DiscoverError extends Error {}

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
  /** Use git to list files inside a work tree (default true; tests of the fallback turn it off). */
  readonly useGit?: boolean;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
  /** True when `-` was among the paths: read the manifests from standard input. */
  readonly stdin: boolean;
  /** Things the user should hear about once (links not followed, special files). */
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
  const include = compileGlobs(options.include?.length ? options.include : DEFAULT_INCLUDE, false);
  const exclude = compileGlobs(options.exclude ?? [], true);
  let stdin = false;
  for (const p of paths.length ? paths : ['.']) {
    if (p === '-') {
      stdin = true;
      continue;
    }
    const abs = resolve(options.cwd, p);
    let st: Stats;
    try {
      // Follows a link: what matters is what would be read.
      st = statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(p);
      else throw new DiscoverError(`cannot read ${p}: ${errnoWords(err)}`);
      continue;
    }
    if (st.isDirectory()) {
      const walker = {
        root: abs,
        cwd: options.cwd,
        include,
        exclude,
        notices,
        charts,
        useGit: options.useGit !== false,
      };
      for (const f of walk(walker, p)) files.set(f.absPath, f);
    } else if (st.isFile()) {
      // A file named explicitly is linted whatever its extension.
      files.set(abs, { absPath: abs, path: displayPath(abs, options.cwd) });
    } else {
      // Checked before anything opens it: reading a FIFO blocks, a device may never end.
      throw new DiscoverError(`${p} is ${fileKind(st)}, not a regular file; refused`);
    }
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: sorted, stdin, notices, missing, charts: [...charts].sort() };
}

interface Walker {
  readonly root: string;
  readonly cwd: string;
  readonly include: (rel: string) => boolean;
  readonly exclude: (rel: string) => boolean;
  readonly notices: string[];
  /** Chart roots found (absolute), for the render stage. */
  readonly charts: Set<string>;
  readonly useGit: boolean;
}

/** A listing of a folder: regular files and links (relative, POSIX), and what else was there. */
interface Listing {
  readonly files: string[];
  readonly links: Set<string>;
  /** Non-regular files (FIFOs, devices, sockets) with what they are. */
  readonly special: Map<string, string>;
  /** True when git listed the files, so `.gitignore` is already applied. */
  readonly byGit: boolean;
}

function walk(w: Walker, given: string): DiscoveredFile[] {
  const listing = list(w, w.root, given);
  const all = listing.files;
  const ignores = loadIgnores(
    w.root,
    all.filter((f) => {
      const base = baseName(f);
      return base === KUBEHARDENIGNORE || (!listing.byGit && base === GITIGNORE);
    }),
  );
  const charts = findCharts(all);
  for (const chart of [...charts].sort()) {
    // A chart vendored in another chart's charts/ is rendered as part of that chart.
    if (isIgnored(ignores, chart ? `${chart}/Chart.yaml` : 'Chart.yaml')) continue;
    if (
      /(^|\/)charts\//.test(chart) &&
      [...charts].some((c) => chart.startsWith(c ? `${c}/charts/` : 'charts/'))
    )
      continue;
    w.charts.add(join(w.root, chart));
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(w.root);
  } catch {
    realRoot = w.root;
  }
  const wanted = (rel: string) =>
    w.include(rel) && !isIgnored(ignores, rel) && !w.exclude(rel) && !inChartTemplates(charts, rel);
  for (const [rel, kind] of [...listing.special].sort()) {
    if (wanted(rel))
      w.notices.push(`${displayPath(join(w.root, rel), w.cwd)}: ${kind}, not a regular file; not read`);
  }
  const out: DiscoveredFile[] = [];
  for (const rel of all) {
    if (!wanted(rel)) continue;
    const abs = join(w.root, rel);
    if (listing.links.has(rel)) {
      let real: string;
      try {
        real = realpathSync(abs);
      } catch {
        w.notices.push(`${displayPath(abs, w.cwd)}: a broken link; skipped`);
        continue;
      }
      if (!isInside(realRoot, real)) {
        w.notices.push(
          `${displayPath(abs, w.cwd)}: a link to a file outside the scanned folder; not followed`,
        );
        continue;
      }
      let target: Stats;
      try {
        target = statSync(real);
      } catch {
        continue;
      }
      // A link to a folder is never walked (loops), only links to regular files are read.
      if (target.isDirectory()) continue;
      if (!target.isFile()) {
        w.notices.push(
          `${displayPath(abs, w.cwd)}: a link to ${fileKind(target)}, not a regular file; not read`,
        );
        continue;
      }
    }
    out.push({ absPath: abs, path: displayPath(abs, w.cwd) });
  }
  return out;
}

/** Lists `dir` (absolute) with git when it is in a work tree, else by walking it. */
function list(w: Walker, dir: string, given: string, prefix = ''): Listing {
  const byGit = w.useGit ? listWithGit(w, dir, given, prefix) : undefined;
  return byGit ?? listByWalking(dir, given);
}

/** `prefix`: where `dir` sits under the walk's root, for matching include globs. */
function listWithGit(w: Walker, dir: string, given: string, prefix: string): Listing | undefined {
  const listed = gitListFiles(dir);
  if (!listed) return undefined;
  if (listed.unreadable.length)
    throw new DiscoverError(
      `cannot read folder ${joinShown(given, listed.unreadable[0]!)}: permission denied`,
    );
  const names = listed.files;
  const files: string[] = [];
  const links = new Set<string>();
  const special = new Map<string, string>();
  // Submodules are listed as one entry (a gitlink), nested repositories as `path/`: their files
  // are listed by a walk of their own (git again, when they are work trees).
  const folders = new Set(names.filter((n) => n.endsWith('/')).map((n) => n.slice(0, -1)));
  if (names.includes('.gitmodules')) for (const g of gitlinks(dir)) folders.add(g);
  for (const name of names) {
    if (name.endsWith('/') || folders.has(name)) continue;
    if (name.split('/').some((s) => SKIPPED_FOLDERS.has(s) || s === '..' || s === '')) continue;
    // Only files that may be read are looked at (a large repository lists 100,000 files); the
    // rest are kept by name, for finding charts, and never pass the include filter.
    if (!w.include(prefix + name) && !IGNORE_FILES.has(baseName(name))) {
      files.push(name);
      continue;
    }
    let st: Stats;
    try {
      st = lstatSync(join(dir, name));
    } catch {
      // Deleted but still in the index.
      continue;
    }
    if (st.isFile()) files.push(name);
    else if (st.isSymbolicLink()) {
      files.push(name);
      links.add(name);
    } else if (!st.isDirectory()) special.set(name, fileKind(st));
  }
  for (const folder of [...folders].sort()) {
    if (folder.split('/').some((s) => SKIPPED_FOLDERS.has(s) || s === '..' || s === '')) continue;
    const at = `${folder}/`;
    const sub = list(w, join(dir, folder), joinShown(given, folder), prefix + at);
    for (const f of sub.files) files.push(at + f);
    for (const l of sub.links) links.add(at + l);
    for (const [s, kind] of sub.special) special.set(at + s, kind);
  }
  files.sort();
  return { files, links, special, byGit: true };
}

/** Paths of submodules (gitlinks) in the index of the work tree at `dir`. */
function gitlinks(dir: string): string[] {
  try {
    return runGit(['ls-files', '-z', '--stage'], dir)
      .split('\0')
      .filter((row) => row.startsWith('160000 '))
      .map((row) => row.slice(row.indexOf('\t') + 1));
  } catch {
    return [];
  }
}

function listByWalking(root: string, given: string): Listing {
  const files: string[] = [];
  const links = new Set<string>();
  const special = new Map<string, string>();
  // An explicit stack: folder depth is bounded by the file system, never by the call stack.
  const pending: string[] = [''];
  while (pending.length) {
    const rel = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(rel ? join(root, rel) : root, { withFileTypes: true });
    } catch (err) {
      const shown = rel ? joinShown(given, rel) : given;
      // Files there would be silently left out: stop and say so.
      throw new DiscoverError(`cannot read folder ${shown}: ${errnoWords(err)}`);
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) pending.push(p);
      } else if (e.isFile()) files.push(p);
      else if (e.isSymbolicLink()) {
        files.push(p);
        links.add(p);
      } else special.set(p, direntKind(e));
    }
  }
  files.sort();
  return { files, links, special, byGit: false };
}

/** A folder inside the path the user gave, as they would write it. */
function joinShown(given: string, rel: string): string {
  return given === '.' || given === './' ? rel : `${given.replace(/\/$/, '')}/${rel}`;
}

function direntKind(e: Dirent): string {
  if (e.isFIFO()) return 'a FIFO (named pipe)';
  if (e.isCharacterDevice()) return 'a character device';
  if (e.isBlockDevice()) return 'a block device';
  if (e.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errnoWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'ELOOP') return 'too many levels of links (ELOOP)';
  if (code === 'ENAMETOOLONG') return 'the path is too long (ENAMETOOLONG)';
  return code ?? String(err);
}

function depth(dir: string): number {
  return dir ? dir.split('/').length : 0;
}

function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

function isInside(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

interface ScopedIgnore {
  /** Folder the ignore file sits in, relative to the root ('' for the root), POSIX. */
  readonly dir: string;
  readonly ig: Ignore;
}

/** Ignore files, deepest folder first: the nearest file that has a say decides, as in git. */
function loadIgnores(root: string, files: readonly string[]): ScopedIgnore[] {
  const out: ScopedIgnore[] = [];
  // In one folder .kubehardenignore is asked first (the sort below is stable): it only adds.
  const ordered = [...files].sort(
    (a, b) => Number(baseName(a) !== KUBEHARDENIGNORE) - Number(baseName(b) !== KUBEHARDENIGNORE),
  );
  for (const f of ordered) {
    try {
      const st = lstatSync(join(root, f));
      if (!st.isFile()) continue;
      const text = readFileSync(join(root, f), 'utf8');
      const at = f.lastIndexOf('/');
      out.push({ dir: at < 0 ? '' : f.slice(0, at), ig: ignore().add(text) });
    } catch {
      // An unreadable ignore file ignores nothing.
    }
  }
  return out.sort((a, b) => depth(b.dir) - depth(a.dir) || (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

function isIgnored(ignores: readonly ScopedIgnore[], rel: string): boolean {
  if (ignores.length === 0) return false;
  // As git: a file in an ignored folder stays ignored whatever a deeper negation says.
  for (let at = rel.indexOf('/'); at >= 0; at = rel.indexOf('/', at + 1)) {
    if (verdict(ignores, `${rel.slice(0, at)}/`) === true) return true;
  }
  return verdict(ignores, rel) === true;
}

/** The nearest ignore file with a say about `path` decides (a deeper `!keep.yaml` re-includes). */
function verdict(ignores: readonly ScopedIgnore[], path: string): boolean | undefined {
  for (const { dir, ig } of ignores) {
    if (dir && !path.startsWith(`${dir}/`)) continue;
    const sub = dir ? path.slice(dir.length + 1) : path;
    if (!sub) continue;
    const r = ig.test(sub);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return undefined;
}

/** Folders (relative to root) that hold a Chart.yaml. */
function findCharts(entries: readonly string[]): Set<string> {
  const charts = new Set<string>();
  const folders = new Set(entries.map((e) => (e.includes('/') ? e.slice(0, e.lastIndexOf('/')) : '')));
  for (const e of entries) {
    const base = baseName(e);
    if (base === 'Chart.yaml' || base === 'Chart.yml') {
      const dir = e.includes('/') ? e.slice(0, e.lastIndexOf('/')) : '';
      const templates = dir ? `${dir}/templates` : 'templates';
      if ([...folders].some((f) => f === templates || f.startsWith(`${templates}/`))) charts.add(dir);
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
