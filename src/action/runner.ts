// What the Actions runner gives a JavaScript action: inputs as INPUT_* variables, outputs and the
// job summary as files, and workflow commands on standard output.
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { escapeData } from '../report/github.js';

export interface Runner {
  input(name: string): string;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): void;
  info(line: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** A workflow command line written as is (annotations). */
  command(line: string): void;
  /**
   * Text that holds repository content (the text report): written with workflow commands stopped,
   * under a token nobody can guess, so no line in it can act as a command (`::add-mask::`,
   * `::error`, `::stop-commands::`).
   */
  untrusted(chunks: Iterable<string>): void;
  group<T>(title: string, fn: () => T): T;
}

/** A fresh token for `::stop-commands::`; only the line `::<token>::` turns commands back on. */
export function stopToken(): string {
  return `kubeharden-${randomBytes(16).toString('hex')}`;
}

/** The runner keeps an input's dashes and upper-cases it: `fail-on` arrives as INPUT_FAIL-ON. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export function processRunner(
  env: NodeJS.ProcessEnv = process.env,
  write = (s: string) => process.stdout.write(s),
): Runner {
  const appendFile = (variable: string, text: string): boolean => {
    const path = env[variable];
    if (!path) return false;
    appendFileSync(path, text);
    return true;
  };
  return {
    input: (name) => (env[inputVariable(name)] ?? '').trim(),
    setOutput(name, value) {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      if (!appendFile('GITHUB_OUTPUT', `${name}<<${delimiter}\n${value}\n${delimiter}\n`)) {
        write(`${name}=${value}\n`);
      }
    },
    appendSummary(markdown) {
      appendFile('GITHUB_STEP_SUMMARY', markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    },
    info: (line) => write(`${line}\n`),
    warning: (message) => write(`::warning::${escapeData(message)}\n`),
    error: (message) => write(`::error::${escapeData(message)}\n`),
    command: (line) => write(line.endsWith('\n') ? line : `${line}\n`),
    untrusted(chunks) {
      const token = stopToken();
      write(`::stop-commands::${token}\n`);
      let open = '';
      try {
        for (const chunk of chunks) {
          write(chunk);
          open = chunk.endsWith('\n') ? '' : 'x';
        }
      } finally {
        // The resume line must start a line of its own.
        write(`${open ? '\n' : ''}::${token}::\n`);
      }
    },
    group(title, fn) {
      write(`::group::${escapeData(title)}\n`);
      try {
        return fn();
      } finally {
        write('::endgroup::\n');
      }
    },
  };
}
