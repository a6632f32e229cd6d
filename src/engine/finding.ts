import * as crypto from 'node:crypto';
import {
  flatString,
  type HelmSource,
  positionAt,
  type SourceFile,
  type SourceText,
  type Span,
} from '../load/index.js';
import type { K8sObject } from '../model/index.js';
import type { FindingFix } from './fix/index.js';
import type { Severity } from './rule.js';

export interface Region {
  /** 1-based lines and columns; `endColumn` is the column just past the last character (as SARIF). */
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface FindingLocation extends Region {
  readonly file: string;
  readonly startOffset: number;
  readonly endOffset: number;
}

export interface FindingObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface Suppression {
  readonly via: 'annotation' | 'comment';
  readonly justification?: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: FindingLocation;
  readonly object?: FindingObject;
  /** Field path inside the object (`spec.template.spec.containers[0].securityContext`). */
  readonly path?: string;
  readonly related: readonly (FindingLocation & { readonly message: string })[];
  /** The chart template a `helm template` document came from. */
  readonly helmSource?: HelmSource;
  /**
   * For a finding on rendered text mapped back to the repository: the renders that produced it
   * (`chart web`, `chart web with ci/prod-values.yaml`, `via overlays/prod`).
   */
  readonly renders?: readonly string[];
  /** Edits that fix it, resolved against the file's text only when applied or shown. */
  readonly fix?: FindingFix;
  /** Stable across unrelated edits: rule, file, object and field path (not line numbers). */
  readonly fingerprint: string;
  readonly suppression?: Suppression;
}

export function locate(file: SourceText & Pick<SourceFile, 'disk'>, span: Span): FindingLocation {
  // The length is known without the text, which may have been let go (load/reread.ts).
  const length = file.disk ? file.disk.length : file.text.length;
  const start = Math.max(0, Math.min(span.start, length));
  const end = Math.max(start, Math.min(span.end, length));
  const s = positionAt(file.lineStarts, start);
  // An empty span still covers one character so every viewer can show it.
  const e = positionAt(file.lineStarts, end > start ? end : Math.min(start + 1, Math.max(start, length)));
  return {
    file: file.path,
    startOffset: start,
    endOffset: end,
    startLine: s.line,
    startColumn: s.column,
    endLine: e.line,
    endColumn: e.line === s.line && e.column <= s.column ? s.column + 1 : e.column,
  };
}

// Findings outlive the trees (reports are written after the model is gone), and a large scan has
// hundreds of thousands of them, so they share what they can and hold no string that points into a
// file's text or into a rope of message pieces.
const objectInfos = new WeakMap<K8sObject, FindingObject>();

/** The object a finding is about; findings on one object share one. */
export function objectInfo(o: K8sObject): FindingObject {
  let info = objectInfos.get(o);
  if (!info) {
    const ns = o.displayNamespace;
    info = {
      apiVersion: flatString(o.apiVersion),
      kind: flatString(o.kind),
      ...(ns ? { namespace: flatString(ns) } : {}),
      name: flatString(o.name),
    };
    objectInfos.set(o, info);
  }
  return info;
}

export function fingerprint(parts: readonly (string | number | undefined)[]): string {
  const joined = parts.map((p) => String(p ?? '')).join('\u0000');
  // One call per finding (a large scan has hundreds of thousands): the one-shot hash where Node has
  // it (20.12+) spares a Hash object each.
  const digest = oneShot
    ? oneShot('sha256', joined, 'buffer')
    : crypto.createHash('sha256').update(joined).digest();
  return digest.toString('hex', 0, 16);
}

// Looked up, not imported by name: an import of a name Node 20.0–20.11 lacks would fail to link.
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

/** Deterministic order: file, line, column, rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message) ||
    a.location.endLine - b.location.endLine ||
    a.location.endColumn - b.location.endColumn
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
