// SARIF 2.1.0 as GitHub code scanning ingests it: every rule with help and security-severity,
// results with regions, logical locations, stable partial fingerprints and in-source suppressions.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import {
  type Finding,
  type FindingLocation,
  fixFile,
  type Rule,
  resolveFix,
  type Severity,
} from '../engine/index.js';
import type { SourceText } from '../load/index.js';
import { REPOSITORY_URL, ruleHelpUri, ruleMarkdown, ruleText } from './docs.js';

/** GitHub maps security-severity to critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low otherwise. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export interface SarifInput {
  readonly findings: readonly Finding[];
  readonly rules: readonly Rule[];
  readonly toolVersion: string;
  /** The scanned files' text: fixes are resolved into replacements against it (none without it). */
  readonly files?: readonly SourceText[];
  /** The configuration file used, if any. */
  readonly configFile?: string;
}

export function toSarif(input: SarifInput): Log {
  const { log, ruleIndex } = sarifSkeleton(input);
  const fileOf = fileLookup(input.files);
  log.runs[0]!.results = input.findings.map((f) => sarifResult(f, ruleIndex, fileOf));
  return log;
}

/**
 * The same log as `toSarif`, as text chunks: results are serialised one at a time, so a report with
 * hundreds of thousands of findings never exists as one object graph or one string.
 */
export function* sarifChunks(input: SarifInput): Generator<string> {
  const { log, ruleIndex } = sarifSkeleton(input);
  log.runs[0]!.results = [];
  const fileOf = fileLookup(input.files);
  yield* arrayChunks(JSON.stringify(log, null, 2), '"results": []', input.findings, 8, (f) =>
    sarifResult(f, ruleIndex, fileOf),
  );
}

/**
 * Splits pretty-printed JSON at an empty array placeholder and streams the items in between, in
 * batches: one JSON.stringify of a batch nested to the items' depth writes them with the right
 * indentation, where one call per item (then re-indented) cost several times more on a large report.
 */
export function* arrayChunks<T>(
  skeleton: string,
  placeholder: string,
  items: readonly T[],
  indent: number,
  toJson: (item: T) => unknown,
): Generator<string> {
  const at = skeleton.indexOf(placeholder);
  const open = placeholder.slice(0, -1);
  yield skeleton.slice(0, at) + open;
  // Each array level indents its items two spaces: items at `indent` sit in indent/2 arrays.
  const depth = indent / 2;
  let head = '[';
  let tail = '\n]';
  for (let d = 1; d < depth; d++) {
    head += `\n${' '.repeat(2 * d)}[`;
    tail = `\n${' '.repeat(2 * d)}]${tail}`;
  }
  for (let i = 0; i < items.length; i += ITEMS_PER_BATCH) {
    const end = Math.min(items.length, i + ITEMS_PER_BATCH);
    let nested: unknown = Array.from({ length: end - i }, (_, k) => toJson(items[i + k]!));
    for (let d = 1; d < depth; d++) nested = [nested];
    const text = JSON.stringify(nested, null, 2);
    // `\n` + indent + item, items joined by `,`: as one stringify of the whole array writes them.
    yield `${i === 0 ? '' : ','}${text.slice(head.length, text.length - tail.length)}`;
  }
  yield `${items.length ? `\n${' '.repeat(indent - 2)}` : ''}]${skeleton.slice(at + placeholder.length)}`;
}

/**
 * Items stringified at once: enough to amortise the call, few enough that a batch's text (about
 * 1 KB an item) stays a young, ordinary string rather than one in the large-object space.
 */
const ITEMS_PER_BATCH = 64;

