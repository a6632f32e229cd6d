// A built overlay's fix is moved to the base file that wrote the map or list it inserts under:
// found again by its field path. The scanner answers the files it vouches for; the rest (null) go
// to the `yaml` package in engine/rendered.ts.
import { describe, expect, it } from 'vitest';
import { existingAncestor, planEdit } from '../../src/engine/fix/index.js';
import { DEFAULT_PARSE_LIMITS } from '../../src/load/compose.js';
import { scanYamlText } from '../../src/load/scan.js';
import type { YNode } from '../../src/load/tree.js';
import { joinPath } from '../../src/model/object.js';
import { scannedAncestor, scannedCollectionPath, scannedScalarAt } from '../../src/render/source-paths.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1
        ports: [80, 443]
---
kind: ConfigMap
data:
  "quoted.key": x
`;

describe('scannedCollectionPath', () => {
  const at = (needle: string) => DEPLOYMENT.indexOf(needle);

  it.each([
    ['a map, found at its key', 'metadata:', 'map', ['metadata'], 0],
    ['a map, found at its first key', 'name: web', 'map', ['metadata'], 0],
    ['a nested list at its key', 'containers:', 'seq', ['spec', 'template', 'spec', 'containers'], 0],
    ['a list item map', 'name: app', 'map', ['spec', 'template', 'spec', 'containers', 0], 0],
    ['a flow list', 'ports:', 'seq', ['spec', 'template', 'spec', 'containers', 0, 'ports'], 0],
    [
      'a quoted key in the second document',
      '\ndata:',
      'map',
      ['data'],
      DEPLOYMENT.indexOf('kind: ConfigMap'),
    ],
  ] as const)('%s', (_name, needle, kind, path, documentStart) => {
    const offset = at(needle) + (needle.startsWith('\n') ? 1 : 0);
    expect(scannedCollectionPath(DEPLOYMENT, offset, kind)).toEqual({ path, documentStart });
  });

  it('no collection of that kind there: undefined', () => {
    expect(scannedCollectionPath(DEPLOYMENT, at('metadata:'), 'seq')).toBeUndefined();
    expect(scannedCollectionPath(DEPLOYMENT, at('image:') + 7, 'map')).toBeUndefined();
  });

  it.each([
    ['an anchor', 'a: &x {b: 1}\nc: *x\n'],
    ['a merge key', 'a:\n  <<: {b: 1}\n'],
    ['a key YAML 1.1 reads as a boolean', 'on:\n  b: 1\n'],
    ['a numeric key on the way', 'a:\n  1: x\n  c: {b: 1}\n'],
    ['a duplicate key', 'a: {b: 1}\na: {c: 2}\n'],
    ['CRLF line breaks', 'a:\r\n  b: 1\r\n'],
  ])('%s: not vouched (null)', (_name, text) => {
    // The map holding `b`: the walk meets every key before it.
    expect(scannedCollectionPath(text, text.lastIndexOf('b'), 'map')).toBeNull();
  });
});

// A fix of a built overlay that replaces a value is planned on the rendered text: the scanner's
// answer must be the editor's wherever it gives one (engine/rendered.ts asks the editor otherwise).
describe('scannedScalarAt agrees with the fix editor', () => {
  const TEXTS = [
    DEPLOYMENT,
    `kind: Pod
spec:
  hostNetwork: true
  securityContext: {runAsNonRoot: false, runAsUser: 0}
  containers:
    - name: "app"
      securityContext:
        privileged: 'true'
        allowPrivilegeEscalation: yes
        readOnlyRootFilesystem:
        capabilities: {drop: [NET_RAW]}
      args: ["a", b]
      command: |
        run
  automountServiceAccountToken: false # comment
  replicas: 0x1F
  priority: 1_000
  dup: a
  note: >-
    folded
