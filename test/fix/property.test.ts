// Property-based: fast-check makes pod specs (Pods and Deployments, several containers, settings
// present, absent or wrong) and writes them in varied YAML styles (2- or 4-space indents, indented
// or flush sequences, flow maps, comments everywhere, anchors, aliases and merge keys, several
// documents, CRLF, a BOM). For each file, applying every fix must:
//   - be idempotent (fixing the fixed text changes nothing),
//   - leave none of the applied fixes' findings when linted again,
//   - parse to the same data apart from the fixed fields,
//   - keep every line it did not edit byte for byte (only whole lines are added, and a line is
//     replaced only where a value or key is rewritten in place), line endings and BOM included.
import { diffLines } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFileFixes, defaultConfig, editStyleFor, type Finding } from '../../src/engine/index.js';
import { lintFiles } from '../../src/lint.js';
import { loadText } from '../../src/load/index.js';
import { changedPaths, covered, fixPaths, parseDocs } from './helpers.js';

interface Container {
  name: string;
  image: string;
  sc?: Record<string, unknown>;
}

interface Pod {
  kind: 'Pod' | 'Deployment';
  name: string;
  spec: Record<string, unknown>;
  containers: Container[];
}

interface Style {
  indent: 2 | 4;
  seqIndent: boolean;
  flowSc: boolean;
  comments: boolean;
  anchors: boolean;
  crlf: boolean;
  bom: boolean;
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const containerArb = (i: number): fc.Arbitrary<Container> =>
  fc
    .record({
      image: fc.constantFrom(
        'nginx:1.27',
        'busybox',
        'redis:latest',
        `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`,
      ),
      privileged: maybe(fc.boolean()),
      allowPrivilegeEscalation: maybe(fc.boolean()),
      readOnlyRootFilesystem: maybe(fc.boolean()),
      runAsNonRoot: maybe(fc.boolean()),
      drop: maybe(fc.constantFrom(['NET_RAW'], ['ALL'], [] as string[])),
      procMount: maybe(fc.constantFrom('Unmasked', 'Default')),
      seccomp: maybe(fc.constantFrom('Unconfined', 'RuntimeDefault')),
      hasSc: fc.boolean(),
    })
    .map((r) => {
      const sc: Record<string, unknown> = {};
      for (const k of [
        'privileged',
        'allowPrivilegeEscalation',
        'readOnlyRootFilesystem',
        'runAsNonRoot',
        'procMount',
      ] as const)
        if (r[k] !== undefined) sc[k] = r[k];
      if (r.drop) sc.capabilities = { drop: r.drop };
      if (r.seccomp) sc.seccompProfile = { type: r.seccomp };
      return { name: `c${i}`, image: r.image, ...(r.hasSc || Object.keys(sc).length ? { sc } : {}) };
    });

const podArb: fc.Arbitrary<Pod> = fc
  .record({
    kind: fc.constantFrom('Pod' as const, 'Deployment' as const),
    n: fc.integer({ min: 1, max: 3 }),
    hostNetwork: maybe(fc.boolean()),
    hostPID: maybe(fc.boolean()),
    automount: maybe(fc.boolean()),
    podNonRoot: maybe(fc.boolean()),
    podSeccomp: maybe(fc.constantFrom('Unconfined', 'RuntimeDefault')),
  })
  .chain((r) =>
    fc.tuple(...Array.from({ length: r.n }, (_, i) => containerArb(i))).map((containers) => {
      const spec: Record<string, unknown> = {};
      if (r.hostNetwork !== undefined) spec.hostNetwork = r.hostNetwork;
      if (r.hostPID !== undefined) spec.hostPID = r.hostPID;
      if (r.automount !== undefined) spec.automountServiceAccountToken = r.automount;
      const podSc: Record<string, unknown> = {};
      if (r.podNonRoot !== undefined) podSc.runAsNonRoot = r.podNonRoot;
      if (r.podSeccomp) podSc.seccompProfile = { type: r.podSeccomp };
      if (Object.keys(podSc).length) spec.securityContext = podSc;
      return { kind: r.kind, name: `app-${r.n}`, spec, containers };
    }),
  );

const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom(2 as const, 4 as const),
  seqIndent: fc.boolean(),
  flowSc: fc.boolean(),
  comments: fc.boolean(),
  anchors: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
});

