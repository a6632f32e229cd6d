// What Helm does with rendered template text before printing it (pkg/release/v1/util): split each
// file into documents at `---` lines, read each head (apiVersion, kind, metadata), set hooks apart,
// and sort documents by kind in install order (stable, so a file's own order is kept).
import { LineCounter } from 'yaml';
import { parseDocumentGo } from '../../load/lexer.js';

export interface RenderedFile {
  /** Template name, e.g. `web/templates/deploy.yaml`. */
  readonly name: string;
  readonly text: string;
}

export interface Manifest {
  /** Template name the document came from. */
  readonly name: string;
  readonly content: string;
  /** Offset of `content` in the template's rendered text. */
  readonly offset: number;
  readonly kind: string;
  readonly hook: boolean;
  readonly testHook: boolean;
  readonly weight: number;
}

export class ManifestError extends Error {
  constructor(
    message: string,
    readonly template: string,
    /** Offset in the template's rendered text of the document that failed. */
    readonly offset: number,
  ) {
    super(message);
  }
}

const INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole',
  'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
]; // biome-ignore format: a table
const ORDER = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

const HOOK_EVENTS = new Set([
  'pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade',
  'pre-rollback', 'post-rollback', 'test', 'test-success',
]); // biome-ignore format: a table

const isSpace = (c: string) => /\s/u.test(c);

/**
 * How documents are split. `v4.1`: helm v4.1.x (the released binary): the text and each document are
 * trimmed of surrounding whitespace. `main`: Helm's main branch after "Fix vanishing empty lines"
 * (what Helm's own test outputs, and so the shared conformance cases, show): only leading whitespace
 * is trimmed and `---` must start a line, so each document keeps its trailing blank line.
 */
export type SplitMode = 'v4.1' | 'main';

/** releaseutil.SplitManifests with the offset of each document in the text. */
export function splitManifests(
  text: string,
  mode: SplitMode = 'v4.1',
): { content: string; offset: number }[] {
  if (mode === 'v4.1') return splitTrimmed(text);
  let start = 0;
  while (start < text.length && isSpace(text[start]!)) start++;
  const body = text.slice(start);
  const out: { content: string; offset: number }[] = [];
  const sep = /^---[ \t]*/gm;
  let last = 0;
  const pieces: [number, number][] = [];
  for (let m = sep.exec(body); m; m = sep.exec(body)) {
    pieces.push([last, m.index]);
    last = m.index + m[0].length;
    if (m[0].length === 0) sep.lastIndex++;
  }
  pieces.push([last, body.length]);
  for (const [a, b] of pieces) {
    const d = body.slice(a, b);
    if (d.trim() === '') continue;
    let i = 0;
    while (i < d.length && isSpace(d[i]!)) i++;
    out.push({ content: d.slice(i), offset: start + a + i });
  }
  return out;
}

function splitTrimmed(text: string): { content: string; offset: number }[] {
  const lead = text.length - text.trimStart().length;
  const body = text.trim();
  const out: { content: string; offset: number }[] = [];
  const sep = /(?:^|\s*\n)---\s*/g;
  let last = 0;
  const pieces: [number, number][] = [];
  for (let m = sep.exec(body); m; m = sep.exec(body)) {
    pieces.push([last, m.index]);
    last = m.index + m[0].length;
  }
  pieces.push([last, body.length]);
  for (const [a, b] of pieces) {
    const d = body.slice(a, b);
    if (d === '') continue;
    const t = d.trim();
    out.push({ content: t, offset: lead + a + (d.length - d.trimStart().length) });
  }
  return out;
}

