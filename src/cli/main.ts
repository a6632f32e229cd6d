// The command-line face: parses options, calls the pipeline, prints, exits. Only here (and in the
// Action) does anything print or exit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkRef, gitChangedFiles } from '../discover/git.js';
import { type Rule, SEVERITIES, type Severity } from '../engine/rule.js';
import type { LintResult } from '../lint.js';
import { FORMATS, type Format } from '../report/formats.js';
import { VERSION } from '../version.js';

// The pipeline, the rules and the reports are loaded only by the commands that need them, so
// `--version` and `--help` start fast (pre-commit runs the CLI once per commit).
const loadPipeline = () => import('./commands.js');
// Kept literal so `--help` needs no data; test/core/peers.test.ts checks it against PEER_LINTERS.
export const PEER_NAMES = 'kube-linter, polaris, kube-score, checkov, kics, kubescape, trivy';

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

class UsageError extends Error {}

interface LintFlags {
  format: Format;
  output?: string;
  failOn?: Severity | 'none';
  config?: string;
  kubernetesVersion?: string;
  context: string[];
  changedSince?: string;
  fix?: boolean;
  fixDryRun?: boolean;
  fixRules?: string;
  color?: boolean;
  values: string[];
  set: string[];
}

function parseFailOn(v: string): Severity | 'none' {
  if (v === 'none' || (SEVERITIES as readonly string[]).includes(v)) return v as Severity | 'none';
  throw new InvalidArgumentError(`expected one of ${[...SEVERITIES, 'none'].join(', ')}`);
}

