import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { ConfigError, defaultConfig, defineRule, parseConfig } from '../../src/engine/index.js';
import { lintFiles } from '../../src/lint.js';
import { loadText } from '../../src/load/index.js';
import { describeFinding } from '../rule-tester.js';
import { PRIVILEGED_POD } from './helpers.js';

const lintText = (text: string, configText = '', path = 'm.yaml') =>
  lintFiles([loadText(path, text)], parseConfig(configText, '.kubeharden.yaml', '.', builtinRules)).findings;

const active = (text: string, configText = '') =>
  lintText(text, configText)
    .filter((f) => !f.suppression)
    .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.ruleId}`);

describe('suppression', () => {
  it('the kubeharden.io/ignore annotation suppresses the named rules on that object, kept as suppressed', () => {
    const text = PRIVILEGED_POD.replace(
      '  namespace: app\n',
      '  namespace: app\n  annotations:\n    kubeharden.io/ignore: "privileged-container, run-as-root"\n    kubeharden.io/ignore-reason: node agent\n',
    );
    const all = lintText(text);
    const f = all.find((x) => x.ruleId === 'privileged-container');
    expect(f?.suppression).toEqual({ via: 'annotation', justification: 'node agent' });
    expect(all.filter((x) => !x.suppression && x.ruleId === 'privileged-container')).toEqual([]);
  });

  it('a comment on the line before suppresses findings starting on the next line only', () => {
    const text = PRIVILEGED_POD.replace(
      '        privileged: true',
      '        # kubeharden-ignore privileged-container -- debug image\n        privileged: true',
    );
    const f = lintText(text).find((x) => x.ruleId === 'privileged-container');
    expect(f?.suppression).toEqual({ via: 'comment', justification: 'debug image' });
  });

  it('a comment at the top of a document covers the whole document, and not the next one', () => {
    const text = `# kubeharden-ignore all -- legacy\n${PRIVILEGED_POD}---\n${PRIVILEGED_POD}`;
    const f = lintText(text).filter((x) => x.ruleId === 'privileged-container');
    expect(f.map((x) => [x.location.startLine, x.suppression?.via])).toEqual([
      [14, 'comment'],
      [28, undefined],
    ]);
  });

  it('an ignore naming an unknown rule is itself reported', () => {
    const text = `${PRIVILEGED_POD.replace('  name: p\n', '  name: p\n  annotations:\n    kubeharden.io/ignore: privileged-containers\n')}`;
    const withComment = `# kubeharden-ignore run-as-rot\n${text}`;
    expect(active(withComment).filter((l) => l.endsWith('invalid-ignore'))).toEqual([
      '1:1 low invalid-ignore',
      '7:5 low invalid-ignore',
    ]);
  });
});

