// The executor: trimming, scopes, sourced output (segments with template positions, call stacks and
// values provenance), error texts and positions, missing-key modes, and resource limits.
import { describe, expect, it } from 'vitest';
import {
  createTemplateSet,
  fromJS,
  type GoMap,
  type GoValue,
  goStruct,
  type Provenance,
  removeAll,
  type Segment,
  SourcedString,
  setEntryProvenance,
  TemplateError,
} from '../../../src/render/gotemplate/index.js';
import { helmLikeFuncs, newSet, render } from './helpers.js';

const data = fromJS({ name: 'web', n: 3, list: ['a', 'b'], m: { z: 1, a: 2 } });

/** [output text, template line, kind] of each segment. */
function lines(segments: readonly Segment[], text: string): [string, string, number, string][] {
  return segments.map((s) => [text.slice(s.outStart, s.outEnd), s.template, s.line, s.kind]);
}

describe('trimming and scopes', () => {
  it.each([
    ['a  {{- .name -}}  b', 'awebb'],
    ['{{ 3 -}} \n\t\n {{- 4 }}', '34'],
    ['{{- -3 -}}', '-3'],
    ['x{{/* c */}}y{{- /* d */ -}} z', 'xyz'],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}', '2'],
    ['{{ with $v := .name }}{{ $v }}{{ end }}', 'web'],
    ['{{ range $i, $v := .list }}{{ $i }}{{ $v }}{{ $.name }}{{ end }}', '0aweb1bweb'],
    ['{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', 'a=2;z=1;'],
    ['{{ define "t" }}{{ . }}|{{ $ }}{{ end }}{{ template "t" .n }}', '3|3'],
    ['{{ if false }}a{{ else if .missing }}b{{ else }}c{{ end }}', 'c'],
  ])('%j → %j', (tpl, want) => {
    expect(render(tpl, data)).toMatchObject({ output: want, error: null });
  });

  it('keeps a variable declared in a branch out of the enclosing scope (parse error)', () => {
    expect(render('{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}', data).error).toBe(
      'template: main:1: undefined variable "$y"',
    );
  });
});

