// What Helm does with rendered template text before printing it (pkg/release/v1/util): split each
// file into documents at `---` lines, read each head (apiVersion, kind, metadata), set hooks apart,
// and sort documents by kind in install order (stable, so a file's own order is kept).
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
    /** Offset of the problem in that document, when the YAML says where. */
    readonly at?: number,
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
  const doc = parseDocumentGo(content, { uniqueKeys: false, schema: 'failsafe' });
  const problem = goYamlSyntaxError(content, doc.errors);
  if (problem)
    throw new ManifestError(
      `YAML parse error on ${template}: error converting YAML to JSON: yaml: ${problem.message}`,
      template,
      offset,
      problem.at,
    );
  const js = doc.toJS() as unknown;
  if (js === null || typeof js !== 'object' || Array.isArray(js)) {
    if (js === null || js === undefined) return { kind: '' };
    throw new ManifestError(
      `YAML parse error on ${template}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(js) ? 'array' : typeof js} into Go value of type util.SimpleHead`,
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

/**
 * What go-yaml says of one YAML document's text (after `yaml: `) when it does not parse, and where
 * (an offset in `text`); undefined when it parses. `errors` are the yaml package's, on the same text.
 */
export function goYamlSyntaxError(
  text: string,
  errors: readonly {
    readonly code: string;
    readonly message: string;
    readonly pos: readonly [number, number];
  }[],
): { message: string; at: number } | undefined {
  const err = errors[0];
  // A flow entry with an empty key (`[: x]`): YAML 1.2 allows it, go-yaml does not.
  const emptyKey = emptyFlowKeyAt(text);
  if (emptyKey !== undefined && (!err || emptyKey < err.pos[0]))
    return {
      message: parserError(lineOf(text, emptyKey), 'did not find expected node content'),
      at: emptyKey,
    };
  if (!err) return undefined;
  return {
    message: goYamlMessage(err.code, err.message, text, err.pos[0], err.pos[1]),
    // (An error at the end of the document: its last character.)
    at: Math.max(0, Math.min(err.pos[0], text.length - 1)),
  };
}

/**
 * go-yaml's wording and line for the common syntax errors, measured against helm v4.1.4. go-yaml
 * prints the 0-based line of the error's mark, plus one for a scanner error; a mark on the first line
 * prints no line at all.
 */
function goYamlMessage(code: string, message: string, text: string, at: number, to: number): string {
  const line = lineOf(text, at);
  const mappingValues = 'mapping values are not allowed in this context';
  // A reserved indicator starting a token up to the error's line stops go-yaml's scanner first.
  const reserved = reservedIndicatorBefore(
    text,
    text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at),
  );
  if (reserved !== undefined)
    return scannerError(lineOf(text, reserved), 'found character that cannot start any token');
  // Under a sequence, left of its items' content: go-yaml wants the next '-', or for a sequence at
  // its mapping key's column (no indentation of its own), the mapping's next key.
  if (code === 'MISSING_CHAR' && message.startsWith('Sequence item without'))
    return parserError(
      line,
      indentlessSequenceAt(text, at) ? 'did not find expected key' : "did not find expected '-' indicator",
    );
  if (code === 'MISSING_CHAR' && message.includes('between flow'))
    return parserError(line, `did not find expected ',' or '${message.includes('sequence') ? ']' : '}'}'`);
  if (code === 'MISSING_CHAR' && message.startsWith('Implicit map keys'))
    return `line ${lineOfNextToken(text, at)}: could not find expected ':'`;
  // An unclosed quote runs to the end of the stream: the last line.
  if (code === 'MISSING_CHAR' && message.includes('quote'))
    return scannerError(lineOf(text, text.length), 'found unexpected end of stream');
  if (code === 'MULTILINE_IMPLICIT_KEY') {
    // In a flow collection a plain scalar runs over lines, and its ':' comes where go-yaml wants
    // a ',' or the closing bracket.
    const flow = openFlowAt(text, at);
    if (flow)
      return parserError(lineOf(text, to), `did not find expected ',' or '${flow === '[' ? ']' : '}'}'`);
    // A block entry where a key of the mapping above should be.
    if (/^-(\s|$)/.test(text.slice(at, at + 2))) return parserError(line, 'did not find expected key');
    // A key of an open block mapping that runs over lines; else the ':' of a scalar over lines.
    if (opensBlockAt(text, at)) return `line ${lineOfNextToken(text, at)}: could not find expected ':'`;
    return scannerError(lineOf(text, to), mappingValues);
  }
  // A block sequence where a mapping's value or next key should be: at its '-'.
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && message.includes('block sequence'))
    return parserError(lineOf(text, to), 'did not find expected key');
  if (code === 'BLOCK_AS_IMPLICIT_KEY')
    return scannerError(lineOf(text, indicatorAfter(text, at)), mappingValues);
  // An unclosed flow collection: at the token that should have been ',' or the bracket, or at the
  // end of the stream, which go-yaml puts on a line of its own after an unended last line.
  const flowEnd =
    at >= text.trimEnd().length ? lineOf(text, text.length) + (text.endsWith('\n') ? 0 : 1) : line;
  if (code === 'BAD_INDENT' && message.includes('Flow sequence'))
    return parserError(flowEnd, "did not find expected ',' or ']'");
  if (code === 'BAD_INDENT' && message.includes('Flow map'))
    return parserError(flowEnd, "did not find expected ',' or '}'");
  if (code === 'TAB_AS_INDENT')
    return scannerError(
      line,
      continuesPlainScalar(text, at)
        ? 'found a tab character that violates indentation'
        : 'found character that cannot start any token',
    );
  if (code === 'BAD_SCALAR_START') return scannerError(line, 'found character that cannot start any token');
  // A block collection inside a flow one: go-yaml finds no node where it looks for one.
  if (code === 'BLOCK_IN_FLOW') return parserError(line, 'did not find expected node content');
  // Anything else at the column of an indented block sequence's '-' that is not one.
  if (underSequenceDash(text, at)) return parserError(line, "did not find expected '-' indicator");
  return parserError(line, 'did not find expected key');
}

