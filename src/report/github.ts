// GitHub Actions workflow commands: one annotation per finding.
import type { Finding, Severity } from '../engine/index.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function toWorkflowCommand(f: Finding): string {
  const l = f.location;
  const props = [
    `file=${escapeProperty(l.file)}`,
    `line=${l.startLine}`,
    `col=${l.startColumn}`,
    `endLine=${l.endLine}`,
    // GitHub accepts endColumn only on single-line annotations.
    ...(l.startLine === l.endLine ? [`endColumn=${l.endColumn}`] : []),
    `title=${escapeProperty(`kubeharden ${f.ruleId} (${f.severity})`)}`,
  ];
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
}

export function toWorkflowCommands(findings: readonly Finding[]): string {
  const lines = findings.filter((f) => !f.suppression).map(toWorkflowCommand);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
