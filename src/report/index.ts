// Report stage: findings → text, JSON, SARIF or GitHub workflow commands. Pure: returns strings.
import type { LintResult } from '../lint.js';
import type { Format } from './formats.js';
import { toWorkflowCommand } from './github.js';
import { jsonChunks } from './json.js';
import { sarifChunks } from './sarif.js';
import { textChunks } from './text.js';

export { ruleHelpUri, ruleMarkdown, rulesIndexMarkdown, ruleText } from './docs.js';
export { FORMATS, type Format } from './formats.js';
export { toWorkflowCommand, toWorkflowCommands } from './github.js';
export { jsonChunks, toJson } from './json.js';
export { escapeControl, safeLine, safePath } from './safe.js';
export { sarifChunks, toSarif } from './sarif.js';
export { groupByNode, summary, textChunks, toText } from './text.js';

type Reportable = Pick<LintResult, 'findings' | 'files' | 'notices' | 'rules'>;

export interface FormatOptions {
  readonly color: boolean;
  readonly toolVersion: string;
  /** The configuration file used, as the user should see its path (relative to the cwd). */
  readonly configFile?: string;
}

export function formatResult(result: Reportable, format: Format, options: FormatOptions): string {
  return [...formatChunks(result, format, options)].join('');
}

/** The report as text chunks, so large reports are written as they are made. */
export function* formatChunks(result: Reportable, format: Format, options: FormatOptions): Generator<string> {
  const configFile = options.configFile ? { configFile: options.configFile } : {};
  switch (format) {
    case 'text':
      yield* textChunks(result.findings, result.files, {
        color: options.color,
        notices: result.notices,
        ...configFile,
      });
      return;
    case 'json':
      yield* jsonChunks({
        findings: result.findings,
        notices: result.notices,
        toolVersion: options.toolVersion,
        ...configFile,
      });
      return;
    case 'sarif':
      yield* sarifChunks({
        findings: result.findings,
        rules: result.rules,
        toolVersion: options.toolVersion,
        files: result.files,
        ...configFile,
      });
      yield '\n';
      return;
    case 'github':
      for (const f of result.findings) if (!f.suppression) yield `${toWorkflowCommand(f)}\n`;
      return;
  }
}
