// Running git on a repository we do not trust. A scanned folder may carry its own .git/config
// (an unpacked archive, a checked-out submodule), and several of git's settings name programs git
// then runs: core.fsmonitor (run by any command that looks at the work tree), filter drivers
// (run when git hashes a work-tree file), diff.external and textconv (run by `git diff`), hooks.
// So only plumbing that never hashes or diffs file contents is used (ls-files, diff-index
// --name-only), fsmonitor is switched off on the command line (command-line settings win over
// the repository's), system config is skipped, nothing may prompt, and refs never pass as options.
import { execFileSync, spawnSync } from 'node:child_process';

export class GitError extends Error {}

const SAFE_SETTINGS = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.untrackedCache=false',
  // Hooks are not run by the commands used here; pointing them nowhere is belt and braces.
  '-c',
  'core.hooksPath=/dev/null',
];

function safeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    // Its warnings are read (unreadable folders): in English whatever the user's locale.
    LC_ALL: 'C',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
  };
  // Variables that would make git run a program or read another repository's settings.
  for (const k of ['GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_CONFIG'])
    delete env[k];
  return env;
}

function spawnGit(args: readonly string[], cwd: string) {
  return spawnSync('git', [...SAFE_SETTINGS, ...args], {
    cwd,
    env: safeEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    windowsHide: true,
  });
}

/** Runs git with output captured; throws GitError with git's first line of complaint. */
export function runGit(args: readonly string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync('git', [...SAFE_SETTINGS, ...args], {
      cwd,
      env: { ...safeEnv(), ...extraEnv },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 30,
      windowsHide: true,
    });
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer | string };
    if (e.code === 'ENOENT') throw new GitError('git is not installed');
    const stderr = e.stderr?.toString().trim().split('\n')[0];
    throw new GitError(stderr || (err instanceof Error ? err.message : String(err)));
  }
}

/**
 * Files git would show for `dir` (tracked, and untracked but not ignored), relative to `dir`, or
 * undefined when `dir` is not in a work tree or git cannot run. A tracked file is listed even if an
 * ignore pattern matches it, as git itself treats it.
 */
export function gitListFiles(dir: string): { files: string[]; unreadable: string[] } | undefined {
  // A folder the repository ignores (rendered output, say) was named on purpose: git would list
  // nothing in it, so it is walked instead (its own ignore files still apply). Status 1: not ignored.
  if (spawnGit(['check-ignore', '-q', '.'], dir).status !== 1) return undefined;
  const r = spawnGit(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], dir);
  if (r.error || r.status !== 0) return undefined;
  // git lists what it could read and warns about the rest; those files must not vanish silently.
  const unreadable = [...r.stderr.matchAll(/could not open directory '([^']*)'/g)].map((m) =>
    m[1]!.replace(/\/$/, ''),
  );
  return { files: [...new Set(r.stdout.split('\0').filter(Boolean))], unreadable };
}

/** A git ref named on the command line: never an option. */
export function checkRef(ref: string): string | undefined {
  if (!ref) return 'expects a git ref';
  if (ref.startsWith('-')) return `expects a git ref, not an option ("${ref}")`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(ref)) return 'expects a git ref (it holds control characters)';
  return undefined;
}

/**
 * Settings (as GIT_CONFIG_* variables, which take any key) that turn off every filter driver the
 * repository's config defines: comparing the work tree with a commit hashes changed files, and
 * hashing runs a file's `clean` filter, a command from the repository.
 */
function withoutFilterDrivers(cwd: string): NodeJS.ProcessEnv {
  let keys: string[];
  try {
    keys = runGit(['config', '-z', '--name-only', '--get-regexp', '^filter\\.'], cwd).split('\0');
  } catch {
    // Exit status 1: no filter settings at all.
    return {};
  }
  const drivers = new Set(
    keys
      .filter((k) => /\.(clean|smudge|process|required)$/.test(k))
      .map((k) => k.slice(0, k.lastIndexOf('.'))),
  );
  const env: NodeJS.ProcessEnv = {};
  let n = 0;
  for (const d of drivers) {
    for (const [setting, value] of [
      ['clean', ''],
      ['smudge', ''],
      ['process', ''],
      ['required', 'false'],
    ] as const) {
      env[`GIT_CONFIG_KEY_${n}`] = `${d}.${setting}`;
      env[`GIT_CONFIG_VALUE_${n}`] = value;
      n++;
    }
  }
  if (n) env.GIT_CONFIG_COUNT = String(n);
  return env;
}

/**
 * Files changed since `ref` (committed, staged, unstaged, and untracked but not ignored), relative
 * to `cwd`. Names only (no diff, so no diff driver or textconv), with the repository's filter
 * drivers turned off.
 */
export function gitChangedFiles(ref: string, cwd: string): Set<string> {
  const changed = runGit(
    [
      'diff-index',
      '--name-only',
      '-z',
      '--relative',
      '--no-ext-diff',
      '--no-textconv',
      '--diff-filter=ACMR',
      '--end-of-options',
      ref,
    ],
    cwd,
    withoutFilterDrivers(cwd),
  );
  const untracked = runGit(['ls-files', '-z', '--others', '--exclude-standard'], cwd);
  return new Set([...changed.split('\0'), ...untracked.split('\0')].filter(Boolean));
}
