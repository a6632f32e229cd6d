// `node scripts/bench-real-corpus.mjs OUT SOURCE... [--target-mb N]`: assembles a benchmark corpus
// from real repositories into OUT (a temporary folder; never commit it). Each SOURCE is a work tree
// (a clone) or a bare git directory (read at HEAD through `git ls-tree` / `git cat-file`), optionally
// written NAME=PATH. Only .yaml/.yml/.json files that look like Kubernetes manifests are copied:
// YAML with a top-level `apiVersion:` and `kind:` line, JSON whose top level has both. Skipped:
// Helm templates (anything with `{{`), Kustomize files (kustomization.yaml and its patches, which
// are not whole objects), files js-yaml 4 cannot load (so that the baseline parses every file the
// linter reads), vendored trees, and exact duplicates. With `--target-mb N` the set is written
// `ceil(N / size)` times into copy1/, copy2/ … to reach N MB (said as "real files ×N").
// Writes OUT/CORPUS.md (composition) and prints it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import jsYaml from 'js-yaml';
import YAML from 'yaml';

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'vendor', 'third_party', '.github']);
const EXTENSIONS = /\.(ya?ml|json)$/i;
const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
// A single file larger than this is not a manifest a repository keeps (generated data, fixtures).
const MAX_FILE_BYTES = 32 * 1024 * 1024;

function usage(message) {
  if (message) console.error(message);
  console.error('usage: node scripts/bench-real-corpus.mjs OUT [NAME=]SOURCE... [--target-mb N]');
  process.exit(2);
}

/** Every candidate file of a source: { path (POSIX, relative), read() }. */
function listSource(source) {
  const st = statSync(source);
  if (!st.isDirectory()) throw new CorpusError(`${source} is not a folder`);
  const bare =
    !existsSync(join(source, '.git')) &&
    existsSync(join(source, 'HEAD')) &&
    existsSync(join(source, 'objects'));
  return bare ? listGit(source) : listTree(source);
}

function listTree(root) {
  const out = [];
  const walk = (rel) => {
    // Sorted as `git ls-tree` lists, so that which of two duplicates is kept does not depend on the
    // file system.
    const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(e.name)) walk(r);
      } else if (e.isFile() && (EXTENSIONS.test(e.name) || KUSTOMIZATION_NAMES.has(e.name))) {
        const abs = join(root, r);
        if (statSync(abs).size <= MAX_FILE_BYTES) out.push({ path: r, read: () => readFileSync(abs) });
      }
    }
  };
  walk('');
  return { files: out, commit: gitHead(['-C', root]) };
}

