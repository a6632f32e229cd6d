import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/index.js';
import { PRIVILEGED_POD, tempTree } from './helpers.js';

const paths = (dir: string, opts: { include?: string[]; exclude?: string[] } = {}) =>
  discover(['.'], { cwd: dir, ...opts }).files.map((f) => f.path);

describe('discover', () => {
  it('walks yaml, yml and json files in stable order, skipping .git and node_modules', () => {
    const dir = tempTree({
      'b.yaml': '',
      'a/c.yml': '',
      'a/d.json': '',
      'README.md': '',
      'node_modules/x/e.yaml': '',
      '.git/f.yaml': '',
    });
    expect(paths(dir)).toEqual(['a/c.yml', 'a/d.json', 'b.yaml']);
  });

  it('honours every .gitignore in the tree and .kubehardenignore', () => {
    const dir = tempTree({
      '.gitignore': 'generated/\n*.tmp.yaml\n',
      'sub/.gitignore': 'local.yaml\n',
      '.kubehardenignore': 'vendor/**\n',
      'generated/a.yaml': '',
      'x.tmp.yaml': '',
      'sub/local.yaml': '',
      'local.yaml': '',
      'vendor/v.yaml': '',
      'keep.yaml': '',
    });
    expect(paths(dir)).toEqual(['keep.yaml', 'local.yaml']);
  });

  it('applies config include and exclude globs', () => {
    const dir = tempTree({ 'k8s/a.yaml': '', 'k8s/test/b.yaml': '', 'other/c.yaml': '' });
    expect(paths(dir, { include: ['k8s/**/*.yaml'], exclude: ['**/test/**'] })).toEqual(['k8s/a.yaml']);
  });

  it('names Helm chart folders for the render stage and does not lint their templates as files', () => {
    const dir = tempTree({
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'charts/web/values.yaml': 'replicaCount: 1\n',
      'charts/web/templates/deployment.yaml': '{{ .Values.x }}',
      'charts/web/templates/service.yaml': '{{ .Values.y }}',
      'charts/web/crds/crd.yaml': '',
    });
    const d = discover(['.'], { cwd: dir });
    expect(d.files.map((f) => f.path)).toEqual([
      'charts/web/Chart.yaml',
      'charts/web/crds/crd.yaml',
      'charts/web/values.yaml',
    ]);
    expect(d.notices).toEqual([]);
    expect(d.charts).toEqual([join(dir, 'charts/web')]);
  });

  it('a chart vendored in the charts/ folder of another chart is rendered with it, not on its own', () => {
    const dir = tempTree({
      'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'app/templates/a.yaml': '{{ .Values.x }}',
      'app/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'app/charts/sub/templates/b.yaml': '{{ .Values.y }}',
    });
    expect(discover(['.'], { cwd: dir }).charts).toEqual([join(dir, 'app')]);
  });

  it('does not follow links out of the root, and link loops do not hang', () => {
    const outside = tempTree({ 'secret.yaml': PRIVILEGED_POD });
    const dir = tempTree({ 'in.yaml': PRIVILEGED_POD });
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'out.yaml'));
    symlinkSync(join(dir, 'in.yaml'), join(dir, 'alias.yaml'));
    mkdirSync(join(dir, 'loop'));
    symlinkSync(dir, join(dir, 'loop', 'self'));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop', 'again'));
    const d = discover(['.'], { cwd: dir });
    expect(d.files.map((f) => f.path)).toEqual(['alias.yaml', 'in.yaml']);
    expect(d.notices).toEqual(['out.yaml: a link to a file outside the scanned folder; not followed']);
  });

  it('reports paths that do not exist and recognises stdin', () => {
    const dir = tempTree({ 'a.yaml': '' });
    const d = discover(['nope', '-', 'a.yaml'], { cwd: dir });
    expect(d.missing).toEqual(['nope']);
    expect(d.stdin).toBe(true);
    expect(d.files.map((f) => f.path)).toEqual(['a.yaml']);
  });
});
