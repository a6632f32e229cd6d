// Fixes: the API rules use (types.ts) and what applies them to a file's text (apply.ts).

import { positionAt, type SourceText } from '../../load/index.js';
import { applyTextEdit, type EditStyle, planEdit, type TextEdit } from './apply.js';
import type { DocEdit } from './types.js';

export { applyTextEdit, type EditStyle, existingAncestor, planEdit, type TextEdit } from './apply.js';
export * from './types.js';

/** A fix as a finding carries it: plain data, resolved against the file's text only when needed. */
export interface FindingFix {
  readonly description: string;
  readonly edits: readonly DocEdit[];
  /** Where the object's document content starts in the file (identifies the document). */
  readonly documentStart: number;
  /**
   * The finding is in rendered output (a Helm template, a Kustomize build): the text it was found in
   * is not a file in the repository, so the fix is shown as a suggestion and never applied.
   */
  readonly rendered?: true;
  /**
   * The file the edits apply to when it is not the finding's own: a finding in rendered output
   * whose value was copied unchanged from a values file or a patch or base line (rendered.ts) is
   * fixed there, by `replace` edits at that file's offsets.
   */
  readonly target?: string;
}

/** The file a fix edits: its target, else the file the finding is in. */
export function fixFile(fix: FindingFix, findingFile: string): string {
  return fix.target ?? findingFile;
}

export type FixOutcome =
  | { readonly status: 'applied' }
  | { readonly status: 'unchanged' }
  | { readonly status: 'refused'; readonly reason: string };

export function editStyleFor(path: string): EditStyle {
  return { json: /\.json$/i.test(path) };
}

/**
 * Applies one fix (all its edits or none) to `text`. Returns the new text, or why it was refused.
 * Edits are applied one after another, each planned on the text the previous one left.
 */
export function applyFix(
  text: string,
  fix: FindingFix,
  style: EditStyle,
): { text: string; outcome: FixOutcome; replacement?: TextEdit } {
  if (fix.rendered)
    return {
      text,
      outcome: {
        status: 'refused',
        reason: 'the finding is in rendered output; apply the fix to its source',
      },
    };
  let current = text;
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const r = planEdit(current, fix.documentStart, edit, style);
    if (r.kind === 'refused') return { text, outcome: { status: 'refused', reason: r.reason } };
    if (r.kind === 'edit') {
      current = applyTextEdit(current, r.edit);
      edits.push(r.edit);
    }
  }
  if (edits.length === 0) return { text, outcome: { status: 'unchanged' } };
  // One edit is shown exactly as planned; several as the one region they changed together.
  const replacement = edits.length === 1 ? edits[0]! : singleReplacement(text, current);
  return { text: current, outcome: { status: 'applied' }, replacement };
}

/**
 * Applies several fixes to one file's text. Later documents are edited first, so the document
 * offsets of earlier ones stay true; within a document, fixes apply in the order given.
 */
export function applyFileFixes<T extends { readonly fix: FindingFix }>(
  text: string,
  items: readonly T[],
  style: EditStyle,
): { text: string; outcomes: Map<T, FixOutcome> } {
  const order = items.map((item, i) => ({ item, i }));
  order.sort((a, b) => b.item.fix.documentStart - a.item.fix.documentStart || a.i - b.i);
  const outcomes = new Map<T, FixOutcome>();
  let current = text;
  for (const { item } of order) {
    const r = applyFix(current, item.fix, style);
    current = r.text;
    outcomes.set(item, r.outcome);
  }
  return { text: current, outcomes };
}

/**
 * The one replacement that turns `before` into `after` (common prefix and suffix trimmed): how a
 * fix is shown in SARIF and as a review suggestion.
 */
export function singleReplacement(before: string, after: string): TextEdit {
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s))
    s++;
  return { start: p, end: before.length - s, text: after.slice(p, after.length - s) };
}

/** A fix resolved against its file: one replacement, with 1-based lines and columns (SARIF style). */
export interface ResolvedFix extends TextEdit {
  readonly startLine: number;
  readonly startColumn: number;
  /** For an insertion (`start === end`) the same as the start. */
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * The text replacement a fix makes in `file` on its own (as SARIF and review suggestions show it),
 * or undefined when it is refused, changes nothing, or is in rendered output.
 */
export function resolveFix(fix: FindingFix, file: SourceText): ResolvedFix | undefined {
  if (fix.rendered) return undefined;
  const r = applyFix(file.text, fix, editStyleFor(file.path));
  if (!r.replacement) return undefined;
  const s = positionAt(file.lineStarts, r.replacement.start);
  const e = positionAt(file.lineStarts, r.replacement.end);
  return { ...r.replacement, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
}
