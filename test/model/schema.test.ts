// The schema service compiles a CRD only when an object of its kind is checked, and makes field
// paths only for problems: these cases pin what it reports against hand-written expectations.
import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/load/index.js';
import { Model, schemaService } from '../../src/model/index.js';

const model = (files: Record<string, string>) =>
  new Model(Object.entries(files).map(([p, t]) => loadText(p, t)));

const crd = (fields: string, version = 'v1', extraVersion = '') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: ${version}
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
${fields}${extraVersion}`;

const summary = (m: Model) =>
  m.objects.flatMap((o) =>
    schemaService(m)
      .problems(o)
      .map((p) => `${o.kind}/${o.name} ${p.problem} ${p.path}`),
  );

describe('schema service', () => {
  it('paths of problems: keys that need quoting, sequence indexes, List items', () => {
    const m = model({
      'a.yaml': `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: c
      labels: {app.kubernetes.io/name: 1, ok: x}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: d}
    spec:
      template:
        spec:
          containers:
            - name: a
            - name: b
              ports: [{containerPort: "80"}, {containerPort: 81, nmae: x}]
`,
    });
    expect(summary(m)).toEqual([
      'ConfigMap/c invalid-field-type items[0].metadata.labels["app.kubernetes.io/name"]',
      'Deployment/d invalid-field-type items[1].spec.template.spec.containers[1].ports[0].containerPort',
      'Deployment/d unknown-field items[1].spec.template.spec.containers[1].ports[1].nmae',
    ]);
  });

  it('a CRD judges objects of its group, version and kind only', () => {
    const m = model({
      'crd.yaml': crd('                size: {type: integer}\n'),
      'w.yaml': `apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: "2", colour: red}
---
apiVersion: example.com/v2
kind: Widget
metadata: {name: other-version}
spec: {colour: red}
`,
    });
    const s = schemaService(m);
    const [w, other] = m.ofKind('Widget');
    expect(s.knows(w!)).toBe(true);
    expect(s.knows(other!)).toBe(false);
    expect(summary(m)).toEqual([
      'Widget/w invalid-field-type spec.size',
      'Widget/w unknown-field spec.colour',
    ]);
  });

  it('two definitions of one CRD: the later one, in scan order, judges', () => {
    const m = model({
      'a-crd.yaml': crd('                early: {type: string}\n'),
      'b-crd.yaml': crd('                late: {type: string}\n'),
      'w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {early: x, late: z}\n',
    });
    expect(summary(m)).toEqual(['Widget/w unknown-field spec.early']);
  });

  it('every version of a CRD is known, whichever is checked first', () => {
    const second = `
    - name: v2
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                v2only: {type: boolean}
`;
    const m = model({
      'crd.yaml': crd('                v1only: {type: boolean}\n', 'v1', second),
      'w.yaml': `apiVersion: example.com/v2
kind: Widget
metadata: {name: two}
spec: {v2only: true, v1only: true}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: one}
spec: {v2only: true, v1only: true}
`,
    });
    expect(summary(m)).toEqual([
      'Widget/two unknown-field spec.v1only',
      'Widget/one unknown-field spec.v2only',
    ]);
  });
});
