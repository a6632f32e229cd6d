// Bundles the CLI and the GitHub Action into single files under dist/ (fast startup; JavaScript
// actions cannot install dependencies at run time). `--if-stale` skips the build when dist/ is newer
// than every source file.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The CLI is split so `--version` loads only its entry; the Action is one file.
const entries = [
  { in: 'src/cli/bin.ts', out: 'dist/kubeharden.js', splitting: true },
  { in: 'src/action/main.ts', out: 'dist/action.js' },
].filter((e) => existsSync(join(root, e.in)));

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (process.argv.includes('--if-stale')) {
  const src = Math.max(newest(join(root, 'src')), newest(join(root, 'rules')));
  const stale = entries.some(
    (e) => !existsSync(join(root, e.out)) || statSync(join(root, e.out)).mtimeMs < src,
  );
  if (!stale) process.exit(0);
}

const { build } = await import('esbuild');
const { writeValidators } = await import('./validators.mjs');
await writeValidators(root);
rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });
for (const e of entries) {
  const out = e.splitting
    ? {
        // The loader's worker threads (src/load/parallel.ts) and the overlay thread
        // (src/overlay-thread.ts) start from more entries beside the chunks: our threads' tasks, and
        // tinypool's thread entry, which tinypool looks for next to its own (bundled) code as
        // entry/worker.js.
        entryPoints: {
          kubeharden: join(root, e.in),
          'chunks/load-worker': join(root, 'src/load/worker.ts'),
          'chunks/overlay-worker': join(root, 'src/overlay-worker.ts'),
          'chunks/entry/worker': join(root, 'node_modules/tinypool/dist/entry/worker.js'),
        },
        outdir: join(root, 'dist'),
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
      }
    : { entryPoints: [join(root, e.in)], outfile: join(root, e.out) };
  await build({
    ...out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'linked',
    // Smaller source compiles faster: start-up matters for pre-commit.
    minify: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);",
    },
  });
}
