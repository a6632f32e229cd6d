// `kubeharden render DIR` on a kustomization folder prints what `kustomize build DIR` prints.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRender } from '../../../src/cli/render.js';
import { tempTree } from '../../core/helpers.js';

const flags = { values: [], set: [], setString: [], setFile: [], apiVersions: [], showOnly: [] };

function run(dir: string, cwd: string) {
  let out = '';
  let err = '';
  const io = {
    stdout: (s: string) => {
      out += s;
    },
    stderr: (s: string) => {
      err += s;
    },
  };
  return runRender([dir], flags, io, cwd).then((code) => ({ code, out, err }));
}

describe('kubeharden render on a kustomization', () => {
  it('prints the build', async () => {
    const root = tempTree({
      'k/kustomization.yaml': 'namePrefix: p-\nresources:\n  - cm.yaml\n',
      'k/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n',
    });
    expect(await run('k', root)).toEqual({
      code: 0,
      out: 'apiVersion: v1\ndata:\n  a: "1"\nkind: ConfigMap\nmetadata:\n  name: p-c\n',
      err: '',
    });
  });

  it('a build error is one line on stderr and exit 1', async () => {
    const root = tempTree({ 'k/kustomization.yaml': 'resources:\n  - missing.yaml\n' });
    const r = await run(join(root, 'k'), root);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('Error: k/kustomization.yaml: resource missing.yaml does not exist\n');
  });

  it('inflates helmCharts; values the chart schema refuses fail as helm template fails', async () => {
    const chart = {
      'k/charts/c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'k/charts/c/values.yaml': 'count: 1\n',
      'k/charts/c/values.schema.json': '{"properties": {"count": {"type": "integer"}}}',
      'k/charts/c/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  count: {{ .Values.count | quote }}\n',
    };
    const ok = tempTree({
      ...chart,
      'k/kustomization.yaml': 'namePrefix: p-\nhelmCharts:\n  - name: c\n    releaseName: r\n',
    });
    expect(await run('k', ok)).toEqual({
      code: 0,
      out: 'apiVersion: v1\ndata:\n  count: "1"\nkind: ConfigMap\nmetadata:\n  name: p-r\n',
      err: '',
    });
    const bad = tempTree({
      ...chart,
      'k/kustomization.yaml': 'helmCharts:\n  - name: c\n    valuesInline:\n      count: two\n',
    });
    const r = await run('k', bad);
    expect([r.code, r.out]).toEqual([1, '']);
    expect(r.err).toMatch(
      /^Error: k\/kustomization.yaml: helmCharts: helm template c fails: values don't meet the specifications of the schema\(s\): c: .*count.*\n$/,
    );
  });
});