describe('configuration', () => {
  it('rules can be turned off, re-severitied, and presets chosen', () => {
    expect(active(PRIVILEGED_POD, 'rules:\n  privileged-container: off\n')).not.toContain(
      '13:21 critical privileged-container',
    );
    expect(active(PRIVILEGED_POD, 'rules:\n  privileged-container: low\n')).toContain(
      '13:21 low privileged-container',
    );
    expect(active(PRIVILEGED_POD, 'extends: pss-baseline\n')).toContain(
      '13:21 critical privileged-container',
    );
  });

  it('overrides apply per file glob', () => {
    const cfg = 'overrides:\n  - files: ["system/**"]\n    rules:\n      privileged-container: off\n';
    const config = parseConfig(cfg, '.kubeharden.yaml', '.', builtinRules);
    const ids = lintFiles(
      [loadText('system/agent.yaml', PRIVILEGED_POD), loadText('apps/web.yaml', PRIVILEGED_POD)],
      config,
    )
      .findings.filter((f) => f.ruleId === 'privileged-container')
      .map((f) => f.location.file);
    expect(ids).toEqual(['apps/web.yaml']);
  });

  it('bad configuration names the key and its line', () => {
    const err = (text: string) => {
      try {
        parseConfig(text, 'cfg.yaml', '.', builtinRules);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err('failOn: high\nrulez: {}\n')).toBe(
      'cfg.yaml:2:1: unknown key "rulez" in config (did you mean "rules"?)',
    );
    expect(err('rules:\n  run-as-root: severe\n')).toMatch(
      /^cfg\.yaml:2:16: invalid value for "rules\.run-as-root": expected/,
    );
    expect(err('failOn: urgent\n')).toBe(
      'cfg.yaml:1:9: invalid value for "failOn": expected one of "critical", "high", "medium", "low", "info", "none"',
    );
    expect(err('kubernetesVersion: 2\n')).toBe('cfg.yaml:1:20: "kubernetesVersion" must be string');
    expect(err('rules: [\n')).toMatch(/^cfg\.yaml:2:1: /);
    expect(err('extends: everything\n')).toMatch(/^cfg\.yaml:1:10: invalid value for "extends"/);
  });

  it('defaults: recommended preset, fail on high', () => {
    const c = defaultConfig('/x');
    expect(c.extends).toEqual(['recommended']);
    expect(c.failOn).toBe('high');
  });
});

/** A made-up rule for engine tests: a real rule's metadata under another id, on by default. */
function testRule(id: string, create: Parameters<typeof defineRule>[0]['create']) {
  const meta = builtinRules.find((r) => r.meta.id === 'privileged-container')!.meta;
  return defineRule({ meta: { ...meta, id, presets: ['recommended'] }, create });
}

describe('rule isolation', () => {
  it('a rule that throws on one object yields a rule-error finding and the run goes on', () => {
    const fragile = testRule('fragile', (ctx) => ({
      object(o) {
        if (o.name === 'bad') throw new TypeError('containers.map is not a function');
        ctx.report({ object: o, span: o.anchor, path: 'metadata.name', message: `saw ${o.name}` });
      },
    }));
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: good}\n';
    const f = lintFiles([loadText('m.yaml', text)], defaultConfig('.'), undefined, [
      ...builtinRules,
      fragile,
    ]).findings;
    expect(f.filter((x) => x.ruleId === 'fragile' || x.ruleId === 'rule-error').map(describeFinding)).toEqual(
      [
        'm.yaml:3:12-3:21 high rule-error rule fragile failed on Pod/bad: containers.map is not a function. The other rules and objects were checked; please report this with the manifest.',
        'm.yaml:7:12-7:22 critical fragile saw good',
      ],
    );
  });

  it('a repeated report (same rule, place and message) is one finding; a different message is another', () => {
    const chatty = testRule('chatty', (ctx) => ({
      object(o) {
        for (const message of ['first', 'second', 'first', 'second', 'first'])
          ctx.report({ object: o, span: o.anchor, path: 'metadata.name', message });
        ctx.report({ object: o, span: o.root, path: '', message: 'first' });
      },
    }));
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n';
    const f = lintFiles([loadText('m.yaml', text)], defaultConfig('.'), undefined, [
      ...builtinRules,
      chatty,
    ]).findings;
    expect(f.filter((x) => x.ruleId === 'chatty').map(describeFinding)).toEqual([
      'm.yaml:1:1-3:20 critical chatty first',
      'm.yaml:3:12-3:19 critical chatty first',
      'm.yaml:3:12-3:19 critical chatty second',
    ]);
  });

  it('findings on one object share its description, and their strings equal what the rule wrote', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a-pod-with-a-long-name, namespace: a-long-namespace}\n';
    const long = `container "${'é'.repeat(20)}" says \\"quoted\\"\n and more`;
    const twice = testRule('twice', (ctx) => ({
      object(o) {
        ctx.report({ object: o, span: o.anchor, path: `spec.${'x'.repeat(30)}`, message: long });
        ctx.report({ object: o, span: o.root, path: '', message: 'other' });
      },
    }));
    const f = lintFiles([loadText('m.yaml', text)], defaultConfig('.'), undefined, [
      ...builtinRules,
      twice,
    ]).findings.filter((x) => x.ruleId === 'twice');
    expect(f).toHaveLength(2);
    expect(f[0]!.object).toBe(f[1]!.object);
    expect(f[0]!.object).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'a-long-namespace',
      name: 'a-pod-with-a-long-name',
    });
    expect(f.map((x) => [x.message, x.path])).toEqual([
      ['other', undefined],
      [long, `spec.${'x'.repeat(30)}`],
    ]);
  });
});
