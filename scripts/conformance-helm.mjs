// `npm run conformance:helm -- <dir>`: renders every case of `<dir>/cases.json` with kubeharden's
// Helm renderer and compares with the output `helm template` printed (the expected file). Reports how
// many match byte for byte and how many match as parsed YAML (same documents, same order). A case with
// `wantError` matches when rendering fails with the expected message.
// Cases use Helm's test defaults: release `release-name`, namespace `default`, Kubernetes v1.20.0, and
// Helm's main-branch document splitting (the expected files were made there; helm v4.1.4 trims the
// blank line after each document, which is kubeharden's default).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : undefined;
const dir = resolve(arg ?? join(root, '..', 'shared', 'conformance', 'helm'));
const verbose = process.argv.includes('--verbose');
const only = process.argv.includes('--case') ? process.argv[process.argv.indexOf('--case') + 1] : undefined;
if (!existsSync(join(dir, 'cases.json'))) {
  console.error(`no cases.json in ${dir}`);
  process.exit(2);
}

// Bundle the renderer from source, so the script needs no prior build.
const cache = join(root, 'node_modules', '.cache', 'kubeharden');
mkdirSync(cache, { recursive: true });
const out = join(cache, 'conformance-helm.mjs');
const { build } = await import('esbuild');
await build({
  entryPoints: [join(root, 'src', 'render', 'helm', 'render.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);",
  },
});
const { renderChart } = await import(pathToFileURL(out).href);
const YAML = await import('yaml');

const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
let bytes = 0;
let parsed = 0;
let ran = 0;
const failures = [];
for (const c of cases) {
  if (only && c.name !== only) continue;
  ran++;
  const expected = readFileSync(join(dir, c.expected), 'utf8');
  const r = renderChart(join(dir, c.chart), {
    releaseName: 'release-name',
    namespace: 'default',
    kubeVersion: c.kubeVersion ?? '1.20.0',
    apiVersions: c.apiVersions ?? [],
    valueFiles: (c.values ?? []).map((v) => join(dir, v)),
    set: c.set ?? [],
    includeCrds: c.includeCrds === true,
    skipTests: c.skipTests === true,
    resolveLocalDependencies: false,
    // The expected outputs come from Helm's main branch, which keeps a blank line after documents.
    helmCompat: 'main',
    ...(c.nameTemplate ? { nameTemplate: c.nameTemplate } : {}),
  });
  let actual;
  if (r.error) actual = `Error: ${r.error.message}\n`;
  else actual = c.showOnly ? showOnly(r.text, c.showOnly) : r.text;
  if (actual === expected) {
    bytes++;
    parsed++;
    continue;
  }
  if (!c.wantError && !r.error && sameYaml(actual, expected)) {
    parsed++;
    failures.push({ name: c.name, how: 'parsed YAML only' });
    continue;
  }
  failures.push({ name: c.name, how: 'differs', actual, expected });
}
for (const f of failures) {
  console.log(`✗ ${f.name}: ${f.how}`);
  if (verbose && f.actual !== undefined) {
    console.log(`--- expected\n${f.expected}--- actual\n${f.actual}`);
  }
}
console.log(`helm conformance (${dir}): ${bytes}/${ran} byte-for-byte, ${parsed}/${ran} as parsed YAML`);
process.exit(bytes === ran ? 0 : 1);

function sameYaml(a, b) {
  const docs = (t) =>
    YAML.parseAllDocuments(t)
      .map((d) => d.toJS())
      .filter((d) => d !== null);
  try {
    return JSON.stringify(docs(a)) === JSON.stringify(docs(b));
  } catch {
    return false;
  }
}

/** `helm template --show-only`: the documents whose `# Source:` path (after the chart name) matches. */
function showOnly(text, patterns) {
  const docs = text
    .replace(/^\s+/, '')
    .split(/^---[ \t]*/m)
    .filter((d) => d.trim() !== '')
    .map((d) => d.replace(/^\s+/, ''));
  let outText = '';
  for (const p of patterns) {
    const re = new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replaceAll('*', '[^/]*')
        .replaceAll('?', '[^/]')}$`,
    );
    let found = false;
    for (const d of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(d);
      if (!m || !re.test(m[1])) continue;
      outText += `---\n${d}\n`;
      found = true;
    }
    if (!found) return `Error: could not find template ${p} in chart\n`;
  }
  return outText;
}