describe('segments', () => {
  it('splits text at newlines and records each writing node with its line and column', () => {
    const r = render('a: {{ .name }}\nb: x\n  c: {{ .n }}\n', data);
    expect(r.output).toBe('a: web\nb: x\n  c: 3\n');
    expect(lines(r.result!.segments, r.output)).toEqual([
      ['a: ', 'main', 1, 'text'],
      ['web', 'main', 1, 'action'],
      ['\n', 'main', 1, 'text'],
      ['b: x\n', 'main', 2, 'text'],
      ['  c: ', 'main', 3, 'text'],
      ['3', 'main', 3, 'action'],
      ['\n', 'main', 3, 'text'],
    ]);
    const action = r.result!.segments[5]!;
    expect(action).toMatchObject({ start: 25, end: 33, line: 3, col: 6, stack: [] });
    expect('a: {{ .name }}\nb: x\n  c: {{ .n }}\n'.slice(action.start, action.end)).toBe('{{ .n }}');
  });

  it('maps include output to the helper lines and records the call site', () => {
    const set = newSet();
    set.parse(
      'chart/templates/_helpers.tpl',
      '{{- define "lbl" -}}\napp: {{ .name }}\ntier: x\n{{- end -}}\n',
    );
    const tpl = 'metadata:\n  labels:\n    {{- include "lbl" . | nindent 4 }}\n';
    const r = render(tpl, data, {}, 'chart/templates/d.yaml', set);
    expect(r.output).toBe('metadata:\n  labels:\n    app: web\n    tier: x\n');
    const segs = r.result!.segments;
    const app = segs.find((s) => r.output.slice(s.outStart, s.outEnd) === 'web')!;
    expect(app).toMatchObject({ template: 'chart/templates/_helpers.tpl', line: 2, kind: 'action' });
    expect(app.stack).toEqual([
      {
        kind: 'include',
        callee: 'lbl',
        template: 'chart/templates/d.yaml',
        start: tpl.indexOf('{{-'),
        end: tpl.indexOf('}}') + 2,
        line: 3,
        col: 5,
      },
    ]);
    expect(lines(segs, r.output)).toEqual([
      ['metadata:\n', 'chart/templates/d.yaml', 1, 'text'],
      ['  labels:', 'chart/templates/d.yaml', 2, 'text'],
      // nindent's added newline and padding belong to the calling action
      ['\n    ', 'chart/templates/d.yaml', 3, 'action'],
      ['app: ', 'chart/templates/_helpers.tpl', 2, 'text'],
      ['web', 'chart/templates/_helpers.tpl', 2, 'action'],
      ['\n', 'chart/templates/_helpers.tpl', 2, 'text'],
      ['    ', 'chart/templates/d.yaml', 3, 'action'],
      ['tier: x', 'chart/templates/_helpers.tpl', 3, 'text'],
      ['\n', 'chart/templates/d.yaml', 3, 'text'],
    ]);
  });

  it('carries values provenance through fields, selection functions and dict', () => {
    const values = fromJS({ image: { tag: '1.25' }, ports: [80] }) as GoMap;
    const tagAt: Provenance = { file: 'values.yaml', path: ['image', 'tag'], start: 20, end: 26, line: 2 };
    const portAt: Provenance = { file: 'values.yaml', path: ['ports', 0], start: 40, end: 42, line: 4 };
    setEntryProvenance(values.get('image') as object, 'tag', tagAt);
    setEntryProvenance(values.get('ports') as object, 0, portAt);
    const top: GoValue = new Map([['Values', values]]);
    const r = render(
      '{{ .Values.image.tag }}|{{ .Values.image.tag | quote }}|{{ default "x" .Values.image.tag }}|{{ index .Values.ports 0 }}|{{ (dict "k" .Values.image.tag).k }}|{{ first .Values.ports }}|{{ sha256sum .Values.image.tag | trunc 3 }}',
      top,
    );
    const provs = r.result!.segments.filter((s) => s.kind === 'action').map((s) => s.value?.path.join('.'));
    expect(provs).toEqual([
      'image.tag',
      'image.tag',
      'image.tag',
      'ports.0',
      'image.tag',
      'ports.0',
      undefined,
    ]);
  });

  it('attributes tpl output to the values string it came from', () => {
    const values = fromJS({ host: 'example.com', text: 'host: {{ .Values.host }}' }) as GoMap;
    const textAt: Provenance = { file: 'values.yaml', path: ['text'], start: 18, end: 42, line: 2 };
    setEntryProvenance(values, 'text', textAt);
    const set = createTemplateSet({
      funcs: {
        ...helmLikeFuncs,
        tpl: {
          params: ['sstring', 'any'],
          fn: ([t, d], ctx) => ctx.exec.tpl(t as string, d ?? null, 'gotpl', ctx.argProvenance[0]),
        },
      },
    });
    const r = render('{{ tpl .Values.text . }}', new Map([['Values', values]]), {}, 'main', set);
    expect(r.output).toBe('host: example.com');
    const hostText = r.result!.segments[0]!;
    expect(r.output.slice(hostText.outStart, hostText.outEnd)).toBe('host: ');
    expect(hostText.value).toEqual(textAt);
    expect(hostText.stack.map((c) => c.kind)).toEqual(['tpl']);
  });

  it('removes every <no value> with segments clipped around each cut', () => {
    const seg = (outStart: number, outEnd: number, line: number): Segment => ({
      outStart,
      outEnd,
      template: 't',
      start: 0,
      end: 0,
      line,
      col: 1,
      kind: 'text',
      stack: [],
    });
    const text = 'a<no value>b<no value><no value>c';
    const out = removeAll(
      new SourcedString(text, [seg(0, 5, 1), seg(5, 12, 2), seg(12, 22, 3), seg(22, 33, 4)]),
      '<no value>',
    );
    expect(out.text).toBe('abc');
    expect(out.segments.map((x) => [x.outStart, x.outEnd, x.line])).toEqual([
      [0, 1, 1],
      [1, 2, 2],
      [2, 3, 4],
    ]);
  });

  it("removes Helm's <no value> and keeps segments aligned", () => {
    const r = render('a{{ .missing }}b {{ .name }}', data, { missingKey: 'zero', stripNoValue: true });
    expect(r.output).toBe('ab web');
    expect(lines(r.result!.segments, r.output)).toEqual([
      ['a', 'main', 1, 'text'],
      ['b ', 'main', 1, 'text'],
      ['web', 'main', 1, 'action'],
    ]);
  });
});