`,
  ];
  const isEdit = (p: ReturnType<typeof planEdit>) => p.kind === 'edit' && p.edit.start !== p.edit.end;

  /** Every path to a node of the document, and one step past each. */
  function pathsOf(node: YNode, path: (string | number)[], out: (string | number)[][]): void {
    out.push(path, [...path, 'missing'], [...path, 0]);
    if (node.type === 'map')
      for (const { key, value } of node.pairs) pathsOf(value, [...path, String(key.value)], out);
    if (node.type === 'seq')
      for (let i = 0; i < node.items.length; i++) pathsOf(node.items[i]!, [...path, i], out);
  }

  it.each(TEXTS.map((t, i) => [i, t] as const))('text %i', (_i, text) => {
    let answered = 0;
    for (const doc of scanYamlText(text, DEFAULT_PARSE_LIMITS)!.documents) {
      const paths: (string | number)[][] = [];
      pathsOf(doc.root!, [], paths);
      for (const steps of paths) {
        const path = joinPath('', ...steps);
        const scanned = scannedScalarAt(text, doc.root!.start, steps);
        if (scanned === null) continue;
        answered++;
        const other = planEdit(text, doc.root!.start, { op: 'set', path, value: 'other' }, { json: false });
        if (scanned === undefined) {
          expect(isEdit(other), path).toBe(false);
          continue;
        }
        expect(other.kind === 'edit' && [other.edit.start, other.edit.end], path).toEqual([
          scanned.start,
          scanned.end,
        ]);
        const same = planEdit(
          text,
          doc.root!.start,
          { op: 'set', path, value: scanned.value as string },
          { json: false },
        );
        expect(same.kind, path).toBe('unchanged');
      }
    }
    expect(answered).toBeGreaterThan(10);
  });

  it.each(TEXTS.map((t, i) => [i, t.replace(/ # comment/, '')] as const))(
    'ancestors, text %i',
    (_i, text) => {
      let answered = 0;
      for (const doc of scanYamlText(text, DEFAULT_PARSE_LIMITS)!.documents) {
        const paths: (string | number)[][] = [];
        pathsOf(doc.root!, [], paths);
        for (const steps of [...paths, ...paths.map((p) => [...p, 'a', 'b'])]) {
          const scanned = scannedAncestor(text, doc.root!.start, steps);
          if (scanned === null) continue;
          answered++;
          const edited = existingAncestor(text, doc.root!.start, joinPath('', ...steps));
          const collection = edited && edited.kind !== 'scalar' ? edited : undefined;
          const trimmed = collection && {
            ...collection,
            end: collection.start + text.slice(collection.start, collection.end).trimEnd().length,
          };
          expect(scanned, joinPath('', ...steps)).toEqual(trimmed);
        }
      }
      expect(answered).toBeGreaterThan(10);
    },
  );

  it('leaves documents with comments to the editor (null)', () => {
    const text = TEXTS[1]!;
    const root = scanYamlText(text, DEFAULT_PARSE_LIMITS)!.documents[0]!.root!.start;
    expect(scannedAncestor(text, root, ['spec', 'x'])).toBeNull();
    expect(scannedAncestor(text.replace(/ # comment/, ''), root, ['spec', 'x'])).toMatchObject({
      rest: ['x'],
    });
  });

  it('defers nulls and block scalars to the editor (null)', () => {
    const text = TEXTS[1]!;
    const root = scanYamlText(text, DEFAULT_PARSE_LIMITS)!.documents[0]!.root!.start;
    const c = ['spec', 'containers', 0];
    expect(scannedScalarAt(text, root, [...c, 'securityContext', 'readOnlyRootFilesystem'])).toBeNull();
    expect(scannedScalarAt(text, root, [...c, 'command'])).toBeNull();
    expect(scannedScalarAt(text, root + 1, ['kind'])).toBeNull();
  });

  it('finds the value a finding names, with its YAML 1.1 value', () => {
    const text = TEXTS[1]!;
    const root = scanYamlText(text, DEFAULT_PARSE_LIMITS)!.documents[0]!.root!.start;
    const yes = text.indexOf('yes');
    expect(
      scannedScalarAt(text, root, ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation']),
    ).toEqual({ start: yes, end: yes + 3, value: true });
    expect(scannedScalarAt(text, root, ['spec', 'hostNetwork', 'x'])).toBeUndefined();
  });
});