/** The innermost flow collection open at `at` ('[' or '{'), if any; quotes and comments skipped. */
function openFlowAt(text: string, at: number): '[' | '{' | undefined {
  return scanFlow(text, at).open;
}

/**
 * One pass over `text` up to `limit`, tracking the flow collections open (quotes and comments
 * skipped): the innermost one open at `limit`, and the first ':' that opens a flow entry with no
 * key, if any (the scan stops there).
 */
function scanFlow(text: string, limit: number): { open: '[' | '{' | undefined; emptyKey?: number } {
  const open: ('[' | '{')[] = [];
  let valueStart = true;
  // Right after '[', '{' or ',' in a flow collection: where an entry's key begins.
  let entryStart = false;
  for (let i = 0; i < limit; i++) {
    const c = text[i]!;
    if (c === '\n') {
      valueStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const eol = text.indexOf('\n', i);
      i = (eol < 0 ? limit : eol) - 1;
      continue;
    }
    if (c === ':' && entryStart && open.length > 0 && /[\s,\]}]|^$/.test(text[i + 1] ?? '')) {
      return { open: open.at(-1), emptyKey: i };
    }
    entryStart = false;
    if ((c === '"' || c === "'") && (valueStart || open.length > 0)) {
      // Past the closing quote ('' inside single quotes, \" inside double quotes).
      for (i++; i < limit; i++) {
        if (c === '"' && text[i] === '\\') i++;
        else if (text[i] === c) {
          if (c === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
      valueStart = false;
      continue;
    }
    if ((c === '[' || c === '{') && (valueStart || open.length > 0)) {
      open.push(c);
      valueStart = true;
      entryStart = true;
      continue;
    }
    if ((c === ']' || c === '}') && open.length > 0) {
      open.pop();
      valueStart = false;
      continue;
    }
    // After a ':', '-' or ',' indicator a new value may start; anything else is inside a scalar.
    valueStart = (c === ':' || c === '-' || c === ',' || c === '?') && /[\s,\]}]|$/.test(text[i + 1] ?? '');
    if (c === ',' && open.length > 0) valueStart = entryStart = true;
  }
  return { open: open.at(-1) };
}

/**
 * Whether the nearest line above `at` at or left of its column is a block entry ('- ') at exactly
 * that column, in a sequence indented past its parent key (an indentless one shares the key's column).
 */
function underSequenceDash(text: string, at: number): boolean {
  const { lineStart, column } = tokenColumn(text, at);
  for (const line of linesAbove(text, lineStart)) {
    if (line.indent > column) continue;
    if (line.indent !== column || !isBlockEntry(line.content)) return false;
    // The sequence's parent: a key at the same column makes it indentless.
    for (const parent of linesAbove(text, line.start)) {
      if (parent.indent > column || (parent.indent === column && isBlockEntry(parent.content))) continue;
      return parent.indent < column;
    }
    return true;
  }
  return false;
}