/** releaseutil.SortManifests: hooks and plain manifests, each in install order. */
export function sortManifests(
  files: readonly RenderedFile[],
  mode: SplitMode = 'v4.1',
): { hooks: Manifest[]; manifests: Manifest[] } {
  const hooks: Manifest[] = [];
  const generic: Manifest[] = [];
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) {
    const base = f.name.slice(f.name.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    if (f.text.trim() === '') continue;
    for (const { content, offset } of splitManifests(f.text, mode)) {
      const head = readHead(content, f.name, offset);
      const hookTypes = head.annotations?.['helm.sh/hook'];
      const m = {
        name: f.name,
        content,
        offset,
        kind: head.kind,
        hook: false,
        testHook: false,
        weight: 0,
      };
      if (!head.annotations || Object.keys(head.annotations).length === 0 || hookTypes === undefined) {
        generic.push(m);
        continue;
      }
      const events = hookTypes.split(',').map((h) => h.trim().toLowerCase());
      if (events.some((e) => !HOOK_EVENTS.has(e))) continue; // unknown hooks are skipped, as Helm does
      const weight = Number.parseInt(head.annotations['helm.sh/hook-weight'] ?? '', 10);
      hooks.push({
        ...m,
        hook: true,
        testHook: events.includes('test') || events.includes('test-success'),
        weight: Number.isNaN(weight) ? 0 : weight,
      });
    }
  }
  return { hooks: sortByKind(hooks), manifests: sortByKind(generic) };
}

function sortByKind<T extends { kind: string }>(list: T[]): T[] {
  // Array#sort is stable, as sort.SliceStable.
  return list.sort((a, b) => {
    const x = ORDER.get(a.kind);
    const y = ORDER.get(b.kind);
    if (x === undefined && y === undefined) return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return x - y;
  });
}

interface Head {
  readonly kind: string;
  readonly annotations?: Record<string, string>;
}

function readHead(content: string, template: string, offset: number): Head {
  // go-yaml's leniency about indentation inside quotes and flow collections (load/lexer.ts).
  const lc = new LineCounter();
  const doc = parseDocumentGo(content, { uniqueKeys: false, schema: 'failsafe' }, lc);
  const err = doc.errors[0];
  if (err) {
    const line = lc.linePos(err.pos[0]).line;
    throw new ManifestError(
      `YAML parse error on ${template}: error converting YAML to JSON: yaml: ${goYamlMessage(err.code, err.message, line, content, err.pos[0])}`,
      template,
      offset,
    );
  }
  const js = doc.toJS() as unknown;
  if (js === null || typeof js !== 'object' || Array.isArray(js)) {
    if (js === null || js === undefined) return { kind: '' };
    throw new ManifestError(
      `YAML parse error on ${template}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(js) ? 'array' : typeof js} into Go value of type releaseutil.SimpleHead`,
      template,
      offset,
    );
  }
  const o = js as Record<string, unknown>;
  const md = o.metadata as Record<string, unknown> | undefined;
  const ann =
    md && typeof md === 'object' ? (md.annotations as Record<string, unknown> | undefined) : undefined;
  const annotations: Record<string, string> = {};
  if (ann && typeof ann === 'object')
    for (const [k, v] of Object.entries(ann)) annotations[k] = String(v ?? '');
  return { kind: typeof o.kind === 'string' ? o.kind : '', annotations };
}

/** go-yaml's wording for the common syntax errors (its line numbers are counted differently). */
function goYamlMessage(code: string, message: string, line: number, text: string, at: number): string {
  if (code === 'MISSING_CHAR' && message.startsWith('Implicit map keys'))
    return `line ${lineOfNextToken(text, at)}: could not find expected ':'`;
  if (code === 'MISSING_CHAR' && message.includes('quote'))
    return `line ${Math.max(1, line - 1)}: found unexpected end of stream`;
  if (code === 'BLOCK_AS_IMPLICIT_KEY') return `line ${line}: mapping values are not allowed in this context`;
  if (code === 'BAD_INDENT' && message.includes('Flow sequence'))
    return `line ${line}: did not find expected ',' or ']'`;
  if (code === 'TAB_AS_INDENT') return `line ${line}: found character that cannot start any token`;
  return `line ${Math.max(1, line - 1)}: did not find expected key`;
}

/**
 * Where go-yaml says a key has no ':' (measured against helm v4.1.4): on the first line after the
 * key's that is not blank (a comment counts), else on the line after the key's; 1-based.
 */
function lineOfNextToken(text: string, keyAt: number): number {
  const keyLine = text.slice(0, keyAt).split('\n').length;
  const after = text.slice(keyAt).split('\n').slice(1);
  const next = after.findIndex((l) => l.trim() !== '');
  return keyLine + 1 + Math.max(0, next);
}