function git(args, input) {
  const r = spawnSync('git', args, { input, maxBuffer: 2 * 1024 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function gitHead(prefix) {
  const r = spawnSync('git', [...prefix, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '(work tree)';
}

function listGit(gitDir) {
  const entries = [];
  for (const line of git(['--git-dir', gitDir, 'ls-tree', '-r', '-z', '--long', 'HEAD'])
    .toString('utf8')
    .split('\0')) {
    // "<mode> blob <sha> <size>\t<path>"
    const m = /^(\d+) blob ([0-9a-f]+)\s+(\d+)\t(.*)$/s.exec(line);
    if (!m || m[1] === '120000') continue;
    const path = m[4];
    const name = basename(path);
    if (!EXTENSIONS.test(name) && !KUSTOMIZATION_NAMES.has(name)) continue;
    if (path.split('/').some((seg) => SKIPPED_FOLDERS.has(seg))) continue;
    if (Number(m[3]) > MAX_FILE_BYTES) continue;
    entries.push({ sha: m[2], path });
  }
  // One `cat-file --batch` for all blobs: "<sha> blob <size>\n<bytes>\n" each.
  const blobs = git(
    ['--git-dir', gitDir, 'cat-file', '--batch'],
    `${entries.map((e) => e.sha).join('\n')}\n`,
  );
  const files = [];
  let at = 0;
  for (const e of entries) {
    const nl = blobs.indexOf(10, at);
    const header = blobs.subarray(at, nl).toString('latin1').split(' ');
    const size = Number(header[2]);
    const bytes = blobs.subarray(nl + 1, nl + 1 + size);
    at = nl + 1 + size + 1;
    files.push({ path: e.path, read: () => bytes });
  }
  return { files, commit: gitHead(['--git-dir', gitDir]) };
}

/** Paths (relative to the source) that kustomizations use as patches. */
function kustomizePatches(files) {
  const patches = new Set();
  for (const f of files) {
    if (!KUSTOMIZATION_NAMES.has(basename(f.path))) continue;
    let k;
    try {
      k = YAML.parse(f.read().toString('utf8'));
    } catch {
      continue;
    }
    if (!k || typeof k !== 'object') continue;
    const dir = posix.dirname(f.path);
    const add = (p) => {
      if (typeof p === 'string' && !p.includes('\n')) patches.add(posix.normalize(posix.join(dir, p)));
    };
    for (const p of [k.patchesStrategicMerge ?? []].flat()) add(p);
    for (const p of [k.patches ?? [], k.patchesJson6902 ?? []].flat()) add(p?.path);
  }
  return patches;
}

/** Whether a file is a whole Kubernetes manifest both loaders can read; the number of documents, or a reason. */
function classify(text, name) {
  if (/\.json$/i.test(name)) {
    let v;
    try {
      v = JSON.parse(text);
    } catch {
      return 'not JSON';
    }
    if (!v || typeof v !== 'object' || typeof v.apiVersion !== 'string' || typeof v.kind !== 'string')
      return 'not a manifest';
  } else {
    if (text.includes('{{')) return 'template';
    if (!/^apiVersion:[ \t]*\S/m.test(text) || !/^kind:[ \t]*\S/m.test(text)) return 'not a manifest';
    if (/^kind:[ \t]*["']?(Kustomization|Component)\b/m.test(text)) return 'kustomize';
    if (/^\s*\$patch:/m.test(text)) return 'kustomize';
  }
  try {
    const docs = jsYaml.loadAll(text).filter((d) => d != null);
    return docs.length ? docs.length : 'empty';
  } catch {
    return 'js-yaml cannot load';
  }
}

/** A source or output folder that cannot be used. */
export class CorpusError extends Error {}

/**
 * Assembles the corpus into `out` from `sources` (paths, or NAME=PATH). Returns { copies, files,
 * documents, bytes } (all copies counted), `skipped` (reason → files), `missing` (sources not found)
 * and `report` (the text of CORPUS.md).
 */
export function assembleCorpus(out, sources, { targetMb = 0 } = {}) {
  const outDir = resolve(out);
  if (existsSync(outDir) && readdirSync(outDir).length)
    throw new CorpusError(`${outDir} exists and is not empty`);
  const missing = [];
  const chosen = []; // { source, rel, text, documents }
  const seen = new Set();
  const skipped = new Map();
  const perSource = [];
  for (const spec of sources) {
    const eq = spec.indexOf('=');
    const path = eq > 0 ? spec.slice(eq + 1) : spec;
    let name = eq > 0 ? spec.slice(0, eq) : basename(resolve(path));
    if (name === 'repo') name = basename(dirname(resolve(path))); // owner+name/repo mirrors
    if (!existsSync(path)) {
      missing.push(spec);
      continue;
    }
    const { files, commit } = listSource(path);
    const patches = kustomizePatches(files);
    const stats = { name, commit, files: 0, documents: 0, bytes: 0 };
    for (const f of files) {
      let reason;
      let documents = 0;
      const bytes = f.read();
      if (KUSTOMIZATION_NAMES.has(basename(f.path)) || patches.has(f.path)) reason = 'kustomize';
      else {
        const hash = createHash('sha1').update(bytes).digest('hex');
        if (seen.has(hash)) reason = 'duplicate';
        else {
          const c = classify(bytes.toString('utf8'), f.path);
          if (typeof c === 'string') reason = c;
          else {
            seen.add(hash);
            documents = c;
          }
        }
      }
      if (reason) {
        skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
        continue;
      }
      chosen.push({ rel: `${name}/${f.path}`, bytes, documents });
      stats.files++;
      stats.documents += documents;
      stats.bytes += bytes.length;
    }
    perSource.push(stats);
  }
  const once = chosen.reduce((n, f) => n + f.bytes.length, 0);
  const copies = targetMb ? Math.max(1, Math.ceil((targetMb * 1024 * 1024) / once)) : 1;
  mkdirSync(outDir, { recursive: true });
  for (let c = 1; c <= copies; c++) {
    for (const f of chosen) {
      const dest = join(outDir, copies > 1 ? `copy${c}` : '', f.rel);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, f.bytes);
    }
  }
  const documents = chosen.reduce((n, f) => n + f.documents, 0);
  const mb = (b) => (b / (1024 * 1024)).toFixed(1);
  const lines = [
    `# Benchmark corpus: real files ×${copies}`,
    '',
    `${chosen.length * copies} files, ${documents * copies} documents, ${mb(once * copies)} MB` +
      (copies > 1
        ? ` (${chosen.length} files, ${documents} documents, ${mb(once)} MB, written ${copies} times)`
        : ''),
    '',
    '| source | commit | files | documents | MB |',
    '| --- | --- | --- | --- | --- |',
    ...perSource.map(
      (s) => `| ${s.name} | ${s.commit.slice(0, 12)} | ${s.files} | ${s.documents} | ${mb(s.bytes)} |`,
    ),
    '',
    'Largest files:',
    '',
    ...[...chosen]
      .sort((a, b) => b.bytes.length - a.bytes.length)
      .slice(0, 10)
      .map((f) => `- ${f.rel}: ${mb(f.bytes.length)} MB, ${f.documents} documents`),
    '',
    `Files by size: ${sizeBands(chosen)}`,
    '',
    `Skipped: ${[...skipped]
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `${n} ${r}`)
      .join(', ')}`,
    '',
  ];
  const report = lines.join('\n');
  writeFileSync(join(outDir, 'CORPUS.md'), report);
  return {
    copies,
    files: chosen.length * copies,
    documents: documents * copies,
    bytes: once * copies,
    skipped: Object.fromEntries(skipped),
    missing,
    report,
  };
}

function main() {
  const args = process.argv.slice(2);
  let targetMb = 0;
  const i = args.indexOf('--target-mb');
  if (i >= 0) {
    targetMb = Number(args[i + 1]);
    if (!(targetMb > 0)) usage('--target-mb needs a positive number');
    args.splice(i, 2);
  }
  const [out, ...sources] = args;
  if (!out || !sources.length) usage();
  const r = assembleCorpus(out, sources, { targetMb });
  for (const m of r.missing) console.warn(`skipped ${m}: not found`);
  console.log(r.report);
}

function sizeBands(files) {
  const bands = [
    ['< 10 KB', 10 * 1024],
    ['10–100 KB', 100 * 1024],
    ['100 KB–1 MB', 1024 * 1024],
    ['≥ 1 MB', Number.POSITIVE_INFINITY],
  ];
  return bands
    .map(([label, limit], k) => {
      const lower = k ? bands[k - 1][1] : 0;
      const inBand = files.filter((f) => f.bytes.length >= lower && f.bytes.length < limit);
      const bytes = inBand.reduce((n, f) => n + f.bytes.length, 0);
      return `${label}: ${inBand.length} files (${(bytes / (1024 * 1024)).toFixed(1)} MB)`;
    })
    .join('; ');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (err) {
    console.error(`bench-real-corpus: ${err instanceof Error ? err.message : err}`);
    process.exit(err instanceof CorpusError ? 2 : 1);
  }
}