function parseVersion(v: string): string {
  if (!/^v?1\.\d+(\.\d+)?$/.test(v))
    throw new InvalidArgumentError('expected a Kubernetes version such as 1.34');
  return v.replace(/^v/, '').split('.').slice(0, 2).join('.');
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** Bytes, decoded later as kubectl decodes them; a failed read becomes a finding, not empty input. */
function readStdin(): Uint8Array | { readonly error: string } {
  try {
    return readFileSync(0);
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

function parseFixRules(list: string, rules: readonly Rule[]): Set<string> {
  const ids = new Set(
    list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const id of ids) {
    const rule = rules.find((r) => r.meta.id === id);
    if (!rule) throw new UsageError(`--fix-rules: unknown rule "${id}"; see \`kubeharden rules\``);
    if (!rule.meta.fixable)
      throw new UsageError(`--fix-rules: rule "${id}" has no fix; see \`kubeharden rules\``);
  }
  return ids;
}

/** Files changed since a git ref (committed, staged, unstaged and untracked), relative to the cwd. */
function changedSince(ref: string, cwd: string): Set<string> {
  const bad = checkRef(ref);
  if (bad) throw new UsageError(`--changed-since ${bad}`);
  try {
    return gitChangedFiles(ref, cwd);
  } catch (err) {
    throw new UsageError(
      `--changed-since ${ref}: git could not list changed files (${(err as Error).message})`,
    );
  }
}

async function runLint(paths: string[], flags: LintFlags, io: CliIo): Promise<number> {
  const {
    lint,
    applyFixes,
    stillFound,
    formatChunks,
    severityRank,
    builtinRules,
    writeFileAtomic,
    WriteError,
  } = await loadPipeline();
  const cwd = process.cwd();
  const stdin = paths.includes('-') ? io.readStdin() : undefined;
  const changed = flags.changedSince ? changedSince(flags.changedSince, cwd) : undefined;
  const request = {
    paths: paths.length ? paths : ['.'],
    cwd,
    ...(flags.config ? { configPath: flags.config } : {}),
    ...(typeof stdin === 'string' ? { stdinText: stdin } : stdin !== undefined ? { stdin } : {}),
    ...(flags.kubernetesVersion ? { kubernetesVersion: flags.kubernetesVersion } : {}),
    ...(changed ? { reportFilter: (p: string) => changed.has(p) } : {}),
    ...(flags.context.length ? { contextPaths: flags.context } : {}),
    ...(flags.values.length || flags.set.length
      ? { helm: { valueFiles: flags.values.map((v) => resolve(cwd, v)), set: flags.set } }
      : {}),
  };
  let result: LintResult = await lint(request);
  if (result.missing.length) throw new UsageError(`no such file or folder: ${result.missing.join(', ')}`);
  let writeFailed = false;
  if (flags.fix || flags.fixDryRun) {
    const rules = flags.fixRules ? parseFixRules(flags.fixRules, builtinRules) : undefined;
    const summary = applyFixes(result.findings, result.inputs, result.files, {
      write: Boolean(flags.fix) && !flags.fixDryRun,
      ...(rules ? { rules } : {}),
    });
    for (const note of summary.notes) io.stderr(`kubeharden: ${note}\n`);
    for (const error of summary.errors) io.stderr(`kubeharden: ${error}\n`);
    writeFailed = summary.errors.length > 0;
    const n = summary.applied;
    if (flags.fixDryRun) {
      // The diff alone on stdout, so it can be saved and applied with `git apply`.
      await io.stdout(summary.diff);
      io.stderr(
        `kubeharden: ${n} fix${n === 1 ? '' : 'es'} in ${summary.filesChanged.length} file${summary.filesChanged.length === 1 ? '' : 's'} (dry run: nothing written)\n`,
      );
      return EXIT_OK;
    }
    if (n > 0) {
      io.stderr(
        `kubeharden: applied ${n} fix${n === 1 ? '' : 'es'} in ${summary.filesChanged.length} file${summary.filesChanged.length === 1 ? '' : 's'}\n`,
      );
      result = await lint(request);
      for (const note of stillFound(summary.retargeted, result.findings)) io.stderr(`kubeharden: ${note}\n`);
    }
  }
  const reportStart = performance.now();
  // commander sets `color` true unless --no-color; colour still needs a terminal.
  const color = flags.color !== false && io.isTTY;
  const configFile = result.config.source ? shownPath(result.config.source, cwd) : undefined;
  const options = { color, toolVersion: VERSION, ...(configFile ? { configFile } : {}) };
  if (flags.output) {
    try {
      writeFileAtomic(
        resolve(cwd, flags.output),
        formatChunks(result, flags.format, { ...options, color: false }),
      );
    } catch (err) {
      if (!(err instanceof WriteError)) throw err;
      io.stderr(`kubeharden: ${err.message}\n`);
      writeFailed = true;
    }
    // The file gets the chosen format; the terminal still gets the human report.
    await writeChunks(io, formatChunks(result, 'text', options));
  } else {
    await writeChunks(io, formatChunks(result, flags.format, options));
  }
  // For measurements (docs/performance.md): where a lint's wall-clock time went.
  if (process.env.KUBEHARDEN_TIMINGS === '1') {
    const timings = [...result.timings, { stage: 'report', ms: performance.now() - reportStart }];
    for (const t of timings) io.stderr(`kubeharden: timing ${t.stage}: ${t.ms.toFixed(0)} ms\n`);
  }
  if (writeFailed) return EXIT_ERROR;
  const failOn = flags.failOn ?? result.config.failOn;
  if (failOn === 'none') return EXIT_OK;
  const threshold = severityRank(failOn);
  return result.findings.some((f) => !f.suppression && severityRank(f.severity) >= threshold)
    ? EXIT_FINDINGS
    : EXIT_OK;
}

/** A path as the user should see it: relative to the cwd when inside it, POSIX separators. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(cwd, path)).split(sep).join('/');
}

// Small batches: a string over about 128 KB is allocated in V8's large-object space, which only a
// full collection frees; 1 MiB batches of a large report cost more than the writes they saved.
const BATCH_CHARS = 1 << 15;

/** Writes a report as it is produced, in batches, waiting when the terminal or pipe is full. */
async function writeChunks(io: CliIo, chunks: Iterable<string>): Promise<void> {
  let batch = '';
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= BATCH_CHARS) {
      await io.stdout(batch);
      batch = '';
    }
  }
  if (batch) await io.stdout(batch);
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !env.NO_COLOR;
}

export interface CliIo {
  /** May return a promise that settles when the output can take more. */
  stdout(s: string): void | Promise<void>;
  stderr(s: string): void;
  readStdin(): string | Uint8Array | { readonly error: string };
  /** True when the text report may use colour (a terminal, NO_COLOR unset). */
  readonly isTTY: boolean;
}

/** Standard output could not take the report (a closed pipe, a full disk): said once, exit 2. */
export class OutputError extends Error {}

const ERRNO_TEXT: Record<string, string> = {
  EPIPE: 'the reader closed the pipe',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EIO: 'an input/output error',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ELOOP: 'too many levels of links',
};

/** `permission denied (EACCES)`, or the code alone when we have no words for it. */
export function errnoText(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return undefined;
  return ERRNO_TEXT[code] ? `${ERRNO_TEXT[code]} (${code})` : code;
}

function writeStdout(s: string): Promise<void> {
  return new Promise<void>((done, fail) => {
    const failed = (err: unknown) =>
      fail(new OutputError(`cannot write the report to standard output: ${errnoText(err) ?? String(err)}`));
    try {
      // The callback runs once the data is handed to the system, or with the error that stopped it.
      process.stdout.write(s, (err) => (err ? failed(err) : done()));
    } catch (err) {
      failed(err);
    }
  });
}

let stdoutGuarded = false;
const processIo: CliIo = {
  stdout: (s) => {
    if (!stdoutGuarded) {
      // The error also arrives as an event; without a listener Node would crash with a stack trace.
      process.stdout.on('error', () => {});
      stdoutGuarded = true;
    }
    return writeStdout(s);
  },
  stderr: (s) => {
    try {
      process.stderr.write(s);
    } catch {
      // Nowhere left to say it.
    }
  },
  readStdin,
  isTTY: wantsColor(Boolean(process.stdout.isTTY), process.env),
};

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('kubeharden')
    .description('Static Kubernetes manifest linter: hardening checks for the manifests in a Git repository.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      // Help and version text: a closed pipe there is not worth a message.
      writeOut: (s) => void Promise.resolve(io.stdout(s)).catch(() => {}),
      writeErr: io.stderr,
    });

  program
    .command('lint')
    .description('lint files and folders (default .); "-" reads manifests from standard input')
    .argument('[paths...]', 'files, folders, or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the report in --format to a file; the terminal still gets text')
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding is at or above this severity (or none)',
      parseFailOn,
    )
    .option('-c, --config <file>', 'configuration file (default: .kubeharden.yaml found upwards)')
    .option('--kubernetes-version <version>', 'target Kubernetes version, e.g. 1.34', parseVersion)
    .option(
      '--context <dir>',
      'load this folder too as context for cross-resource rules (repeatable)',
      collect,
      [],
    )
    .option('--changed-since <ref>', 'report findings only in files changed since a git ref')
    .option('--fix', 'apply the fixes findings offer (rewrites files atomically)')
    .option('--fix-dry-run', 'print the fixes as a unified diff; write nothing')
    .option('--fix-rules <ids>', 'with --fix or --fix-dry-run: only these rules (comma-separated)')
    .option('--values <file>', 'values file for the Helm charts linted (repeatable)', collect, [])
    .option('--set <key=value>', 'set values for the Helm charts linted (repeatable)', collect, [])
    .option('--no-color', 'no colours in the text report')
    .action(async (paths: string[], flags: LintFlags) => {
      setExit(await runLint(paths, flags, io));
    });

  program
    .command('render')
    .description(
      'print what `helm template [NAME] CHART` prints (same flags), or `kustomize build DIR` for a kustomization folder; for debugging',
    )
    .argument('<args...>', '[NAME] CHART: a chart folder or .tgz; or a kustomization folder')
    .option('-f, --values <file>', 'values file (repeatable)', collect, [])
    .option('--set <key=value>', 'set values (repeatable; a=b,c.d=e)', collect, [])
    .option('--set-string <key=value>', 'set string values (repeatable)', collect, [])
    .option('--set-file <key=path>', 'set values from files (repeatable)', collect, [])
    .option('-n, --namespace <namespace>', 'namespace of the release', 'default')
    .option('--kube-version <version>', 'Kubernetes version for .Capabilities.KubeVersion')
    .option(
      '-a, --api-versions <versions>',
      'extra API versions for .Capabilities.APIVersions (repeatable)',
      collect,
      [],
    )
    .option('--include-crds', 'include the CRDs in the output')
    .option('--skip-crds', 'leave the CRDs out (the default)')
    .option('--skip-tests', 'leave test hooks out')
    .option('--no-hooks', 'leave hooks out')
    .option(
      '-s, --show-only <template>',
      'only the documents of this template (repeatable, globs)',
      collect,
      [],
    )
    .option('--output-dir <dir>', 'write one file per template under this folder')
    .option('--release-name', 'use the release name in the --output-dir path')
    .option('--name-template <template>', 'template the release name is rendered from')
    .option('--is-upgrade', 'set .Release.IsUpgrade instead of .Release.IsInstall')
    .addOption(
      new Option('--helm-compat <version>', 'document splitting of helm v4.1 (default) or of Helm main')
        .choices(['v4.1', 'main'])
        .hideHelp(),
    )
    .action(async (args: string[], flags) => {
      const { runRender } = await import('./render.js');
      setExit(await runRender(args, flags, io, process.cwd()));
    });

  program
    .command('rules')
    .description('list the rules with severity, category and presets')
    .option('--peer <linter>', `map another linter's checks to kubeharden rules (${PEER_NAMES})`)
    .action(async (opts: { peer?: string }) => {
      const { builtinRules, isPeerLinter, peerMappingText } = await loadPipeline();
      if (opts.peer !== undefined) {
        if (!isPeerLinter(opts.peer))
          throw new UsageError(`unknown linter "${opts.peer}"; use one of ${PEER_NAMES}`);
        await io.stdout(peerMappingText(opts.peer, builtinRules));
        return;
      }
      const rows = [...builtinRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
      const w = Math.max(...rows.map((r) => r.meta.id.length));
      const lines = rows.map(
        (r) =>
          `${r.meta.id.padEnd(w)}  ${r.meta.severity.padEnd(8)}  ${r.meta.category.padEnd(14)}  ${(r.meta.fixable ? 'yes' : '-').padEnd(3)}  ${r.meta.category === 'parse' ? 'always' : r.meta.presets.join(',') || '-'}`,
      );
      await io.stdout(`${'id'.padEnd(w)}  severity  category        fix  presets\n${lines.join('\n')}\n`);
    });

  program
    .command('init')
    .description('write a .kubeharden.yaml for the repository, optionally translated from another linter')
    .argument('[file]', 'the configuration of the linter named by --from')
    .option('--from <linter>', "translate this linter's configuration file (kube-linter, polaris)")
    .option('--dir <dir>', 'repository root to write .kubeharden.yaml in', '.')
    .option('--force', 'replace an existing .kubeharden.yaml')
    .action(async (file: string | undefined, opts: { from?: string; dir: string; force?: boolean }) => {
      const { builtinRules, runInit, InitError, INIT_SOURCES } = await loadPipeline();
      const sources: readonly string[] = INIT_SOURCES;
      if (opts.from !== undefined && !sources.includes(opts.from))
        throw new UsageError(`--from: unknown linter "${opts.from}"; use one of ${sources.join(', ')}`);
      if (opts.from !== undefined && file === undefined)
        throw new UsageError(`--from ${opts.from} needs the configuration file to translate`);
      if (opts.from === undefined && file !== undefined)
        throw new UsageError(`${file}: name its linter with --from`);
      try {
        const from =
          opts.from && file ? { linter: opts.from as (typeof INIT_SOURCES)[number], file } : undefined;
        const { path } = runInit(
          { dir: opts.dir, rules: builtinRules, ...(from ? { from } : {}) },
          opts.force === true,
        );
        await io.stdout(`wrote ${path}\n`);
      } catch (err) {
        if (err instanceof InitError) throw new UsageError(err.message);
        throw err;
      }
    });

  program
    .command('explain')
    .description('show the documentation of a rule')
    .argument('<rule-id>')
    .option('--markdown', 'print Markdown')
    .action(async (id: string, opts: { markdown?: boolean }) => {
      const { builtinRules, ruleMarkdown, ruleText } = await loadPipeline();
      const rule = builtinRules.find((r: Rule) => r.meta.id === id);
      if (!rule) throw new UsageError(`unknown rule "${id}"; see \`kubeharden rules\``);
      await io.stdout(`${opts.markdown ? ruleMarkdown(rule) : ruleText(rule)}\n`);
    });

  program
    .command('docs', { hidden: true })
    .description('write docs/rules/<id>.md for every rule')
    .requiredOption('--out <dir>')
    .option('--schema <file>', 'also write the JSON Schema of .kubeharden.yaml')
    .option('--migrating <file>', 'also write the peer-linter migration guide (docs/migrating.md)')
    .action(async (opts: { out: string; schema?: string; migrating?: string }) => {
      const { builtinRules, ruleMarkdown, rulesIndexMarkdown, CONFIG_SCHEMA, migratingMarkdown } =
        await loadPipeline();
      if (opts.schema) writeFileSync(opts.schema, `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
      if (opts.migrating) writeFileSync(opts.migrating, migratingMarkdown(builtinRules));
      mkdirSync(opts.out, { recursive: true });
      for (const r of builtinRules) writeFileSync(join(opts.out, `${r.meta.id}.md`), ruleMarkdown(r));
      writeFileSync(join(opts.out, 'README.md'), rulesIndexMarkdown(builtinRules));
      await io.stdout(`wrote ${builtinRules.length} rule pages to ${opts.out}\n`);
    });

  return program;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return EXIT_OK;
      return EXIT_ERROR;
    }
    const { ConfigError, DiscoverError } = await loadPipeline();
    if (err instanceof ConfigError) io.stderr(`kubeharden: configuration error: ${oneLine(err.message)}\n`);
    else if (err instanceof UsageError || err instanceof OutputError || err instanceof DiscoverError)
      io.stderr(`kubeharden: ${oneLine(err.message)}\n`);
    else if (errnoText(err)) {
      // A system call failed (a report file that cannot be written, a full disk): name it, no trace.
      const e = err as NodeJS.ErrnoException;
      io.stderr(
        `kubeharden: cannot ${e.syscall ?? 'complete'}${e.path ? ` ${oneLine(e.path)}` : ''}: ${errnoText(err)}\n`,
      );
    } else if (err instanceof RangeError && /call stack/i.test((err as RangeError).message)) {
      io.stderr('kubeharden: the input nests too deeply to process\n');
    } else {
      io.stderr(`kubeharden: internal error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
      if (process.env.KUBEHARDEN_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
      io.stderr('Please report this at https://github.com/kubeharden/kubeharden/issues\n');
    }
    return EXIT_ERROR;
  }
}

/** A message from deeper down on one line, with no control characters (it goes to a terminal). */
function oneLine(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}
