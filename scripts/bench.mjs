// `npm run bench [-- --docs N] [--keep] [--runs N]`: generates a manifest corpus in a temporary
// folder, then times (a) reading every file and parsing it with `YAML.parseAllDocuments` alone and
// (b) `kubeharden lint` over the same folder (every `recommended` rule on), each in a fresh Node
// process, and prints documents per second, MB/s, peak RSS and the ratio b/a. Also times the two
// start-up paths a pre-commit hook cares about. It is a benchmark, not a test: it never fails on a
// number; it reports them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './bench-corpus.mjs';
import { benchHelm } from './bench-helm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Baseline mode (run in a child): read and parse every file listed, report what it did.
if (process.argv[2] === '--baseline') {
  const { parseAllDocuments } = await import('yaml');
  const paths = readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);
  let documents = 0;
  for (const p of paths) documents += parseAllDocuments(readFileSync(p, 'utf8')).length;
  process.stdout.write(`${JSON.stringify({ documents })}\n`);
  process.exit(0);
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`${name} needs a positive number`);
    process.exit(2);
  }
  return v;
}

const docs = option('--docs', 10_000);
const runs = option('--runs', docs > 20_000 ? 1 : 3);
const keep = process.argv.includes('--keep');

// Every child reports its own peak resident set size (KiB) and CPU time (µs) on exit, from getrusage:
// CPU time is the steadier number on a busy machine.
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const r = process.resourceUsage(); writeSync(2, '\\n@@maxrss=' + r.maxRSS + ' cpu=' + (r.userCPUTime + r.systemCPUTime) + '\\n'); });",
)}`;

function timeChild(args, { measureRss = true } = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, measureRss ? ['--import', RSS_HOOK, ...args] : args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  const m = /@@maxrss=(\d+) cpu=(\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 && r.status !== 1) {
    console.error(`failed: node ${args.join(' ')} (exit ${r.status})\n${r.stderr}`);
    process.exit(2);
  }
  return {
    ms,
    cpuMs: m ? Number(m[2]) / 1000 : Number.NaN,
    rssBytes: m ? Number(m[1]) * 1024 : Number.NaN,
    stdout: r.stdout,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => bytes / (1024 * 1024);
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const dir = mkdtempSync(join(tmpdir(), 'kubeharden-bench-'));
// `--helm`: only the Helm chart bench (render + lint against lint of the pre-rendered output).
if (process.argv.includes('--helm')) {
  try {
    benchHelm({ dir, bin: join(root, 'dist/kubeharden.js'), runs, timeChild, median, fmt });
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}
try {
  const t0 = performance.now();
  const corpus = generateCorpus(join(dir, 'repo'), { documents: docs });
  const listFile = join(dir, 'files.txt');
  writeFileSync(listFile, corpus.paths.join('\n'));
  console.log(
    `corpus: ${fmt(corpus.documents)} documents in ${fmt(corpus.files)} files, ${fmt(mb(corpus.bytes), 1)} MB ` +
      `(${corpus.bundles} install bundles with CRDs, ${fmt(mb(corpus.bundleBytes), 1)} MB) ` +
      `generated in ${fmt((performance.now() - t0) / 1000, 1)} s${keep ? ` at ${join(dir, 'repo')}` : ''}`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}\n`,
  );

  const bin = join(root, 'dist/kubeharden.js');
  const parse = [];
  const lint = [];
  for (let i = 0; i < runs; i++) {
    const a = timeChild([fileURLToPath(import.meta.url), '--baseline', listFile]);
    const counted = JSON.parse(a.stdout).documents;
    if (counted !== corpus.documents)
      console.warn(`baseline parsed ${counted} documents, expected ${corpus.documents}`);
    parse.push(a);
    lint.push(timeChild([bin, 'lint', join(dir, 'repo'), '--format', 'json', '--fail-on', 'none']));
  }
  const row = (label, results) => {
    const ms = median(results.map((r) => r.ms));
    const cpuMs = median(results.map((r) => r.cpuMs));
    const rss = Math.max(...results.map((r) => r.rssBytes));
    console.log(
      `${label.padEnd(34)} ${fmt(ms / 1000, 2).padStart(7)} s ${fmt(corpus.documents / (ms / 1000)).padStart(8)} docs/s ${fmt(mb(corpus.bytes) / (ms / 1000), 1).padStart(6)} MB/s   CPU ${fmt(cpuMs / 1000, 2).padStart(6)} s   peak RSS ${fmt(mb(rss)).padStart(5)} MB`,
    );
    return { ms, cpuMs };
  };
  console.log(`median of ${runs} run${runs > 1 ? 's' : ''}, each a fresh process (start-up included):`);
  const a = row('(a) read + YAML.parseAllDocuments', parse);
  const b = row('(b) kubeharden lint (recommended)', lint);
  console.log(
    `ratio b/a: ${fmt(b.ms / a.ms, 2)} wall-clock, ${fmt(b.cpuMs / a.cpuMs, 2)} CPU time  (bar: ≤ 1.5)`,
  );
  const rss = Math.max(...lint.map((r) => r.rssBytes));
  console.log(`lint peak RSS: ${fmt(mb(rss))} MB  (bar at 100,000 documents: < 1024 MB)\n`);

  // Start-up, as a pre-commit hook sees it: the installed bin, ten runs each, median (no RSS hook:
  // loading it costs start-up time of its own).
  const cli = join(root, 'bin/kubeharden.js');
  const small = corpus.paths.find((p) => p.endsWith('/service.yaml')) ?? corpus.paths[0];
  const version = median(
    Array.from({ length: 10 }, () => timeChild([cli, '--version'], { measureRss: false }).ms),
  );
  const one = median(
    Array.from(
      { length: 10 },
      () => timeChild([cli, 'lint', small, '--fail-on', 'none'], { measureRss: false }).ms,
    ),
  );
  console.log(`kubeharden --version:           ${fmt(version)} ms  (bar: < 150 ms)`);
  console.log(`kubeharden lint <one file>:     ${fmt(one)} ms  (bar: < 300 ms)`);
  benchHelm({ dir, bin, runs, timeChild, median, fmt });
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