function sarifSkeleton(input: SarifInput): { log: Log; ruleIndex: ReadonlyMap<string, number> } {
  const rules = [...input.rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const descriptors: ReportingDescriptor[] = rules.map((r) => ({
    id: r.meta.id,
    name: pascal(r.meta.id),
    shortDescription: { text: r.meta.title },
    fullDescription: { text: r.meta.fires },
    help: { text: ruleText(r), markdown: ruleMarkdown(r) },
    helpUri: ruleHelpUri(r.meta.id),
    defaultConfiguration: { level: LEVEL[r.meta.severity] },
    properties: {
      tags: ['security', 'kubernetes', r.meta.category],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[r.meta.severity],
    },
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubeharden',
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: REPOSITORY_URL,
            rules: descriptors,
          },
        },
        automationDetails: { id: 'kubeharden/' },
        invocations: [
          {
            executionSuccessful: true,
            ...(input.configFile ? { properties: { configFile: input.configFile } } : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: [],
      },
    ],
  };
  return { log, ruleIndex };
}

function fileLookup(files: readonly SourceText[] | undefined): (path: string) => SourceText | undefined {
  const byPath = new Map((files ?? []).map((f) => [f.path, f]));
  return (path) => byPath.get(path);
}

function sarifResult(
  f: Finding,
  index: ReadonlyMap<string, number>,
  fileOf: (path: string) => SourceText | undefined,
): Result {
  const result: Result = {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: {
      text: f.helmSource
        ? `${f.message} (rendered from ${f.helmSource.chart}/${f.helmSource.template})`
        : f.renders?.length
          ? `${f.message} (rendered: ${f.renders.join('; ')})`
          : f.message,
    },
    locations: [
      {
        physicalLocation: physical(f.location),
        ...(f.object
          ? {
              logicalLocations: [
                {
                  name: f.object.name,
                  fullyQualifiedName: [logicalName(f), f.path].filter(Boolean).join(':'),
                  kind: 'object',
                },
              ],
            }
          : {}),
      },
    ],
    partialFingerprints: { 'kubeharden/v1': f.fingerprint },
    properties: { severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity] },
  };
  const ruleIndex = index.get(f.ruleId);
  if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
  const related = f.related.map((r, i) => ({
    id: i + 1,
    physicalLocation: physical(r),
    message: { text: r.message },
  }));
  if (f.helmSource) {
    related.push({
      id: related.length + 1,
      physicalLocation: {
        artifactLocation: { uri: `${f.helmSource.chart}/${f.helmSource.template}`, uriBaseId: '%SRCROOT%' },
      },
      message: { text: 'the Helm template this document was rendered from' },
    } as (typeof related)[number]);
  }
  if (related.length) result.relatedLocations = related;
  if (f.suppression) {
    result.suppressions = [
      {
        kind: 'inSource',
        status: 'accepted',
        ...(f.suppression.justification ? { justification: f.suppression.justification } : {}),
      },
    ];
  }
  const fixes = sarifFixes(f, fileOf);
  if (fixes) result.fixes = fixes;
  return result;
}

/** The finding's fix as one replacement in its file (SARIF `fixes`); none when it cannot be applied. */
function sarifFixes(f: Finding, fileOf: (path: string) => SourceText | undefined): Result['fixes'] {
  // A fix of rendered output may edit another file than the finding's (its values or patch line).
  const path = f.fix && fixFile(f.fix, f.location.file);
  const file = path !== undefined ? fileOf(path) : undefined;
  // No replacement in a file that changed since it was linted (its offsets are not the fix's).
  const r = file && !file.stale && resolveFix(f.fix!, file);
  if (!r || path === undefined) return undefined;
  return [
    {
      description: { text: f.fix!.description },
      artifactChanges: [
        {
          artifactLocation: { uri: encodePath(path), uriBaseId: '%SRCROOT%' },
          replacements: [
            {
              deletedRegion: {
                startLine: r.startLine,
                startColumn: r.startColumn,
                endLine: r.endLine,
                endColumn: r.endColumn,
                charOffset: r.start,
                charLength: r.end - r.start,
              },
              insertedContent: { text: r.text },
            },
          ],
        },
      ],
    },
  ];
}

function logicalName(f: Finding): string {
  const o = f.object!;
  return o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;
}

function physical(l: FindingLocation) {
  return {
    artifactLocation: { uri: encodePath(l.file), uriBaseId: '%SRCROOT%' },
    region: region(l),
  };
}

function region(l: FindingLocation) {
  return { startLine: l.startLine, startColumn: l.startColumn, endLine: l.endLine, endColumn: l.endColumn };
}

function encodePath(p: string): string {
  return p
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function pascal(id: string): string {
  return id
    .split('-')
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');
}