/** Writes one pod as YAML in the given style. */
function emit(pod: Pod, s: Style): string {
  const lines: string[] = [];
  const pad = (level: number) => ' '.repeat(level * s.indent);
  let n = 0;
  const note = () => (s.comments && n++ % 3 === 0 ? `  # note ${n}` : '');
  const comment = (level: number) => {
    if (s.comments && n++ % 4 === 0) lines.push(`${pad(level)}# about the next field`);
  };
  const flow = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(flow).join(', ')}]`
      : typeof v === 'object' && v !== null
        ? `{${Object.entries(v)
            .map(([k, x]) => `${k}: ${flow(x)}`)
            .join(', ')}}`
        : String(v);
  const block = (obj: Record<string, unknown>, level: number) => {
    for (const [k, v] of Object.entries(obj)) {
      comment(level);
      if (Array.isArray(v)) {
        if (v.length === 0) lines.push(`${pad(level)}${k}: []${note()}`);
        else {
          lines.push(`${pad(level)}${k}:`);
          for (const item of v)
            lines.push(`${pad(level)}${s.seqIndent ? pad(1) : ''}- ${flow(item)}${note()}`);
        }
      } else if (typeof v === 'object' && v !== null) {
        if (Object.keys(v).length === 0) lines.push(`${pad(level)}${k}: {}${note()}`);
        else {
          lines.push(`${pad(level)}${k}:${note()}`);
          block(v as Record<string, unknown>, level + 1);
        }
      } else lines.push(`${pad(level)}${k}: ${String(v)}${note()}`);
    }
  };
  lines.push(`apiVersion: ${pod.kind === 'Pod' ? 'v1' : 'apps/v1'}`, `kind: ${pod.kind}`, 'metadata:');
  lines.push(`${pad(1)}name: ${pod.name}${note()}`, `${pad(1)}namespace: shop`);
  if (s.anchors) lines.push(`${pad(1)}labels: &labels`, `${pad(2)}app: ${pod.name}`);
  let specLevel = 1;
  lines.push('spec:');
  if (pod.kind === 'Deployment') {
    if (s.anchors) lines.push(`${pad(1)}selector:`, `${pad(2)}matchLabels: *labels`);
    else lines.push(`${pad(1)}selector: {matchLabels: {app: ${pod.name}}}`);
    lines.push(`${pad(1)}template:`, `${pad(2)}metadata:`);
    if (s.anchors) lines.push(`${pad(3)}labels:`, `${pad(4)}<<: *labels`, `${pad(4)}tier: web`);
    else lines.push(`${pad(3)}labels: {app: ${pod.name}}`);
    lines.push(`${pad(2)}spec:`);
    specLevel = 3;
  }
  block(pod.spec, specLevel);
  comment(specLevel);
  lines.push(`${pad(specLevel)}containers:`);
  const dash = specLevel + (s.seqIndent ? 1 : 0);
  pod.containers.forEach((c, i) => {
    const inner = `${pad(dash)}  `;
    const image =
      s.anchors && i === 0
        ? `&img ${c.image}`
        : s.anchors && i > 0 && c.image === pod.containers[0]!.image
          ? '*img'
          : c.image;
    lines.push(`${pad(dash)}- name: ${c.name}${note()}`);
    lines.push(`${inner}image: ${image}`);
    if (c.sc) {
      if (s.flowSc) lines.push(`${inner}securityContext: ${flow(c.sc)}${note()}`);
      else if (Object.keys(c.sc).length === 0) lines.push(`${inner}securityContext: {}`);
      else {
        lines.push(`${inner}securityContext:`);
        const save = lines.length;
        block(c.sc, 0);
        for (let j = save; j < lines.length; j++) lines[j] = `${inner}${' '.repeat(s.indent)}${lines[j]}`;
      }
    }
  });
  if (s.comments) lines.push('# trailing comment of the document');
  return lines.join('\n');
}

function emitFile(pods: Pod[], s: Style): string {
  const text = `${pods.map((p) => emit(p, s)).join('\n---\n')}\n`;
  return (s.bom ? '\uFEFF' : '') + (s.crlf ? text.replace(/\n/g, '\r\n') : text);
}

const config = defaultConfig(process.cwd());
const identity = (f: Finding) => `${f.ruleId} ${f.object?.name} ${f.path}`;

/** Lints a text and applies every fix; the findings, the outcome of each and the fixed text. */
function fixOnce(raw: string) {
  const file = loadText('pod.yaml', raw);
  const { findings } = lintFiles([file], config);
  const items = findings.filter((f) => f.fix && !f.suppression).map((f) => ({ finding: f, fix: f.fix! }));
  const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
  const r = applyFileFixes(file.text, items, editStyleFor('pod.yaml'));
  const applied = items.filter((i) => r.outcomes.get(i)?.status === 'applied').map((i) => i.finding);
  return { findings, applied, text: bom + r.text };
}

describe('fixes on generated pod specs in varied YAML styles', () => {
  it('are idempotent, clear their findings, change only fixed fields and only edited lines', () => {
    let applied = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(podArb, { minLength: 1, maxLength: 3 }), styleArb, (pods, style) => {
        const raw = emitFile(pods, style);
        const first = fixOnce(raw);
        const fixed = first.text;
        // The generator writes valid YAML: a syntax error would make every check below vacuous.
        expect(first.findings.filter((f) => f.ruleId.startsWith('yaml-')).map((f) => f.message)).toEqual([]);
        applied += first.applied.length;
        runs++;

        // Idempotent.
        expect(fixOnce(fixed).text).toBe(fixed);

        // Linted again, no applied fix's finding is back.
        const after = new Set(lintFiles([loadText('pod.yaml', fixed)], config).findings.map(identity));
        expect(first.applied.map(identity).filter((id) => after.has(id))).toEqual([]);

        // The same data apart from the fixed fields.
        const before = parseDocs(raw);
        const now = parseDocs(fixed);
        expect(now.length).toBe(before.length);
        const allowed = first.applied.flatMap(fixPaths);
        const changed = before.flatMap((d, i) => changedPaths(d, now[i]));
        expect(changed.filter((p) => !covered(p, allowed))).toEqual([]);

        // Every line not edited is kept byte for byte; a replaced line keeps its indentation.
        expect(fixed.startsWith('\uFEFF')).toBe(style.bom);
        const eol = style.crlf ? '\r\n' : '\n';
        let removed = 0;
        const parts = diffLines(raw, fixed);
        parts.forEach((p, i) => {
          if (!p.removed) return;
          removed += p.count ?? 0;
          const next = parts[i + 1];
          expect(next?.added).toBe(true);
          const indent = (l: string) => /^\uFEFF?[ -]*/.exec(l)![0];
          expect(next!.value.split(eol).map(indent)[0]).toBe(p.value.split(eol).map(indent)[0]);
        });
        expect(removed).toBeLessThanOrEqual(first.applied.length);
        if (style.crlf) expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
        else expect(fixed).not.toContain('\r');
      }),
      { numRuns: 60, seed: 20261202 },
    );
    // Most generated pods have something to fix; a generator that never triggers one proves nothing.
    expect(applied).toBeGreaterThan(runs * 3);
  });
});
