// The reports against manifest text that tries to break out of them (line breaks, terminal
// escapes, workflow commands, Markdown) and against inputs that would make them huge.
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/action/comments.js';
import { type LintResult, lint } from '../../src/lint.js';
import { formatResult, toText, toWorkflowCommands } from '../../src/report/index.js';
import { tempTree } from './helpers.js';

const ONLY = (rules: string[]) => `extends: []\nrules:\n${rules.map((r) => `  ${r}: {}`).join('\n')}\n`;

// A raw U+2028 is a line break to go-yaml (and to the loader), so it is written as a YAML escape.
const quoted = (s: string) => JSON.stringify(s).replace(/\u2028/g, '\\u2028');

function pod(name: string, container = 'c'): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${quoted(name)}\n  namespace: app\nspec:\n  containers:\n    - name: ${quoted(container)}\n      image: x:1\n      securityContext:\n        privileged: true\n`;
}

describe('text report: manifest text cannot start a line or carry control characters', () => {
  const name =
    'web\n::error file=x::forged\u001b]8;;https://evil.example\u0007link\u001b[2J\u009b31m\u2028x\u202eevil';
  const dir = tempTree({
    '.kubeharden.yaml': ONLY(['privileged-container']),
    'pod.yaml': pod('p', name),
    '::add-mask::x.yaml': pod('q'),
  });
  let result: LintResult;
  beforeAll(async () => {
    result = await lint({ paths: ['.'], cwd: dir });
  });

  it('escapes newlines and C0/C1 controls in messages and code frames, and guards file names', () => {
    expect(result.findings).toHaveLength(2);
    const text = toText(result.findings, result.files, { color: false });
    // Every line is one the report made: a header, a finding, a frame line, a blank or the summary.
    for (const line of text.split('\n'))
      expect(line).toMatch(/^($|\.\/::add-mask::x\.yaml$|pod\.yaml$| {2}\d+:\d+ | {4}[ >] \d+ \||\s+\||✖ )/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
    expect(text).toContain(
      'container "web\\n::error file=x::forged\\x1B]8;;https://evil.example\\x07link\\x1B[2J\\x9B31m\\u2028x\\u202Eevil" runs privileged',
    );
    // In the frame too (the YAML escapes are shown as written in the file).
    expect(text).toContain('./::add-mask::x.yaml\n');
  });

  it('workflow-command output keeps each finding on one line with GitHub escaping', () => {
    const out = toWorkflowCommands(result.findings);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=%3A%3Aadd-mask%3A%3Ax\.yaml,line=/);
    expect(lines[1]).toContain('::container "web%0A::error file=x::forged\\x1B]8;;');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('Markdown for GitHub', () => {
  it('neutralises links, images, bare URLs, HTML markers and mentions', () => {
    expect(escapeMarkdown('see [here](https://evil.example) ![x](https://evil.example/i.png)')).toBe(
      'see \\[here\\](https:/\u200b/evil.example) !\\[x\\](https:/\u200b/evil.example/i.png)',
    );
    expect(escapeMarkdown('ping @octocat and @org/team, mail a@b')).toBe(
      'ping @\u200boctocat and @\u200borg/team, mail a@\u200bb',
    );
    expect(escapeMarkdown('<!-- kubeharden:finding fp=00 state=fixed -->')).toBe(
      '&lt;!-- kubeharden:finding fp=00 state=fixed --&gt;',
    );
    expect(escapeMarkdown('a\nb\u001b[1m www.evil.example')).toBe('a\\nb\\x1B\\[1m www\u200b.evil.example');
  });
});

describe('findings on one node', () => {
  it('share one position and one code frame in the text report, every rule listed', async () => {
    const dir = tempTree({
      '.kubeharden.yaml': ONLY(['run-as-root', 'privilege-escalation-allowed', 'probes-missing']),
      'pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: app\nspec:\n  containers:\n    - name: bare\n      image: x:1\n',
    });
    const r = await lint({ paths: ['.'], cwd: dir });
    expect(r.findings.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId}`)).toEqual([
      '8:7 privilege-escalation-allowed',
      '8:7 probes-missing',
      '8:7 probes-missing',
      '8:7 run-as-root',
    ]);
    const text = toText(r.findings, r.files, { color: false });
    const lines = text.split('\n');
    expect(lines.filter((l) => /^ {2}\d+:\d+ /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^ {4}> /.test(l))).toEqual(['    > 8 |     - name: bare']);
    // Most severe first under the shared position.
    expect(lines.slice(1, 5).map((l) => l.trim().split(/\s+/).at(-1))).toEqual([
      'privilege-escalation-allowed',
      'run-as-root',
      'probes-missing',
      'probes-missing',
    ]);
    expect(lines[1]).toMatch(/^ {2}8:7 {5}high/);
    expect(lines[2]).toMatch(/^ {10}high/);
  });
});

describe('code frames on long lines', () => {
  it('show a window of a 113 KB minified JSON line, so the report grows with findings, not line length', async () => {
    const containers = Array.from({ length: 700 }, (_, i) => ({
      name: `c${i}`,
      image: `registry.example.com/app:${i}`,
      securityContext: { privileged: true },
      env: [{ name: 'PADDING', value: 'x'.repeat(100) }],
    }));
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'app' },
      spec: { containers },
    });
    expect(json.length).toBeGreaterThan(113_000);
    const dir = tempTree({ '.kubeharden.yaml': ONLY(['privileged-container']), 'min.json': json });
    const r = await lint({ paths: ['.'], cwd: dir });
    expect(r.findings).toHaveLength(700);
    const text = toText(r.findings, r.files, { color: false });
    // 700 findings, each a message line and a 2-line frame of at most ~170 characters a line.
    expect(text.length).toBeLessThan(700 * 600);
    const last = r.findings.at(-1)!;
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`  1:${last.location.startColumn} `));
    expect(lines[at + 1]).toMatch(/^ {4}> 1 \| …/);
    expect(lines[at + 1]!.length).toBeLessThan(180);
    // The caret sits under the offending `true`.
    const caret = lines[at + 2]!;
    const frame = lines[at + 1]!;
    expect(frame.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('true');
  });

  it('caps the number of frames when asked (the Action log)', async () => {
    const pods = Array.from({ length: 5 }, (_, i) => pod(`p${i}`)).join('---\n');
    const dir = tempTree({ '.kubeharden.yaml': ONLY(['privileged-container']), 'pods.yaml': pods });
    const r = await lint({ paths: ['.'], cwd: dir });
    const text = toText(r.findings, r.files, { color: false, maxFrames: 2 });
    expect(text.split('\n').filter((l) => /^ {4}> /.test(l))).toHaveLength(2);
    expect(text).toContain('notice code frames were shown for the first 2 places only (3 more without one)');
  });
});

describe('the configuration used is named', () => {
  it('in the text report, JSON and SARIF', async () => {
    const dir = tempTree({ '.kubeharden.yaml': ONLY(['privileged-container']), 'pod.yaml': pod('p') });
    const r = await lint({ paths: ['.'], cwd: dir });
    const options = { color: false, toolVersion: '0.0.0', configFile: '.kubeharden.yaml' };
    expect(formatResult(r, 'text', options)).toContain('\nnotice configuration: .kubeharden.yaml\n');
    expect(JSON.parse(formatResult(r, 'json', options)).invocation).toEqual({
      configFile: '.kubeharden.yaml',
    });
    expect(JSON.parse(formatResult(r, 'sarif', options)).runs[0].invocations).toEqual([
      { executionSuccessful: true, properties: { configFile: '.kubeharden.yaml' } },
    ]);
  });
});
