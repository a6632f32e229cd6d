// The parallel load (load/parallel.ts, share.ts, worker.ts): a file loaded by a worker thread, its
// rows moved and its values joined to the main thread's table, is the file the main thread would
// have loaded. Checked in-process through a real structured clone with transfer, and end to end
// through the built CLI, whose worker threads are forced on and given every file.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SourceFile, startLoadSession } from '../../src/load/index.js';
import { type LoadShare, readReleased, SharePacker, unpackShare } from '../../src/load/share.js';
import { buildDist, ROOT } from '../action/build.js';
import { shape } from './shape.js';

/** Files whose loading takes every path: scanner, CST, JSON, problems, encodings, directives. */
function writeHostileTree(dir: string): void {
  const files: Record<string, string | Buffer> = {
    'pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # kubeharden-ignore run-as-root -- reviewed\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext: {privileged: true}\n',
    'anchors.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: a\ndata:\n  x: &v "1"\n  y: *v\n---\nkind: Secret\napiVersion: v1\nmetadata: *m\n',
    'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n',
    'list.json':
      '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":-0}]}}]}\n',
    'lines.json':
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n',
    'helm.yaml':
      '---\n# Source: shop/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: "x:latest"}]\n',
    'utf16.yaml': Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ünï\n', 'utf16le'),
    ]),
    'replaced.yaml': Buffer.concat([
      Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  k: "'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"\n'),
    ]),
    'binary.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x02]),
    'bom.yaml': '\ufeffapiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n',
    'crlf.yaml':
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: busybox\r\n',
    'not-k8s.yaml': 'just: some\nconfig: [1, 2]\n',
    'empty.yaml': '',
    'block.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blocks\ndata:\n  script: |\n    #!/bin/sh\n    echo hi\n  folded: >-\n    one\n    two\n',
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  // Enough ordinary files that several threads take some.
  for (let i = 0; i < 80; i++)
    writeFileSync(
      join(dir, `svc-${String(i).padStart(2, '0')}.yaml`),
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ns-${i % 3}\nspec:\n  selector: {app: a${i}}\n  ports: [{port: ${8000 + i}, targetPort: http}]\n`,
    );
}

function everyFile(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile() && /\.(ya?ml|json)$/.test(p))
    .sort();
}

/** A loaded file as plain data, its text read again from disk where it was let go. */
function view(file: SourceFile): unknown {
  return {
    path: file.path,
    text: file.text,
    lineStarts: [...Array.from(file.lineStarts)],
    documents: file.documents.map((d) => ({ ...d, root: shape(d.root) })),
    problems: file.problems,
    ignores: file.ignores,
    notice: file.notice,
    encoding: file.encoding,
    disk: file.disk ? { length: file.disk.length, released: file.disk.released } : undefined,
  };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubeharden-parallel-'));
  writeHostileTree(dir);
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a share of a parallel load', () => {
  it('crosses a thread boundary (rows moved, values copied once) and comes out as the same files', () => {
    const options = { maxFileBytes: 1 << 20 };
    const paths = everyFile(dir);
    expect(paths.length).toBeGreaterThan(100);
    startLoadSession();
    const direct = paths.map((p) => view(readReleased(p, relative(dir, p), options)));
    // The loading thread: a session (value table, row slabs) of its own.
    const table = startLoadSession();
    const packer = new SharePacker();
    for (const [at, p] of paths.entries()) packer.add(at, readReleased(p, relative(dir, p), options));
    const moved = packer.buffers;
    const share: LoadShare = structuredClone(packer.share(table.values), { transfer: [...moved] });
    // The rows really moved: this side's buffers are detached.
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((b) => b.byteLength === 0)).toBe(true);
    // The main thread: a table already holding other values, so every id must be translated.
    const main = startLoadSession();
    main.add('something else');
    main.add(42);
    const unpacked = unpackShare(share);
    expect(unpacked.map((u) => u.at)).toEqual(paths.map((_, i) => i));
    expect(unpacked.map((u) => view(u.file))).toEqual(direct);
  });
});

describe('the CLI with worker threads', () => {
  beforeAll(() => buildDist(), 120_000);

  const run = (env: Record<string, string>, format: string) =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'kubeharden.js'), 'lint', '.', '--format', format], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
    });

  it('reports exactly what a serial load reports, with every file loaded by the workers', () => {
    for (const format of ['json', 'sarif']) {
      const serial = run({ KUBEHARDEN_LOAD_THREADS: '0' }, format);
      const parallel = run(
        { KUBEHARDEN_LOAD_THREADS: '2', KUBEHARDEN_LOAD_WORKERS_ONLY: '1', KUBEHARDEN_LOAD_STATS: '1' },
        format,
      );
      expect(serial.status).toBe(1);
      expect(parallel.status).toBe(serial.status);
      expect(parallel.stdout).toBe(serial.stdout);
      expect(parallel.stderr).toMatch(
        /: 0 on the main thread, \d+ on workers, 0 again after a worker failed/,
      );
    }
    // And the findings are real ones: the privileged pod, the UTF-16 file, the binary one.
    const report = JSON.parse(run({ KUBEHARDEN_LOAD_THREADS: '2' }, 'json').stdout) as {
      findings: { ruleId: string; location: { file: string } }[];
    };
    const at = (file: string) => report.findings.filter((f) => f.location.file === file).map((f) => f.ruleId);
    expect(at('pod.yaml')).toContain('privileged-container');
    expect(at('binary.yaml').length).toBeGreaterThan(0);
  });
});