/** Whether the block sequence the line of `at` falls under sits at its parent key's column. */
function indentlessSequenceAt(text: string, at: number): boolean {
  const { lineStart, column } = tokenColumn(text, at);
  let sequenceColumn: number | undefined;
  for (const line of linesAbove(text, lineStart)) {
    const entry = isBlockEntry(line.content);
    if (sequenceColumn === undefined) {
      if (line.indent < column && entry) sequenceColumn = line.indent;
      else if (line.indent < column) return false;
      continue;
    }
    if (line.indent === sequenceColumn && entry) continue;
    if (line.indent <= sequenceColumn) return line.indent === sequenceColumn;
  }
  return false;
}

/** The start of the line of `at` and the column of its first token (the offset may be at the indentation). */
function tokenColumn(text: string, at: number): { lineStart: number; column: number } {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let token = at;
  while (text[token] === ' ') token++;
  return { lineStart, column: token - lineStart };
}

const isBlockEntry = (content: string): boolean => /^-(\s|$)/.test(content);

/** The lines above the one starting at `lineStart`, nearest first, blank and comment lines skipped. */
function* linesAbove(
  text: string,
  lineStart: number,
): Generator<{ start: number; indent: number; content: string }> {
  for (let end = lineStart - 1; end > 0; ) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    yield { start, indent: line.length - content.length, content };
  }
}

/** The offset of the first '@' or '`' that starts a token before `limit`, if any. */
function reservedIndicatorBefore(text: string, limit: number): number | undefined {
  const m = /(?:^[ \t]*(?:-[ \t]+)*|:[ \t]+|[[{,][ \t]*)([@`])/gm.exec(text);
  if (!m) return undefined;
  const at = m.index + m[0].length - 1;
  return at < limit ? at : undefined;
}

/** The offset of a ':' that opens a flow collection's entry with no key, if any. */
function emptyFlowKeyAt(text: string): number | undefined {
  // Most documents have nothing like it: the linear scan runs only when the regex finds a candidate.
  return /[[{,][ \t\r\n]*:/.test(text) ? scanFlow(text, text.length).emptyKey : undefined;
}

/** go-yaml's text of a scanner error whose mark is on 1-based `line`. */
function scannerError(line: number, message: string): string {
  return line > 1 ? `line ${line}: ${message}` : message;
}

/** go-yaml's text of a parser error whose mark is on 1-based `line` (it prints the 0-based line). */
function parserError(line: number, message: string): string {
  return line > 1 ? `line ${line - 1}: ${message}` : message;
}

/** The 1-based line of an offset. */
function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The first mapping-value indicator (':' before a blank or the end) at or after `at`. */
function indicatorAfter(text: string, at: number): number {
  const m = /:(?=[ \t\r\n]|$)/g;
  m.lastIndex = at;
  return m.exec(text)?.index ?? at;
}

/**
 * Whether a key at `at` sits where a block collection is already open (a mapping entry or a block
 * entry at its column on an earlier line): go-yaml then requires its ':' on the same line.
 */
function opensBlockAt(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  // After "- " on its own line: the first key of a new mapping.
  if (text.slice(lineStart, at).trim() !== '') return false;
  const column = at - lineStart;
  for (const { indent, content } of linesAbove(text, lineStart)) {
    if (content.startsWith('---') || content.startsWith('...')) return false;
    if (indent > column) continue;
    // The columns where this line opens collections: its indentation, and after each "- ".
    const columns = [indent];
    let rest = content;
    let next = indent;
    for (let m = /^-[ \t]+/.exec(rest); m; m = /^-[ \t]+/.exec(rest)) {
      next += m[0].length;
      rest = rest.slice(m[0].length);
      columns.push(next);
    }
    return columns.includes(column);
  }
  return false;
}

/** Whether the line of `at` may continue a plain scalar that ends the line before (not a key's ':'). */
function continuesPlainScalar(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(0, Math.max(0, lineStart - 1)).split('\n');
  for (let i = before.length - 1; i >= 0; i--) {
    const content = before[i]!.replace(/\s+#.*$/, '').trim();
    if (content === '' || content.startsWith('#')) continue;
    // Not after a key, a bare '-', a block scalar header, a quoted scalar or a flow collection.
    return !/(?:^-|:|[|>][-+0-9]*|["'\]}])$/.test(content);
  }
  return false;
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
