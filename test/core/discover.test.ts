import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  braceExpansionCount,
  DiscoverError,
  discover,
  gitChangedFiles,
  globProblem,
} from '../../src/discover/index.js';
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

describe('discover: git semantics, special files, hostile repositories', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    });
  const nestedNegation = {
    '.gitignore': '*.gen.yaml\n',
    'sub/.gitignore': '!keep.gen.yaml\n',
    'a.gen.yaml': '',
    'sub/drop.gen.yaml': '',
    'sub/keep.gen.yaml': '',
    'plain.yaml': '',
  };

  it('a deeper negation re-includes a file, as git reads it (walk without git)', () => {
    const dir = tempTree(nestedNegation);
    expect(discover(['.'], { cwd: dir, useGit: false }).files.map((f) => f.path)).toEqual([
      'plain.yaml',
      'sub/keep.gen.yaml',
    ]);
  });

  it('a negation cannot re-include a file inside an ignored folder (walk without git)', () => {
    const dir = tempTree({
      '.gitignore': 'gen/\n',
      'gen/.gitignore': '!a.yaml\n',
      'gen/a.yaml': '',
      'b.yaml': '',
    });
    expect(discover(['.'], { cwd: dir, useGit: false }).files.map((f) => f.path)).toEqual(['b.yaml']);
  });

  it('inside a work tree git lists the files: a tracked file is linted although a pattern matches it', () => {
    const dir = tempTree({ ...nestedNegation, 'tracked.gen.yaml': '' });
    git(dir, 'init', '-q');
    git(dir, 'add', '-f', 'tracked.gen.yaml');
    expect(paths(dir)).toEqual(['plain.yaml', 'sub/keep.gen.yaml', 'tracked.gen.yaml']);
    // The walk without git cannot know what is tracked: the difference is the point of using git.
    expect(discover(['.'], { cwd: dir, useGit: false }).files.map((f) => f.path)).not.toContain(
      'tracked.gen.yaml',
    );
  });

  it('lists the files of a nested repository and honours .kubehardenignore in a work tree', () => {
    const dir = tempTree({
      'a.yaml': '',
      'inner/b.yaml': '',
      'vendor/c.yaml': '',
      '.kubehardenignore': 'vendor/\n',
    });
    git(dir, 'init', '-q');
    git(join(dir, 'inner'), 'init', '-q');
    expect(paths(dir)).toEqual(['a.yaml', 'inner/b.yaml']);
  });

  it('never runs what a hostile .git/config names (fsmonitor, filter drivers)', () => {
    const dir = tempTree({ 'a.yaml': 'kind: Pod\n', '.gitattributes': '* filter=evil\n' });
    const marker = join(tempTree({}), 'ran');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    git(dir, 'config', 'core.fsmonitor', `touch ${marker}-fsmonitor; echo`);
    git(dir, 'config', 'filter.evil.clean', `touch ${marker}-filter; cat`);
    writeFileSync(join(dir, 'a.yaml'), 'kind: Pod\n# changed\n');
    expect(paths(dir)).toEqual(['a.yaml']);
    expect([...gitChangedFiles('HEAD', dir)]).toEqual(['a.yaml']);
    expect(existsSync(`${marker}-fsmonitor`)).toBe(false);
    expect(existsSync(`${marker}-filter`)).toBe(false);
  });

  it('refuses an explicitly named FIFO, or a link to one, before opening it', () => {
    const dir = tempTree({ 'a.yaml': '' });
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    symlinkSync(join(dir, 'pipe.yaml'), join(dir, 'link.yaml'));
    expect(() => discover(['pipe.yaml'], { cwd: dir })).toThrow(
      new DiscoverError('pipe.yaml is a FIFO (named pipe), not a regular file; refused'),
    );
    expect(() => discover(['link.yaml'], { cwd: dir })).toThrow(DiscoverError);
    // Met while walking a folder: named, never read.
    const walked = discover(['.'], { cwd: dir, useGit: false });
    expect(walked.files.map((f) => f.path)).toEqual(['a.yaml']);
    expect(walked.notices).toEqual([
      'pipe.yaml: a FIFO (named pipe), not a regular file; not read',
      'link.yaml: a link to a FIFO (named pipe), not a regular file; not read',
    ]);
  });

  it('include and exclude globs never reach files outside the scanned folder', () => {
    const parent = tempTree({ 'outside/kubeconfig.yaml': 'token: secret\n', 'repo/a.yaml': '' });
    const d = discover(['.'], { cwd: join(parent, 'repo'), include: ['../outside/*.yaml', '**/*.yaml'] });
    expect(d.files.map((f) => f.path)).toEqual(['a.yaml']);
  });
});

describe('globs', () => {
  it('counts brace expansion without expanding', () => {
    expect(braceExpansionCount('**/*.{yaml,yml,json}')).toBe(3);
    expect(braceExpansionCount('{a,b}/{c,d,e}')).toBe(6);
    expect(braceExpansionCount('{a,{b,c}}')).toBe(3);
    expect(braceExpansionCount('x{1..100}')).toBe(100);
    expect(braceExpansionCount('{a}')).toBe(1);
    expect(braceExpansionCount('\\{a,b}')).toBe(1);
    expect(braceExpansionCount('{a,b}'.repeat(40))).toBe(1e9);
  });

  it('names the globs a config may not use', () => {
    expect(globProblem('../outside/*.yaml')).toMatch(/reaches outside the scanned folder/);
    expect(globProblem('k8s/{..,x}/a.yaml')).toMatch(/reaches outside/);
    expect(globProblem('/etc/*.yaml')).toMatch(/absolute/);
    expect(globProblem('{1..100000}.yaml')).toBe('expands its braces into 100,000 patterns (at most 256)');
    expect(globProblem('k8s/**/*.{yaml,yml}')).toBeUndefined();
    expect(globProblem('..foo/*.yaml')).toBeUndefined();
  });
});

describe('discover: a folder the repository ignores, named on purpose', () => {
  it('is linted (its own ignore files still apply), not silently empty', () => {
    const dir = tempTree({
      '.gitignore': 'rendered/\n',
      'rendered/sub/a.yaml': '',
      'rendered/sub/.gitignore': 'b.yaml\n',
      'rendered/sub/b.yaml': '',
      'k8s/c.yaml': '',
    });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    expect(discover(['.'], { cwd: dir }).files.map((f) => f.path)).toEqual(['k8s/c.yaml']);
    expect(discover(['rendered/sub'], { cwd: dir }).files.map((f) => f.path)).toEqual([
      'rendered/sub/a.yaml',
    ]);
  });
});
