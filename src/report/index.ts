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
export { sarifChunks, toSarif } from './sarif.js';
export { summary, textChunks, toText } from './text.js';

type Reportable = Pick<LintResult, 'findings' | 'files' | 'notices' | 'rules'>;

export function formatResult(
  result: Reportable,
  format: Format,
  options: { color: boolean; toolVersion: string },
): string {
  return [...formatChunks(result, format, options)].join('');
}

/** The report as text chunks, so large reports are written as they are made. */
export function* formatChunks(
  result: Reportable,
  format: Format,
  options: { color: boolean; toolVersion: string },
): Generator<string> {
  switch (format) {
    case 'text':
      yield* textChunks(result.findings, result.files, { color: options.color, notices: result.notices });
      return;
    case 'json':
      yield* jsonChunks({
        findings: result.findings,
        notices: result.notices,
        toolVersion: options.toolVersion,
      });
      return;
    case 'sarif':
      yield* sarifChunks({
        findings: result.findings,
        rules: result.rules,
        toolVersion: options.toolVersion,
        files: result.files,
      });
      yield '\n';
      return;
    case 'github':
      for (const f of result.findings) if (!f.suppression) yield `${toWorkflowCommand(f)}\n`;
      return;
  }
}
