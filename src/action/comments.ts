// Bodies of what the Action posts: inline review comments (with a `suggestion` block when the
// finding carries a fix), their "fixed" edits, and the hidden markers that make re-runs idempotent.
import { type Finding, fixFile, resolveFix, type Severity } from '../engine/index.js';
import type { SourceText } from '../load/index.js';
import { ruleHelpUri, safeLine } from '../report/index.js';
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
// One comment stands for every finding on one node: the marker lists their fingerprints.
const FINDING_MARKER = /<!-- kubeharden:finding fp=([0-9a-f]+(?:,[0-9a-f]+)*) state=(open|fixed) -->/;

export function findingMarker(fingerprints: readonly string[], state: 'open' | 'fixed'): string {
  return `<!-- kubeharden:finding fp=${fingerprints.join(',')} state=${state} -->`;
}

export function readFindingMarker(
  body: string,
): { fingerprints: string[]; state: 'open' | 'fixed' } | undefined {
  const m = FINDING_MARKER.exec(body);
  return m ? { fingerprints: m[1]!.split(','), state: m[2] as 'open' | 'fixed' } : undefined;
}

/**
 * Text from a manifest or a rule message, inert inside Markdown on GitHub: on one line (control
 * characters shown escaped), no HTML (so no hidden marker can be forged), no links or images
 * (brackets escaped, bare URLs broken), no @-mentions or team pings (a zero-width space after `@`),
 * and cut to a sane length.
 */
