// `kubeharden render` prints what `helm template` prints (Helm's own test chart and expected output).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
// ../shared from the project root (CI); a worktree sits one level deeper.
const CONF =
  [join(ROOT, '..', 'shared'), join(ROOT, '..', '..', 'shared')]
    .map((d) => join(d, 'conformance', 'helm'))
    .find((d) => existsSync(d)) ?? '';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    readStdin: () => '',
    isTTY: false,
  });
  return { code, out, err };
}

describe('kubeharden render', () => {
  it.skipIf(!existsSync(CONF))(
    'matches helm template for Helm test chart with --set and --kube-version',
    async () => {
      const r = await run([
        'render',
        join(CONF, 'charts/subchart'),
        '--kube-version',
        '1.20.0',
        '--set',
        'service.name=apache',
        // The expected files come from Helm's main branch (a blank line after each document).
        '--helm-compat',
        'main',
      ]);
      expect(r.err).toBe('');
      expect(r.out).toBe(readFileSync(join(CONF, 'expected/template-set.txt'), 'utf8'));
    },
  );

  it.skipIf(!existsSync(CONF))('--show-only picks the documents of one template', async () => {
    const r = await run([
      'render',
      join(CONF, 'charts/subchart'),
      '--kube-version',
      '1.20.0',
      '-s',
      'templates/service.yaml',
    ]);
    expect(r.out).toBe(readFileSync(join(CONF, 'expected/template-show-only-one.txt'), 'utf8'));
  });

  it('a chart that does not render: Helm error text on stderr, exit 1', async () => {
    const r = await run(['render', join(ROOT, 'fixtures/helm/broken')]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'Error: execution error at (broken/templates/pod.yaml:8:16): image.tag is required\n\nUse --debug flag to render out invalid YAML\n',
    );
  });

  it('takes a release name and a namespace', async () => {
    const r = await run([
      'render',
      'rel',
      join(ROOT, 'fixtures/helm/broken'),
      '-n',
      'apps',
      '--set',
      'image.tag=1.0',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('image: 1.0');
  });
});
