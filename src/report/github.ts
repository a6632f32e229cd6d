// GitHub Actions workflow commands: one annotation per finding.
import type { Finding, Severity } from '../engine/index.js';
import { escapeControl, MAX_MESSAGE_CHARS } from './safe.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

/**
 * GitHub's escaping of a command's message: `%`, CR and LF. Other control characters are shown
 * escaped as text (they are never part of a message we mean), and the message is cut to a sane
 * length.
 */
export function escapeData(s: string): string {
  const cut = s.length > MAX_MESSAGE_CHARS ? `${s.slice(0, MAX_MESSAGE_CHARS)}…` : s;
  return escapeControl(cut.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value (file, title) also escapes `:` and `,`, which would end it. */
export function escapeProperty(s: string): string {
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
