// Markdown for people: the job summary (every run), the pull request's summary comment (kept up to
// date in place) and the check run's summary. Each is capped below GitHub's size limits.
import { type Finding, SEVERITIES, type Severity } from '../engine/index.js';
import { escapeControl, ruleHelpUri } from '../report/index.js';
import { escapeMarkdown, SEVERITY_BADGE, SUMMARY_MARKER } from './comments.js';

/** The job summary may hold 1 MiB per step; stay far below. */
const MAX_JOB_SUMMARY = 512 * 1024;
/** Issue comments and check-run summaries hold 65,535 characters. */
const MAX_COMMENT = 60_000;
const TOP_FINDINGS = 50;

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function countsLine(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}

function cell(s: string): string {
  return escapeMarkdown(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function where(f: Finding): string {
  // A code span: Markdown inside is inert; a backtick would end it, a pipe the table cell.
  const file = escapeControl(f.location.file).replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${file}:${f.location.startLine}\``;
}

/** A findings table, cut to `maxRows` and `maxChars`, with a line saying how many were left out. */
export function findingsTable(findings: readonly Finding[], maxRows: number, maxChars: number): string {
  const lines = ['| severity | rule | where | message |', '|---|---|---|---|'];
  let size = lines.join('\n').length;
  let shown = 0;
  for (const f of findings) {
    if (shown >= maxRows) break;
    const row = `| ${SEVERITY_BADGE[f.severity]} | [${f.ruleId}](${ruleHelpUri(f.ruleId)}) | ${where(f)} | ${cell(f.message)} |`;
    if (size + row.length + 1 > maxChars) break;
    lines.push(row);
    size += row.length + 1;
    shown++;
  }
  if (shown < findings.length)
    lines.push('', `…and ${findings.length - shown} more (see the job log or the SARIF report).`);
  return lines.join('\n');
}

export interface RunSummary {
  readonly findings: readonly Finding[];
  /** What the findings are: "on the changed lines of pull request #3", "in the repository". */
  readonly scope: string;
  readonly failOn: Severity | 'none';
  readonly failed: boolean;
  readonly notes: readonly string[];
}

export function jobSummary(s: RunSummary): string {
  const counts = countBySeverity(s.findings);
  const verdict =
    s.failOn === 'none'
      ? 'fail-on is `none`: the job does not fail on findings.'
      : s.failed
        ? `❌ Failing: findings at or above \`${s.failOn}\`.`
        : `✅ Nothing at or above \`${s.failOn}\`.`;
  const out = [
    '## kubeharden',
    '',
    `**${s.findings.length} finding${s.findings.length === 1 ? '' : 's'}** ${s.scope}. ${verdict}`,
    '',
    '| severity | findings |',
    '|---|---|',
    ...SEVERITIES.map((sev) => `| ${SEVERITY_BADGE[sev]} | ${counts[sev]} |`),
    '',
  ];
  for (const n of s.notes) out.push(`> ${n}`, '');
  if (s.findings.length) {
    out.push(
      `### Top findings`,
      '',
      findingsTable(sortBySeverity(s.findings), TOP_FINDINGS, MAX_JOB_SUMMARY),
      '',
    );
  }
  return out.join('\n');
}

export interface PullSummary {
  readonly findings: readonly Finding[];
  /** kubeharden's inline comments on the pull request, open and marked fixed (all runs). */
  readonly inlineOpen: number;
  readonly inlineFixed: number;
  /** Findings that could not sit inline: outside the diff or beyond what the reviews could hold. */
  readonly notInline: readonly Finding[];
  readonly headSha: string;
}

export function pullSummaryComment(s: PullSummary): string {
  const head = [
    SUMMARY_MARKER,
    '### kubeharden',
    '',
    s.findings.length
      ? `**${s.findings.length} finding${s.findings.length === 1 ? '' : 's'}** on the changed lines (${countsLine(s.findings)}) as of ${s.headSha.slice(0, 7)}.`
      : `No findings on the changed lines as of ${s.headSha.slice(0, 7)}.`,
    '',
    // A state, not this run's activity, so a re-run on the same commit leaves the comment as it is.
    `Inline review comments: ${s.inlineOpen} open, ${s.inlineFixed} marked fixed.`,
  ];
  if (s.notInline.length) {
    head.push(
      '',
      `#### Not posted inline (${s.notInline.length})`,
      '',
      findingsTable(sortBySeverity(s.notInline), 200, MAX_COMMENT - head.join('\n').length - 200),
    );
  }
  return `${head.join('\n')}\n`;
}

export function checkSummary(findings: readonly Finding[], annotated: number): string {
  const lines = [`${findings.length} finding${findings.length === 1 ? '' : 's'}: ${countsLine(findings)}.`];
  if (annotated < findings.length) {
    lines.push('', `${findings.length - annotated} findings beyond the ${annotated} annotations:`, '');
    lines.push(findingsTable(sortBySeverity(findings.slice(annotated)), 300, MAX_COMMENT - 500));
  }
  return lines.join('\n');
}

export function sortBySeverity(findings: readonly Finding[]): Finding[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return [...findings].sort((a, b) => rank(a.severity) - rank(b.severity));
}