export function escapeMarkdown(s: string): string {
  return safeLine(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[[\]]/g, '\\$&')
    .replace(/@(?=[\p{L}\p{N}_-])/gu, '@\u200b')
    .replace(/:\/\//g, ':/\u200b/')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`);
}

export interface PlannedComment {
  /** The findings on one node, most severe first. */
  readonly findings: readonly Finding[];
  readonly path: string;
  readonly line: number;
  readonly startLine?: number;
  readonly body: string;
}

/**
 * The review comment for the findings on one node, or undefined when none of its lines is in the
 * diff. When exactly one of them carries a fix whose lines are all in one hunk, the comment covers
 * exactly those lines and suggests them rewritten (two fixes on one node could not both apply).
 */
export function planComment(
  findings: readonly Finding[],
  diff: FileDiff,
  file: SourceText | undefined,
): PlannedComment | undefined {
  const first = findings[0];
  if (!first) return undefined;
  // One suggestion per comment: only when exactly one of the node's findings carries a fix.
  const fixed = findings.filter((f) => f.fix);
  const suggested = fixed.length === 1 ? fixSuggestion(fixed[0]!, diff, file) : undefined;
  if (suggested) {
    const { startLine, endLine, lines } = suggested;
    return {
      findings,
      path: first.location.file,
      line: endLine,
      ...(endLine > startLine ? { startLine } : {}),
      body: commentBody(findings, lines),
    };
  }
  const endLine = Math.max(...findings.map((f) => f.location.endLine));
  const place = placeComment(diff, first.location.startLine, endLine);
  if (!place) return undefined;
  return { findings, path: first.location.file, ...place, body: commentBody(findings) };
}

/**
 * The finding's fix as a `suggestion`: the whole lines its replacement touches, rewritten, when they
 * all lie in one hunk of the pull request's diff (GitHub only accepts suggestions on changed lines).
 */
export function fixSuggestion(
  finding: Finding,
  diff: FileDiff,
  file: SourceText | undefined,
): { startLine: number; endLine: number; lines: string } | undefined {
  // The fix may edit another file than the finding's (a values or patch line): only that file's.
  const edits = finding.fix && file && fixFile(finding.fix, finding.location.file) === file.path;
  const fix = edits ? resolveFix(finding.fix!, file!) : undefined;
  if (!fix || !file) return undefined;
  if (!rangeInOneHunk(diff, fix.startLine, fix.endLine)) return undefined;
  const lines = suggestedLines(file, { ...fix, startOffset: fix.start, endOffset: fix.end }, fix.text);
  return lines === undefined ? undefined : { startLine: fix.startLine, endLine: fix.endLine, lines };
}

/**
 * For a finding on a rendered chart whose fix edits the values line that set the value: the comment
 * on that line with the fix as a suggestion, when the pull request changed that line (it is the
 * line the author wrote, and one click applies the fix there).
 */
export function planTargetComment(
  findings: readonly Finding[],
  diffFor: (path: string) => FileDiff | undefined,
  fileFor: (path: string) => SourceText | undefined,
): PlannedComment | undefined {
  const fixed = findings.filter((f) => f.fix);
  const only = fixed.length === 1 ? fixed[0]! : undefined;
  const target = only?.fix?.target;
  if (!only || !target || target === only.location.file) return undefined;
  const diff = diffFor(target);
  const suggested = diff && fixSuggestion(only, diff, fileFor(target));
  if (!suggested) return undefined;
  const { startLine, endLine, lines } = suggested;
  return {
    findings,
    path: target,
    line: endLine,
    ...(endLine > startLine ? { startLine } : {}),
    body: commentBody(findings, lines),
  };
}

/**
 * For a finding on a rendered chart whose template line the pull request did not change: the comment
 * on the values line that fed the node, when the pull request changed that line.
 */
export function planValuesComment(
  findings: readonly Finding[],
  diffFor: (path: string) => FileDiff | undefined,
): PlannedComment | undefined {
  for (const r of findings.flatMap((f) => f.related)) {
    if (!r.message.startsWith('value ')) continue;
    const diff = diffFor(r.file);
    const place = diff ? placeComment(diff, r.startLine, r.endLine) : undefined;
    if (place) return { findings, path: r.file, ...place, body: commentBody(findings) };
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

/** Most rules listed in one comment; a node with more is cut with a count (never seen in practice). */
const MAX_RULES_PER_COMMENT = 30;

/** The body of one node's comment: one finding as a heading and message, several as a list. */
export function commentBody(findings: readonly Finding[], suggestion?: string): string {
  const marker = findingMarker(
    findings.map((f) => f.fingerprint),
    'open',
  );
  const parts: string[] = [];
  if (findings.length === 1) {
    const f = findings[0]!;
    parts.push(
      `**${SEVERITY_BADGE[f.severity]}** · \`${f.ruleId}\` · [rule documentation](${ruleHelpUri(f.ruleId)})`,
    );
    parts.push('', escapeMarkdown(f.message));
  } else {
    parts.push(`**kubeharden: ${findings.length} findings on this node**`, '');
    for (const f of findings.slice(0, MAX_RULES_PER_COMMENT)) {
      parts.push(
        `- **${SEVERITY_BADGE[f.severity]}** · \`${f.ruleId}\` ([docs](${ruleHelpUri(f.ruleId)})): ${escapeMarkdown(f.message)}`,
      );
    }
    if (findings.length > MAX_RULES_PER_COMMENT)
      parts.push(`- …and ${findings.length - MAX_RULES_PER_COMMENT} more (see the job summary).`);
  }
  if (suggestion !== undefined) {
    const tick = fence(suggestion);
    parts.push('', `${tick}suggestion`, suggestion, tick);
  }
  parts.push('', marker);
  const body = parts.join('\n');
  // Messages are cut to 1,000 characters and rules to 30, so only a huge suggestion gets here;
  // keep the marker so re-runs still recognise the comment.
  return body.length > MAX_BODY ? commentBody(findings) : body;
}

/** The edit that marks an earlier comment fixed; its marker keeps it from being edited again. */
export function fixedBody(previous: string, fingerprints: readonly string[], headSha: string): string {
  // Quote the original without its suggestion: a fixed finding has nothing left to apply.
  const lines = previous.replace(FINDING_MARKER, '').trim().split('\n');
  const cut = lines.findIndex((l) => /^`{3,}suggestion$/.test(l));
  const quoted = (cut < 0 ? lines : lines.slice(0, cut))
    .join('\n')
    .trim()
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  const body = `✅ **Fixed** as of ${headSha.slice(0, 7)}: kubeharden no longer reports ${fingerprints.length > 1 ? 'these findings' : 'this finding'}.\n\n<details><summary>Original comment</summary>\n\n${quoted}\n\n</details>\n\n${findingMarker(fingerprints, 'fixed')}`;
  return body.length > MAX_BODY
    ? `✅ **Fixed** as of ${headSha.slice(0, 7)}: kubeharden no longer reports ${fingerprints.length > 1 ? 'these findings' : 'this finding'}.\n\n${findingMarker(fingerprints, 'fixed')}`
    : body;
}
