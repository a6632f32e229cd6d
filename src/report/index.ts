// Report stage: findings → text, JSON, SARIF or GitHub workflow commands. Pure: returns strings.
import type { LintResult } from '../lint.js';
import type { Format } from './formats.js';
import { toWorkflowCommands } from './github.js';
import { toJson } from './json.js';
import { toSarif } from './sarif.js';
import { toText } from './text.js';

export { ruleHelpUri, ruleMarkdown, rulesIndexMarkdown, ruleText } from './docs.js';
export { FORMATS, type Format } from './formats.js';
export { toWorkflowCommand, toWorkflowCommands } from './github.js';
export { toJson } from './json.js';
export { toSarif } from './sarif.js';
export { summary, toText } from './text.js';

export function formatResult(
  result: Pick<LintResult, 'findings' | 'files' | 'notices' | 'rules'>,
  format: Format,
  options: { color: boolean; toolVersion: string },
): string {
  switch (format) {
    case 'text':
      return toText(result.findings, result.files, { color: options.color, notices: result.notices });
    case 'json':
      return toJson({ findings: result.findings, notices: result.notices, toolVersion: options.toolVersion });
    case 'sarif':
      return `${JSON.stringify(toSarif({ findings: result.findings, rules: result.rules, toolVersion: options.toolVersion }), null, 2)}\n`;
    case 'github':
      return toWorkflowCommands(result.findings);
  }
}
