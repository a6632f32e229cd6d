// What the Actions runner gives a JavaScript action: inputs as INPUT_* variables, outputs and the
// job summary as files, and workflow commands on standard output.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

export interface Runner {
  input(name: string): string;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): void;
  info(line: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** A workflow command line written as is (annotations). */
  command(line: string): void;
  group<T>(title: string, fn: () => T): T;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
