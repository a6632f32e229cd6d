// Bodies of what the Action posts: inline review comments (with a `suggestion` block when the
// finding carries a fix), their "fixed" edits, and the hidden markers that make re-runs idempotent.
import type { Finding, Severity } from '../engine/index.js';
import type { SourceText } from '../load/index.js';
import { ruleHelpUri } from '../report/index.js';
import { type FileDiff, placeComment, rangeInOneHunk } from './diff.js';

/** GitHub refuses comment and review bodies longer than this. */
export const MAX_BODY = 65_536;

export const SEVERITY_BADGE: Record<Severity, string> = {
  critical: '🔴 critical',
  high: '🟠 high',
  medium: '🟡 medium',
  low: '🔵 low',
  info: '⚪ info',
};

export const SUMMARY_MARKER = '<!-- kubeharden:summary -->';
export const REVIEW_MARKER = '<!-- kubeharden:review -->';
const FINDING_MARKER = /<!-- kubeharden:finding fp=([0-9a-f]+) state=(open|fixed) -->/;

export function findingMarker(fingerprint: string, state: 'open' | 'fixed'): string {
  return `<!-- kubeharden:finding fp=${fingerprint} state=${state} -->`;
}

export function readFindingMarker(
  body: string,
): { fingerprint: string; state: 'open' | 'fixed' } | undefined {
  const m = FINDING_MARKER.exec(body);
  return m ? { fingerprint: m[1]!, state: m[2] as 'open' | 'fixed' } : undefined;
}

/** Text from a manifest or a rule message, safe inside Markdown (no HTML, no marker breaking). */
export function escapeMarkdown(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface PlannedComment {
  readonly finding: Finding;
  readonly path: string;
  readonly line: number;
  readonly startLine?: number;
  readonly body: string;
}

/**
 * The review comment for a finding, or undefined when none of its lines is in the diff. With a fix
 * whose lines are all in one hunk, the comment covers exactly those lines and suggests them rewritten.
 */
export function planComment(
  finding: Finding,
  diff: FileDiff,
  file: SourceText | undefined,
): PlannedComment | undefined {
  const fix = finding.fix;
  if (fix && file && rangeInOneHunk(diff, fix.location.startLine, fix.location.endLine)) {
    const suggestion = suggestedLines(file, fix.location, fix.text);
    if (suggestion !== undefined) {
      const { startLine, endLine } = fix.location;
      return {
        finding,
        path: finding.location.file,
        line: endLine,
        ...(endLine > startLine ? { startLine } : {}),
        body: commentBody(finding, suggestion),
      };
    }
  }
  const place = placeComment(diff, finding.location.startLine, finding.location.endLine);
  if (!place) return undefined;
  return { finding, path: finding.location.file, ...place, body: commentBody(finding) };
}

/**
 * For a finding on a rendered chart whose template line the pull request did not change: the comment
 * on the values line that fed the node, when the pull request changed that line.
 */
export function planValuesComment(
  finding: Finding,
  diffFor: (path: string) => FileDiff | undefined,
): PlannedComment | undefined {
  for (const r of finding.related) {
    if (!r.message.startsWith('value ')) continue;
    const diff = diffFor(r.file);
    const place = diff ? placeComment(diff, r.startLine, r.endLine) : undefined;
    if (place) return { finding, path: r.file, ...place, body: commentBody(finding) };
  }
  return undefined;
}

/** The lines startLine..endLine of the file with the fix applied (what a `suggestion` replaces them with). */
export function suggestedLines(
  file: SourceText,
  at: { startOffset: number; endOffset: number; startLine: number; endLine: number },
  text: string,
): string | undefined {
  const starts = file.lineStarts;
  const from = starts[at.startLine - 1];
  if (from === undefined) return undefined;
  const next = starts[at.endLine];
  let to = next === undefined ? file.text.length : next;
  // Drop the line break (LF or CRLF) that ends the last line.
  if (file.text.charAt(to - 1) === '\n') to--;
  if (file.text.charAt(to - 1) === '\r') to--;
  if (at.startOffset < from || at.endOffset > to) return undefined;
  return file.text.slice(from, at.startOffset) + text + file.text.slice(at.endOffset, to);
}

function fence(content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

export function commentBody(f: Finding, suggestion?: string): string {
  const head = `**${SEVERITY_BADGE[f.severity]}** · \`${f.ruleId}\` · [rule documentation](${ruleHelpUri(f.ruleId)})`;
  const marker = findingMarker(f.fingerprint, 'open');
  let message = escapeMarkdown(f.message);
  const parts = [head, '', message];
  if (suggestion !== undefined) {
    const tick = fence(suggestion);
    parts.push('', `${tick}suggestion`, suggestion, tick);
  }
  parts.push('', marker);
  let body = parts.join('\n');
  if (body.length > MAX_BODY) {
    // Only a pathological message gets here; keep the marker so re-runs still recognise it.
    message = `${message.slice(0, MAX_BODY - head.length - marker.length - 100)}…`;
    body = [head, '', message, '', marker].join('\n');
  }
  return body;
}

/** The edit that marks an earlier comment fixed; its marker keeps it from being edited again. */
export function fixedBody(previous: string, fingerprint: string, headSha: string): string {
  // Quote the original without its suggestion: a fixed finding has nothing left to apply.
  const lines = previous.replace(FINDING_MARKER, '').trim().split('\n');
  const cut = lines.findIndex((l) => /^`{3,}suggestion$/.test(l));
  const quoted = (cut < 0 ? lines : lines.slice(0, cut))
    .join('\n')
    .trim()
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  const body = `✅ **Fixed** as of ${headSha.slice(0, 7)}: kubeharden no longer reports this finding.\n\n<details><summary>Original comment</summary>\n\n${quoted}\n\n</details>\n\n${findingMarker(fingerprint, 'fixed')}`;
  return body.length > MAX_BODY
    ? `✅ **Fixed** as of ${headSha.slice(0, 7)}: kubeharden no longer reports this finding.\n\n${findingMarker(fingerprint, 'fixed')}`
    : body;
}