describe('errors', () => {
  it.each([
    [
      '{{ .missing.x.y }}',
      'template: main:1:11: executing "main" at <.missing.x.y>: nil pointer evaluating interface {}.x',
    ],
    [
      'héllo {{ .missing.a }}',
      'template: main:1:18: executing "main" at <.missing.a>: nil pointer evaluating interface {}.a',
    ],
    [
      'x\n  {{ .name.x }}',
      'template: main:2:10: executing "main" at <.name.x>: can\'t evaluate field x in type interface {}',
    ],
    [
      '{{ nindent .n "x" }}',
      'template: main:1:11: executing "main" at <.n>: wrong type for value; expected int; got float64',
    ],
    ['{{ trunc "x" "y" }}', 'template: main:1:9: executing "main" at <"x">: expected integer; found "x"'],
    [
      '{{ printf }}',
      'template: main:1:3: executing "main" at <printf>: wrong number of args for printf: want at least 1 got 0',
    ],
    [
      '{{ .name "x" }}',
      'template: main:1:3: executing "main" at <.name>: name is not a method but has arguments',
    ],
    [
      '{{ template "nope" }}',
      'template: main:1:12: executing "main" at <{{template "nope"}}>: template "nope" not defined',
    ],
    ['{{ if .n }}', 'template: main:1: unexpected EOF'],
    ['{{ end }}', 'template: main:1: unexpected {{end}}'],
    ['{{ 1 | 2 }}', 'template: main:1: non executable command in pipeline stage 2'],
    ['{{ "x }}', 'template: main:1: unterminated quoted string'],
    ['a\n{{ if .n }}\n{{ else }}{{ else }}{{ end }}', 'template: main:3: expected end; found {{else}}'],
  ])('%j', (tpl, message) => {
    expect(render(tpl, data).error).toBe(message);
  });

  it('wraps an error inside an include and keeps the inner position', () => {
    const r = render('{{ define "h" }}\n  {{ .x.y }}{{ end }}{{ include "h" . }}', fromJS({}));
    expect(r.error).toBe(
      'template: main:2:24: executing "main" at <include "h" .>: error calling include: template: main:2:7: executing "h" at <.x.y>: nil pointer evaluating interface {}.y',
    );
    expect(r.err!.innermost).toMatchObject({ kind: 'exec', parseName: 'main', line: 2, col: 7 });
  });

  it('reports missing keys per mode', () => {
    expect(render('[{{ .missing }}]', data, { missingKey: 'default' }).output).toBe('[<no value>]');
    expect(render('{{ .missing.x }}', data, { missingKey: 'default' }).output).toBe('<no value>');
    expect(render('{{ .missing }}', data, { missingKey: 'error' }).error).toBe(
      'template: main:1:3: executing "main" at <.missing>: map has no entry for key "missing"',
    );
  });

  it('treats a missing struct field as an error, unlike a map key (typed as interface {} as in Go)', () => {
    const top = new Map<string, GoValue>([
      ['Chart', goStruct('*chart.Metadata', { Name: 'web' }, { IsRoot: { fn: () => true } }, true)],
      [
        'Capabilities',
        goStruct('*common.Capabilities', {
          APIVersions: goStruct(
            'common.VersionSet',
            {},
            { Has: { params: ['string'], fn: (v) => v === 'apps/v1' } },
          ),
        }),
      ],
    ]);
    expect(
      render('{{ .Chart.Name }} {{ .Chart.IsRoot }} {{ .Capabilities.APIVersions.Has "apps/v1" }}', top)
        .output,
    ).toBe('web true true');
    expect(render('{{ .Chart.Nope }}', top).error).toBe(
      'template: main:1:9: executing "main" at <.Chart.Nope>: can\'t evaluate field Nope in type interface {}',
    );
  });
});

describe('limits', () => {
  it('stops runaway recursion with a clear error, not a stack overflow', () => {
    for (const tpl of [
      '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}',
      '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}',
    ]) {
      const r = render(tpl, data);
      expect(r.err?.kind).toBe('limit');
      expect(r.error).toContain('exceeded maximum template depth (100)');
    }
  });

  it('turns a JavaScript stack overflow into a limit error when the depth limit is set too high', () => {
    const r = render('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}', data, {
      limits: { maxDepth: 10_000_000 },
    });
    expect(r.err?.kind).toBe('limit');
  });

  it('bounds output size and evaluation steps', () => {
    const big = render('{{ range until 100000 }}xxxxxxxxxx{{ end }}', data, { limits: { maxOutput: 1000 } });
    expect(big.err?.kind).toBe('limit');
    expect(big.error).toContain('output exceeds the limit of 1000 characters');
    const slow = render('{{ range until 1000 }}{{ range until 1000 }}{{ end }}{{ end }}', data, {
      limits: { maxSteps: 10_000 },
    });
    expect(slow.err?.kind).toBe('limit');
    expect(slow.error).toContain('exceeded the evaluation step budget (10000)');
  });

  it('rejects absurdly nested parentheses at parse time without crashing', () => {
    const r = render(`{{ ${'('.repeat(50_000)}1${')'.repeat(50_000)} }}`, data);
    expect(r.err?.kind).toBe('limit');
  });
});

describe('template set', () => {
  it('lets a later non-empty definition replace an earlier one, but not an empty one', () => {
    const set = newSet();
    set.parse('a', '{{ define "x" }}A{{ end }}');
    set.parse('b', '{{ define "x" }}B{{ end }}');
    set.parse('c', '{{ define "x" }}  {{ end }}');
    set.parse('main', '{{ template "x" }}');
    expect(set.execute('main', null).text).toBe('B');
  });

  it('rejects calling an unknown template by name with Go text', () => {
    expect(() => newSet().execute('nope', null)).toThrow(TemplateError);
    expect(() => newSet().execute('nope', null)).toThrow(
      'template: no template "nope" associated with template "main"',
    );
  });
});
