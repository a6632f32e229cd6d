// The fix engine on its own: document edits in, minimal text edits out, the style around them kept.
import { describe, expect, it } from 'vitest';
import { type Document, isAlias, isScalar, visit } from 'yaml';
import { parseAlone } from '../../src/engine/fix/apply.js';
import {
  addItem,
  applyFileFixes,
  applyFix,
  type DocEdit,
  parseFieldPath,
  removeField,
  renameKey,
  setField,
} from '../../src/engine/fix/index.js';
import { parseAllDocumentsGo } from '../../src/load/lexer.js';

function fix(text: string, edits: DocEdit[], json = false, documentStart = text.search(/[^\s-]/)) {
  return applyFix(text, { description: 'test', edits, documentStart }, { json });
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web # the name
spec:
  containers:
  - name: app
    image: nginx:1.27   # pinned

    securityContext:
      privileged: true
  - name: side
    image: busybox:1.36
`;

describe('fix engine: block style', () => {
  it.each([
    {
      name: 'replaces a value in place, keeping the comment after it',
      edits: [setField('spec.containers[0].securityContext.privileged', false)],
      out: POD.replace('privileged: true', 'privileged: false'),
    },
    {
      name: 'adds a field after the last one of its map',
      edits: [setField('spec.containers[0].securityContext.allowPrivilegeEscalation', false)],
      out: POD.replace('privileged: true\n', 'privileged: true\n      allowPrivilegeEscalation: false\n'),
    },
    {
      name: 'creates missing parents at the width the file uses',
      edits: [setField('spec.containers[1].securityContext.allowPrivilegeEscalation', false)],
      out: `${POD}    securityContext:\n      allowPrivilegeEscalation: false\n`,
    },
    {
      name: 'writes a new list unindented under its key, as the file does',
      edits: [addItem('spec.containers[1].securityContext.capabilities.drop', 'ALL')],
      out: `${POD}    securityContext:\n      capabilities:\n        drop:\n        - ALL\n`,
    },
    {
      name: 'adds a pod-level field after the containers block',
      edits: [setField('spec.securityContext.runAsNonRoot', true)],
      out: `${POD}  securityContext:\n    runAsNonRoot: true\n`,
    },
  ])('$name', ({ edits, out }) => {
    const r = fix(POD, edits);
    expect(r.outcome).toEqual({ status: 'applied' });
    expect(r.text).toBe(out);
  });

  it('follows a 4-space indent and indented sequences', () => {
    const text = 'spec:\n    containers:\n        -   name: a\n            image: x\n';
    const r = fix(text, [addItem('spec.containers[0].securityContext.capabilities.drop', 'ALL')]);
    expect(r.text).toBe(
      `${text}            securityContext:\n                capabilities:\n                    drop:\n                        - ALL\n`,
    );
  });

  it('appends to an existing block list with the dash where the others are', () => {
    const text = 'sc:\n  drop:\n    - NET_RAW   # keep\n  add: []\n';
    expect(fix(text, [addItem('sc.drop', 'ALL')]).text).toBe(
      'sc:\n  drop:\n    - NET_RAW   # keep\n    - ALL\n  add: []\n',
    );
  });

  it('keeps the quoting of the value it replaces', () => {
    expect(fix('a:\n  type: "Unconfined"\n', [setField('a.type', 'RuntimeDefault')]).text).toBe(
      'a:\n  type: "RuntimeDefault"\n',
    );
    expect(fix("a:\n  type: 'Unconfined'\n", [setField('a.type', 'RuntimeDefault')]).text).toBe(
      "a:\n  type: 'RuntimeDefault'\n",
    );
  });

  it('quotes strings YAML 1.1 would read as something else, keys too', () => {
    expect(fix('a:\n  b: 1\n', [setField('a.y', 2)]).text).toBe('a:\n  b: 1\n  "y": 2\n');
    expect(fix('a:\n  b: 1\n', [setField('a.c', 'false')]).text).toBe('a:\n  b: 1\n  c: "false"\n');
    expect(fix('a:\n  b: 1\n', [setField('a.c', 'on')]).text).toBe('a:\n  b: 1\n  c: "on"\n');
  });

  it('fills an empty field', () => {
    expect(fix('a:\n  sc:\n  d: 1\n', [setField('a.sc.x', true)]).text).toBe(
      'a:\n  sc:\n    x: true\n  d: 1\n',
    );
    expect(fix('a:\n  sc: ~\n', [setField('a.sc.x', true)]).text).toBe('a:\n  sc: {x: true}\n');
  });

  it('leaves a value that is already right alone', () => {
    expect(fix(POD, [setField('spec.containers[0].image', 'nginx:1.27')]).outcome).toEqual({
      status: 'unchanged',
    });
    expect(fix('d:\n- ALL\n', [addItem('d', 'ALL')]).outcome).toEqual({ status: 'unchanged' });
  });

  it('keeps CRLF line endings', () => {
    const text = POD.replace(/\n/g, '\r\n');
    const r = fix(text, [setField('spec.containers[1].securityContext.readOnlyRootFilesystem', true)]);
    expect(r.text).toBe(`${text}    securityContext:\r\n      readOnlyRootFilesystem: true\r\n`);
  });

  it('keeps a file without a final line break without one', () => {
    expect(fix('a:\n  b: 1', [setField('a.c', 2)]).text).toBe('a:\n  b: 1\n  c: 2');
  });
});

describe('fix engine: flow style and JSON', () => {
  it('inserts into a flow map in flow style', () => {
    expect(fix('a: {b: 1, c: [x]}\n', [setField('a.d.e', true), addItem('a.c', 'ALL')]).text).toBe(
      'a: {b: 1, c: [x, ALL], d: {e: true}}\n',
    );
    expect(fix('a: {}\n', [setField('a.b', true)]).text).toBe('a: {b: true}\n');
  });

  it("writes JSON in a .json file: quoted keys and strings, commas, the neighbours' indent", () => {
    const text = '{\n  "spec": {\n    "hostNetwork": true\n  }\n}\n';
    expect(
      fix(text, [setField('spec.securityContext.seccompProfile.type', 'RuntimeDefault')], true).text,
    ).toBe(
      '{\n  "spec": {\n    "hostNetwork": true,\n    "securityContext": {\n      "seccompProfile": {\n        "type": "RuntimeDefault"\n      }\n    }\n  }\n}\n',
    );
    // The file's own width (4 here) and arrays one item a line too.
    const four = '{\n    "spec": {\n        "hostNetwork": true\n    }\n}\n';
    expect(fix(four, [addItem('spec.capabilities.drop', 'ALL')], true).text).toBe(
      '{\n    "spec": {\n        "hostNetwork": true,\n        "capabilities": {\n            "drop": [\n                "ALL"\n            ]\n        }\n    }\n}\n',
    );
    expect(fix('{"a": {"image": "x:latest"}}', [setField('a.image', 'x:1')], true).text).toBe(
      '{"a": {"image": "x:1"}}',
    );
    expect(fix('{"a": {"b": "x"}}', [setField('a.c', false)], true).text).toBe(
      '{"a": {"b": "x", "c": false}}',
    );
  });
});

describe('fix engine: what the loader reads', () => {
  it('fixes a file with go-yaml leniency: a flow list continued at its parent block column', () => {
    // kubectl (go-yaml) loads this; YAML 1.2 wants the continuation line indented past `command`.
    const text = `spec:
  containers:
  - name: app
    command: ["sh",
  "-c"]
    securityContext:
      privileged: true
`;
    const r = fix(text, [setField('spec.containers[0].securityContext.privileged', false)]);
    expect(r.outcome.status).toBe('applied');
    expect(r.text).toBe(text.replace('privileged: true', 'privileged: false'));
  });
});

describe('fix engine: anchors, aliases and merge keys', () => {
  it('refuses to edit a value an alias shares (it would change every alias)', () => {
    const text = 'sc:\n  readOnlyRootFilesystem: &no false\n  allowPrivilegeEscalation: *no\n';
    const r = fix(text, [setField('sc.readOnlyRootFilesystem', true)]);
    expect(r.outcome.status).toBe('refused');
    expect(r.text).toBe(text);
    expect(r.outcome).toMatchObject({ reason: expect.stringContaining('&no') });
  });

  it('replaces an alias used as a value, which changes only that field', () => {
    const text = 'sc:\n  a: &yes true\n  allowPrivilegeEscalation: *yes\n';
    expect(fix(text, [setField('sc.allowPrivilegeEscalation', false)]).text).toBe(
      'sc:\n  a: &yes true\n  allowPrivilegeEscalation: false\n',
    );
  });

  it('refuses to edit through an alias or inside a shared anchor', () => {
    const text = 'base: &c\n  name: a\nlist:\n- *c\n- name: b\n';
    expect(fix(text, [setField('list[0].securityContext.x', true)]).outcome.status).toBe('refused');
    expect(fix(text, [setField('base.securityContext.x', true)]).outcome.status).toBe('refused');
    expect(fix(text, [setField('list[1].securityContext.x', true)]).outcome.status).toBe('applied');
  });

  it('overrides a merged scalar locally but refuses to shadow a merged map', () => {
    const text = 'base: &b\n  x: 1\n  m: {q: 1}\nitem:\n  <<: *b\n  y: 2\n';
    expect(fix(text, [setField('item.x', 3)]).text).toBe(`${text}  x: 3\n`);
    expect(fix(text, [setField('item.m.q', 3)]).outcome).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('merge key'),
    });
  });
});

describe('fix engine: rename and remove', () => {
  it('renames a key unless the map has the new key already', () => {
    expect(fix('a:\n  privilegd: true\n', [renameKey('a.privilegd', 'privileged')]).text).toBe(
      'a:\n  privileged: true\n',
    );
    const dup = fix('a:\n  privilegd: true\n  privileged: false\n', [renameKey('a.privilegd', 'privileged')]);
    expect(dup.outcome).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('duplicate key'),
    });
  });

  it('removes a field or a list item with its line', () => {
    expect(fix('a:\n  b: 1 # x\n  c: 2\n', [removeField('a.b')]).text).toBe('a:\n  c: 2\n');
    expect(fix('c:\n- x\n- --insecure-port=8080\n- y\n', [removeField('c[1]')]).text).toBe('c:\n- x\n- y\n');
    expect(fix('c: [x, y, z]\n', [removeField('c[1]')]).text).toBe('c: [x, z]\n');
    expect(fix('c: [x, y]\n', [removeField('c[1]')]).text).toBe('c: [x]\n');
  });
});

describe('fix engine: documents', () => {
  const text = 'kind: A\nspec:\n  x: 1\n---\n# second\nkind: B\nspec:\n  x: 1\n';
  it('edits only the document the finding is in', () => {
    const second = text.indexOf('kind: B');
    expect(fix(text, [setField('spec.w', 2)], false, second).text).toBe(`${text}  w: 2\n`);
    expect(fix(text, [setField('spec.w', 2)], false, 0).text).toBe(
      text.replace('x: 1\n---', 'x: 1\n  w: 2\n---'),
    );
  });

  it('applies fixes to several documents of one file (later documents first)', () => {
    const items = [0, text.indexOf('kind: B')].map((documentStart) => ({
      fix: { description: 'y', edits: [setField('spec.w', 2)], documentStart },
    }));
    const r = applyFileFixes(text, items, { json: false });
    expect(r.text).toBe('kind: A\nspec:\n  x: 1\n  w: 2\n---\n# second\nkind: B\nspec:\n  x: 1\n  w: 2\n');
    expect([...r.outcomes.values()].map((o) => o.status)).toEqual(['applied', 'applied']);
  });

  it('never applies a fix of rendered output', () => {
    const r = applyFix(
      text,
      { description: 'y', edits: [setField('spec.y', 2)], documentStart: 0, rendered: true },
      {
        json: false,
      },
    );
    expect(r.outcome.status).toBe('refused');
    expect(r.text).toBe(text);
  });

  it('parses field paths as findings write them', () => {
    expect(parseFieldPath('spec.containers[0].securityContext')).toEqual([
      'spec',
      'containers',
      0,
      'securityContext',
    ]);
    expect(parseFieldPath('metadata.annotations["a.b/c"].x')).toEqual([
      'metadata',
      'annotations',
      'a.b/c',
      'x',
    ]);
    expect(parseFieldPath('items[2].spec')).toEqual(['items', 2, 'spec']);
  });
});

describe('fix engine: a document of a bundle is parsed alone', () => {
  // What an edit sees of a node: its kind, offsets, value and properties.
  function nodes(doc: unknown): unknown[] {
    const out: unknown[] = [];
    visit(doc as Document, {
      Node: (_k, n) => {
        const scalar = isScalar(n) ? [String(n.value), n.type] : [];
        out.push([n.constructor.name, n.range, ...scalar, isAlias(n) ? n.source : '', n.anchor, n.tag]);
      },
    });
    return out;
  }
  const whole = (text: string) => parseAllDocumentsGo(text, { version: '1.1', prettyErrors: false });

  it.each([
    { name: 'the first of several, without a marker', text: 'a: 1\n---\nb: 2\n', doc: 0 },
    {
      name: 'a middle one with comments before it',
      text: 'a: 1\n---\n# c\n\nb: &x [1, 2]\nc: *x\n---\nd: 3\n',
      doc: 1,
    },
    {
      name: 'the last one, with CRLF and content on the marker line',
      text: 'a: 1\r\n--- !!map\r\nb: |\r\n  x\r\n',
      doc: 1,
    },
    { name: 'a block scalar on its marker line', text: 'a: 1\n--- |\n  text\n---\nb: 2\n', doc: 1 },
    // The walk back to the document's start once looped for ever on a text opening with a blank line.
    { name: 'the first one, after a blank first line', text: '\na: 1\n---\nb: 2\n', doc: 0 },
    { name: 'the first one, after blank lines and a comment', text: '\n\n# c\na: 1\n---\nb: 2\n', doc: 0 },
  ])('gives the nodes of the whole parse, at its offsets: $name', ({ text, doc }) => {
    const full = whole(text)[doc]!;
    const alone = parseAlone(text, full.contents!.range[0]);
    expect(alone).toBeDefined();
    expect(nodes(alone)).toEqual(nodes(full));
  });

  it.each([
    { name: 'a single document (nothing to save)', text: 'a: 1\nb: 2\n', at: 0 },
    { name: 'a document after `...`', text: 'a: 1\n...\nb: 2\n---\nc: 3\n', at: 10 },
    { name: 'a document ended by `...`', text: 'a: 1\n---\nb: 2\n...\n', at: 9 },
    { name: 'a quoted scalar cut by a marker line', text: 'a: 1\n---\nb: "x\n---\ny"\n', at: 9 },
  ])('leaves the whole parse to decide: $name', ({ text, at }) => {
    expect(parseAlone(text, at)).toBeUndefined();
  });

  it('edits a document of a bundle as the whole parse would, directives or not', () => {
    const bundle = 'kind: A\n---\nkind: B\nspec:\n  x: 1\n---\nkind: C\n';
    const at = bundle.indexOf('kind: B');
    const expected = bundle.replace('x: 1\n', 'x: 1\n  w: 2\n');
    expect(fix(bundle, [setField('spec.w', 2)], false, at).text).toBe(expected);
    // With a directive the whole text is parsed: the same edit.
    const directive = `%YAML 1.1\n---\n${bundle}`;
    expect(fix(directive, [setField('spec.w', 2)], false, at + 14).text).toBe(`%YAML 1.1\n---\n${expected}`);
  });
});
