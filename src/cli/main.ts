// The command-line face: parses options, calls the pipeline, prints, exits. Only here (and in the
// Action) does anything print or exit.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
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
  color?: boolean;
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

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

/** Files changed since a git ref (committed, staged, unstaged and untracked), relative to the cwd. */
function changedSince(ref: string, cwd: string): Set<string> {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')
      .filter(Boolean);
  try {
    // --no-ext-diff/--no-textconv: never run diff drivers configured by the scanned repository.
    const changed = git([
      'diff',
      '--name-only',
      '--relative',
      '--no-ext-diff',
      '--no-textconv',
      '--diff-filter=ACMR',
      ref,
    ]);
    const untracked = git(['ls-files', '--others', '--exclude-standard']);
    return new Set([...changed, ...untracked]);
  } catch (err) {
    const stderr = (err as { stderr?: Buffer | string }).stderr?.toString().trim();
    throw new UsageError(
      `--changed-since ${ref}: git could not list changed files${stderr ? ` (${stderr})` : ''}`,
    );
  }
}

async function runLint(paths: string[], flags: LintFlags, io: CliIo): Promise<number> {
  const { lint, applyFixes, formatChunks, severityRank } = await loadPipeline();
  const cwd = process.cwd();
  const stdinText = paths.includes('-') ? io.readStdin() : undefined;
  const changed = flags.changedSince ? changedSince(flags.changedSince, cwd) : undefined;
  const request = {
    paths: paths.length ? paths : ['.'],
    cwd,
    ...(flags.config ? { configPath: flags.config } : {}),
    ...(stdinText !== undefined ? { stdinText } : {}),
    ...(flags.kubernetesVersion ? { kubernetesVersion: flags.kubernetesVersion } : {}),
    ...(changed ? { reportFilter: (p: string) => changed.has(p) } : {}),
    ...(flags.context.length ? { contextPaths: flags.context } : {}),
  };
  let result: LintResult = lint(request);
  if (result.missing.length) throw new UsageError(`no such file or folder: ${result.missing.join(', ')}`);
  if (flags.fix) {
    const n = applyFixes(result.findings, result.inputs);
    if (n > 0) {
      io.stderr(`kubeharden: applied ${n} fix${n === 1 ? '' : 'es'}\n`);
      result = lint(request);
    }
  }
  // commander sets `color` true unless --no-color; colour still needs a terminal.
  const color = flags.color !== false && io.isTTY;
  const options = { color, toolVersion: VERSION };
  if (flags.output) {
    writeChunksToFile(flags.output, formatChunks(result, flags.format, { ...options, color: false }));
    // The file gets the chosen format; the terminal still gets the human report.
    await writeChunks(io, formatChunks(result, 'text', options));
  } else {
    await writeChunks(io, formatChunks(result, flags.format, options));
  }
  const failOn = flags.failOn ?? result.config.failOn;
  if (failOn === 'none') return EXIT_OK;
  const threshold = severityRank(failOn);
  return result.findings.some((f) => !f.suppression && severityRank(f.severity) >= threshold)
    ? EXIT_FINDINGS
    : EXIT_OK;
}

const BATCH_CHARS = 1 << 20;

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

function writeChunksToFile(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    let batch = '';
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length >= BATCH_CHARS) {
        writeSync(fd, batch);
        batch = '';
      }
    }
    if (batch) writeSync(fd, batch);
  } finally {
    closeSync(fd);
  }
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !env.NO_COLOR;
}

export interface CliIo {
  /** May return a promise that settles when the output can take more. */
  stdout(s: string): void | Promise<void>;
  stderr(s: string): void;
  readStdin(): string;
  /** True when the text report may use colour (a terminal, NO_COLOR unset). */
  readonly isTTY: boolean;
}

const processIo: CliIo = {
  stdout: (s) =>
    new Promise<void>((done) => {
      if (process.stdout.write(s)) done();
      else process.stdout.once('drain', () => done());
    }),
  stderr: (s) => process.stderr.write(s),
  readStdin,
  isTTY: wantsColor(Boolean(process.stdout.isTTY), process.env),
};

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('kubeharden')
    .description('Static Kubernetes manifest linter: hardening checks for the manifests in a Git repository.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout(s), writeErr: io.stderr });

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
    .option('--no-color', 'no colours in the text report')
    .action(async (paths: string[], flags: LintFlags) => {
      setExit(await runLint(paths, flags, io));
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
          `${r.meta.id.padEnd(w)}  ${r.meta.severity.padEnd(8)}  ${r.meta.category.padEnd(14)}  ${r.meta.category === 'parse' ? 'always' : r.meta.presets.join(',') || '-'}`,
      );
      await io.stdout(`${'id'.padEnd(w)}  severity  category        presets\n${lines.join('\n')}\n`);
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
    const { ConfigError } = await loadPipeline();
    if (err instanceof ConfigError) io.stderr(`kubeharden: configuration error: ${err.message}\n`);
    else if (err instanceof UsageError) io.stderr(`kubeharden: ${err.message}\n`);
    else {
      io.stderr(`kubeharden: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      if (process.env.KUBEHARDEN_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
      io.stderr('Please report this at https://github.com/kubeharden/kubeharden/issues\n');
    }
    return EXIT_ERROR;
  }
}
