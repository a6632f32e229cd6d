// `node scripts/bench-decode.mjs <folder> [rounds]`: decode throughput of every YAML/JSON file under
// a folder, in MB/s of CPU time: the loader's decodeManifestBytes (src/load/index.ts, bundled on the
// fly) against a fatal TextDecoder with a non-fatal retry and a NUL search in the text (how it was
// decoded before), alternating in one process so a busy machine slows both alike. Files are read
// once, before timing. A benchmark, not a test: it prints numbers and never fails on them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = process.argv[2];
const rounds = Number(process.argv[3] ?? 5);
if (!folder) {
  console.error('usage: node scripts/bench-decode.mjs <folder> [rounds]');
  process.exit(2);
}

const out = mkdtempSync(join(tmpdir(), 'kubeharden-decode-'));
await build({
  entryPoints: [join(root, 'src/load/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: join(out, 'load.mjs'),
  logLevel: 'warning',
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
const { decodeManifestBytes } = await import(pathToFileURL(join(out, 'load.mjs')).href);
rmSync(out, { recursive: true });

const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git' && e.name !== 'node_modules') walk(p);
    } else if (/\.(ya?ml|json)$/.test(e.name)) files.push(readFileSync(p));
  }
};
walk(folder);
const bytes = files.reduce((n, b) => n + b.length, 0);

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const loose = new TextDecoder('utf-8', { ignoreBOM: true });
const before = (b) => {
  let text;
  try {
    text = strict.decode(b);
  } catch {
    text = loose.decode(b);
  }
  return text.includes('\0') ? 0 : text.length;
};
const after = (b) => {
  const d = decodeManifestBytes(b);
  return 'problem' in d ? 0 : d.text.length;
};

const cpu = () => {
  const r = process.resourceUsage();
  return r.userCPUTime + r.systemCPUTime;
};
const results = { before: [], after: [] };
for (let i = 0; i < rounds; i++) {
  for (const [name, fn] of Object.entries({ before, after })) {
    const t0 = cpu();
    let chars = 0;
    for (const b of files) chars += fn(b);
    results[name].push(bytes / (cpu() - t0));
    if (chars === -1) console.log(chars);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${rounds} rounds (MB/s of CPU time, median)`,
);
for (const [name, xs] of Object.entries(results))
  console.log(
    `${name.padEnd(7)} ${median(xs).toFixed(0)} MB/s  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`,
  );
