// The rule of thumb, against the real kubectl: whatever kubectl decodes from a file, the loader
// decodes the same objects, or it reports a high finding (says loudly that it did not). Skipped, with
// the reason, when the kubectl binary of the devDependency cannot be unpacked or run here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/engine/index.js';
import { lintFiles } from '../../src/lint.js';
import { loadSource, toPlain } from '../../src/load/index.js';
import { kubectlDecode, kubectlOracle } from './kubectl-oracle.js';

const oracle = kubectlOracle();
const reason = 'reason' in oracle ? oracle.reason : '';
if (reason) console.warn(`kubectl oracle tests skipped: ${reason}`);

const CM = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}${extra}\ndata:\n  k: "v"\n`;
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const utf16 = (s: string, le: boolean) => {
  const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
  return le ? b : b.swap16();
};
const utf32le = (s: string) => {
  const cps = [0xfeff, ...[...s].map((c) => c.codePointAt(0)!)];
  const b = Buffer.alloc(4 * cps.length);
  for (const [i, c] of cps.entries()) b.writeUInt32LE(c, 4 * i);
  return b;
};

const CASES: Record<string, Buffer> = {
  'U+2028 in a comment': utf8(CM('a', ' # note\u2028  namespace: evil')),
  'U+2029 in a comment': utf8(CM('a', ' # note\u2029  namespace: evil')),
  'NEL in a comment': utf8(CM('a', ' # note\u0085  namespace: evil')),
  'lone CR in a comment': utf8(CM('a', ' # note\r  namespace: evil')),
  'NEL and CR inside quoted values': utf8(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: "p\u0085   q"\n  b: \'p\r   q\'\n',
  ),
  'LINE and PARAGRAPH SEPARATOR inside values': utf8(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ls\ndata:\n  a: "p\u2028    q"\n  b: "p\u2028\n     q"\n  c: "p\u2029    \u2029    q"\n  d: p\u2028     q\n  e: \'it\'\'s\u2028    ok\'\n  f: "a\\\u2028    b \\L c"\n  g: "tail \u2028    "\n',
  ),
  'LINE SEPARATOR in a literal block scalar': utf8(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lit\ndata:\n  a: |\n    l1\u2028    l2\n\n    l3\u2029\n  b: |-\n    x\u2028    y\u2028\n  c: |+\n    k\u2029\n\n',
  ),
  'CRLF file': utf8(CM('crlf').replace(/\n/g, '\r\n')),
  'byte-order mark after ---': utf8(`${CM('a')}---\n\uFEFF${CM('b')}`),
  'byte-order mark after --- with CRLF and a comment': utf8(`${CM('a')}--- # x\r\n\uFEFF${CM('b')}`),
  'byte-order mark inside a document': utf8(`${CM('a')}\uFEFFextra: 1\n`),
  'two byte-order marks at the start': utf8(`\uFEFF\uFEFF${CM('a')}`),
  'UTF-8 byte-order mark': utf8(`\uFEFF${CM('a')}`),
  'UTF-16 LE': utf16(`${CM('a')}---\n${CM('b', ' # é€😀')}`, true),
  'UTF-16 BE': utf16(CM('a', ' # é'), false),
  'UTF-32 LE': utf32le(CM('a')),
  'invalid UTF-8': Buffer.concat([
    utf8('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "x'),
    Buffer.from([0xe2, 0x82, 0xff]),
    utf8('y"\n'),
  ]),
  'NUL in a comment': utf8(`${CM('a')}# \u0000\n`),
  'JSON lines': utf8(
    '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}, "data": {"k": "v"}}\n',
  ),
  'JSON objects back to back': utf8(
    '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}',
  ),
  // go-yaml reads quoted scalars and flow collections whatever their continuation lines' indentation.
  'quoted scalar continued at the key column': utf8(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  k: \'a\n  b\'\n  j: "x\ny"\n  l: \'it\'\'s\n\n  two\'\n  m: "p\u2028q"\n  n: "p\u0085q"\n',
  ),
  'flow sequence continued at the key column': utf8(
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {a: "1",\nb: "2"}\nspec:\n  containers:\n    - name: c\n      image: "minio/minio:RELEASE.2018"\n      command: [ "/bin/sh", \n      "-ce", \n      "cp /tmp/config.json /root/.minio/ && \n      /usr/bin/docker-entrypoint.sh minio server /export" ]\n      args: [x,\ny]\n      securityContext: {runAsNonRoot: true, runAsUser: 1000,\n      allowPrivilegeEscalation: false}\n',
  ),
  'document separator after U+2028': utf8(`${CM('a').trimEnd()}\u2028---\u2028${CM('b')}`),
};

/** kubectl's object without the label the oracle command added. */
function withoutOracleLabel(o: unknown): unknown {
  const obj = structuredClone(o) as { metadata?: { labels?: Record<string, string> } };
  if (obj.metadata?.labels) {
    delete obj.metadata.labels.oracle;
    if (Object.keys(obj.metadata.labels).length === 0) delete obj.metadata.labels;
  }
  return obj;
}

describe.skipIf(reason !== '')('decoding agrees with kubectl 1.35', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-oracle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const kubectl = 'path' in oracle ? oracle.path : '';
  const config = defaultConfig(process.cwd());

  for (const [name, bytes] of Object.entries(CASES)) {
    it(name, () => {
      const path = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(path, bytes);
      const theirs = kubectlDecode(kubectl, path);
      const file = loadSource(path, bytes, { maxFileBytes: 1 << 20 });
      const loud = lintFiles([file], config).findings.some(
        (f) => f.severity === 'high' || f.severity === 'critical',
      );
      const ours = file.documents
        .map((d) => toPlain(d.root) as Record<string, unknown> | undefined)
        .filter((o) => o && typeof o === 'object' && 'apiVersion' in o && 'kind' in o);
      if ('error' in theirs) {
        // kubectl refuses the file: reading more than kubectl is fine, hiding nothing.
        return;
      }
      // kubectl applies these objects: each is one of ours, or the loader said loudly it could not.
      if (!loud) for (const obj of theirs.objects) expect(ours, name).toContainEqual(withoutOracleLabel(obj));
      else expect(file.problems.length + ours.length, name).toBeGreaterThan(0);
      // And the cases meant to be decoded are decoded, not merely reported.
      if (!/UTF-32|NUL|two byte-order/.test(name)) expect(loud, name).toBe(false);
    });
  }
});
