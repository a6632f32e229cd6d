// The in-manifest ignores of other linters, honoured when `.kubeharden.yaml` lists the linter under
// `suppressions.honor`: a team switching keeps the exemptions it already wrote. A peer's ignore
// suppresses a kubeharden finding when the rule's `peers` metadata names the ignored check (KICS
// comments name no check, so they cover every rule with a KICS equivalent). The result is an
// ordinary Suppression whose justification is the original annotation or comment.
import type { SourceFile } from '../load/index.js';
import type { K8sObject } from '../model/index.js';
import type { Suppression } from './finding.js';
import type { PeerLinter } from './rule.js';

/** Peers whose in-manifest ignores kubeharden understands. */
export const HONORED_PEERS = ['kube-linter', 'polaris', 'checkov', 'kics'] as const;
export type HonoredPeer = (typeof HONORED_PEERS)[number];

export interface PeerSuppressionInput {
  readonly honor: ReadonlySet<HonoredPeer>;
  readonly peers: Readonly<Partial<Record<PeerLinter, readonly string[]>>> | undefined;
  readonly object?: K8sObject;
  readonly file: SourceFile;
  /** 1-based line where the finding starts. */
  readonly startLine: number;
}

export function peerSuppressionFor(input: PeerSuppressionInput): Suppression | undefined {
  const { honor, peers, object } = input;
  if (!peers) return undefined;
  const annotations = object?.annotations ?? {};
  const annotation = (key: string): Suppression => ({
    via: 'annotation',
    justification: `${key}: ${annotations[key]}`,
  });
  const kubeLinter = peers['kube-linter'];
  if (honor.has('kube-linter') && kubeLinter?.length) {
    // kube-linter: `ignore-check.kube-linter.io/<check>` on the object, or `kube-linter.io/ignore-all`.
    for (const id of kubeLinter) {
      const key = `ignore-check.kube-linter.io/${id}`;
      if (key in annotations) return annotation(key);
    }
    if ('kube-linter.io/ignore-all' in annotations) return annotation('kube-linter.io/ignore-all');
  }
  const polaris = peers.polaris;
  if (honor.has('polaris') && polaris?.length) {
    // Polaris: `polaris.fairwinds.com/<check>-exempt: "true"`, or `polaris.fairwinds.com/exempt: "true"`.
    for (const id of polaris) {
      const key = `polaris.fairwinds.com/${id}-exempt`;
      if (isTrue(annotations[key])) return annotation(key);
    }
    if (isTrue(annotations['polaris.fairwinds.com/exempt']))
      return annotation('polaris.fairwinds.com/exempt');
  }
  const checkov = peers.checkov;
  if (honor.has('checkov') && checkov?.length) {
    // Checkov: `checkov.io/skip<N>: CKV_K8S_<n>=<comment>` (the comment is optional).
    for (const [key, value] of Object.entries(annotations)) {
      if (!/^checkov\.io\/skip\d+$/.test(key)) continue;
      const id = value.split('=')[0]!.trim();
      if (checkov.includes(id)) return annotation(key);
    }
  }
  const kics = peers.kics;
  if (honor.has('kics') && kics?.length) {
    for (const d of kicsDirectives(input.file)) {
      const covers = d.queries ? d.queries.some((q) => kics.includes(q)) : true;
      if (covers && input.startLine >= d.fromLine && input.startLine <= d.toLine)
        return { via: 'comment', justification: d.comment };
    }
  }
  return undefined;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

export interface KicsDirective {
  /** The comment as written, e.g. `# kics-scan ignore-line`. */
  readonly comment: string;
  /** Lines covered, 1-based and inclusive. */
  readonly fromLine: number;
  readonly toLine: number;
  /** `disable=` lists query ids; undefined covers every query. */
  readonly queries?: readonly string[];
}

const directiveCache = new WeakMap<SourceFile, readonly KicsDirective[]>();

/**
 * KICS comment directives, as KICS reads them: `# kics-scan ignore-line` covers the next line,
 * `# kics-scan ignore-block` the node that starts on the next line with everything nested under it;
 * `# kics-scan ignore` and `# kics-scan disable=<query-id>,…` in the comments that open the file
 * cover the whole file (all queries, or the listed ones).
 */
export function kicsDirectives(file: SourceFile): readonly KicsDirective[] {
  const cached = directiveCache.get(file);
  if (cached) return cached;
  const out: KicsDirective[] = [];
  if (file.text.includes('kics-scan')) {
    const lines = file.text.split('\n').map((l) => l.replace(/\r$/, ''));
    let header = true;
    lines.forEach((raw, i) => {
      const trimmed = raw.trim();
      const m = /^#\s*kics-scan\s+(ignore-line|ignore-block|ignore|disable=(\S+))\s*$/.exec(trimmed);
      const isComment = trimmed === '' || trimmed.startsWith('#') || trimmed === '---';
      if (m) {
        const line = i + 1;
        if (m[1] === 'ignore-line' || m[1] === 'ignore-block') {
          const target = nextContentLine(lines, i);
          const to = m[1] === 'ignore-block' ? blockEnd(lines, target - 1) : target;
          out.push({ comment: trimmed, fromLine: target, toLine: to });
        } else if (header) {
          const queries = m[2]?.split(',').filter(Boolean);
          out.push({
            comment: trimmed,
            fromLine: line,
            toLine: lines.length,
            ...(queries ? { queries } : {}),
          });
        }
      }
      if (!isComment) header = false;
    });
  }
  directiveCache.set(file, out);
  return out;
}

function nextContentLine(lines: readonly string[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t !== '' && !t.startsWith('#')) return i + 1;
  }
  return from + 2;
}

/** Last line of the YAML node starting on 0-based line `start`: the lines indented deeper than it. */
function blockEnd(lines: readonly string[], start: number): number {
  const first = lines[start];
  if (first === undefined) return start + 1;
  // A sequence item's content sits after `- `; its continuation lines are indented past the dash.
  const indent = /^\s*/.exec(first)![0].length;
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    const t = l.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (t === '---' || /^\s*/.exec(l)![0].length <= indent) break;
    end = i;
  }
  return end + 1;
}
