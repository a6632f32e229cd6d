// `node scripts/compare-reports.mjs [--rev REV] [--format json,sarif] DIR...`: builds revision REV
// (default `main`) into a temporary folder (`git archive`, the shared node_modules linked in,
// `node scripts/build.mjs`), then lints each DIR with that bundle and with this tree's dist/ (build it
// first: `npm run build`), both from this tree's root with `--fail-on none`, and says per DIR and
// format whether the two reports are byte-identical, else where they first differ. Exit 0 when all
// are identical, 1 otherwise. This is how "identical reports before and after" is shown.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds `rev` of this repository in a temporary folder. Returns { dir, bin (dist/kubeharden.js),
 * cli (bin/kubeharden.js), commit, remove() }.
 */
export function buildRevision(rev) {
  const commit = run('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: root }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'kh-rev-'));
  // `git archive` rather than a worktree: nothing is registered in the repository.
  const tar = spawnSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tar.status !== 0) throw new Error(`git archive ${rev}: ${tar.stderr}`);
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
  run(process.execPath, ['scripts/build.mjs'], { cwd: dir });
  return {
    dir,
    commit,
    bin: join(dir, 'dist/kubeharden.js'),
    cli: join(dir, 'bin/kubeharden.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Runs `bin lint dir --format f` from this tree's root, the report written to `out`. */
function lintTo(bin, dir, format, out) {
  const fd = openSync(out, 'w');
  try {
    const r = spawnSync(process.execPath, [bin, 'lint', dir, '--format', format, '--fail-on', 'none'], {
      cwd: root,
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`lint ${dir} with ${bin} (exit ${r.status}): ${r.stderr}`);
  } finally {
    closeSync(fd);
  }
}

/** The first byte offset where two files differ, or -1 when they are equal. */
function firstDifference(a, b) {
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  const size = 1 << 20;
  const ba = Buffer.alloc(size);
  const bb = Buffer.alloc(size);
  try {
    for (let pos = 0; ; pos += size) {
      const na = readSync(fa, ba, 0, size, pos);
      const nb = readSync(fb, bb, 0, size, pos);
      const n = Math.min(na, nb);
      for (let i = 0; i < n; i++) if (ba[i] !== bb[i]) return pos + i;
      if (na !== nb) return pos + n;
      if (na === 0) return -1;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

/** The line around `offset` in a file, with its number. */
function lineAt(file, offset) {
  const fd = openSync(file, 'r');
  try {
    const start = Math.max(0, offset - 4096);
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, start);
    const text = buf.subarray(0, n).toString('utf8');
    const rel = Math.min(offset - start, text.length);
    const from = text.lastIndexOf('\n', rel - 1) + 1;
    const to = text.indexOf('\n', rel);
    let line = 1;
    const count = Buffer.alloc(1 << 20);
    for (let pos = 0; pos < from + start; ) {
      const k = readSync(fd, count, 0, Math.min(count.length, from + start - pos), pos);
      if (!k) break;
      for (let i = 0; i < k; i++) if (count[i] === 10) line++;
      pos += k;
    }
    return `line ${line}: ${text.slice(from, to < 0 ? undefined : to).slice(0, 300)}`;
  } finally {
    closeSync(fd);
  }
}

function main() {
  const args = process.argv.slice(2);
  const take = (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const rev = take('--rev', 'main');
  const formats = take('--format', 'json,sarif').split(',');
  const dirs = args;
  if (!dirs.length) {
    console.error('usage: node scripts/compare-reports.mjs [--rev REV] [--format json,sarif] DIR...');
    process.exit(2);
  }
  const current = join(root, 'dist/kubeharden.js');
  if (!existsSync(current)) {
    console.error('dist/kubeharden.js is missing: run `npm run build` first');
    process.exit(2);
  }
  const built = buildRevision(rev);
  const outDir = mkdtempSync(join(tmpdir(), 'kh-reports-'));
  let different = 0;
  try {
    console.log(`comparing this tree's dist/ with ${rev} (${built.commit.slice(0, 12)})`);
    for (const d of dirs) {
      for (const format of formats) {
        const a = join(outDir, 'before');
        const b = join(outDir, 'after');
        lintTo(built.bin, resolve(d), format, a);
        lintTo(current, resolve(d), format, b);
        const at = firstDifference(a, b);
        const size = statSync(b).size;
        if (at < 0)
          console.log(`identical  ${format.padEnd(5)} ${d} (${size.toLocaleString('en-US')} bytes)`);
        else {
          different++;
          console.log(`DIFFERENT  ${format.padEnd(5)} ${d}: first difference at byte ${at}`);
          console.log(`  ${rev}: ${lineAt(a, at)}`);
          console.log(`  now: ${lineAt(b, at)}`);
        }
      }
    }
  } finally {
    built.remove();
    rmSync(outDir, { recursive: true, force: true });
  }
  process.exit(different ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (err) {
    console.error(`compare-reports: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  }
}
