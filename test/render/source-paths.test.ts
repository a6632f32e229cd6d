// A built overlay's fix is moved to the base file that wrote the map or list it inserts under:
// found again by its field path. The scanner answers the files it vouches for; the rest (null) go
// to the `yaml` package in engine/rendered.ts.
import { describe, expect, it } from 'vitest';
import { scannedCollectionPath } from '../../src/render/source-paths.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1
        ports: [80, 443]
---
kind: ConfigMap
data:
  "quoted.key": x
`;

describe('scannedCollectionPath', () => {
  const at = (needle: string) => DEPLOYMENT.indexOf(needle);

  it.each([
    ['a map, found at its key', 'metadata:', 'map', ['metadata'], 0],
    ['a map, found at its first key', 'name: web', 'map', ['metadata'], 0],
    ['a nested list at its key', 'containers:', 'seq', ['spec', 'template', 'spec', 'containers'], 0],
    ['a list item map', 'name: app', 'map', ['spec', 'template', 'spec', 'containers', 0], 0],
    ['a flow list', 'ports:', 'seq', ['spec', 'template', 'spec', 'containers', 0, 'ports'], 0],
    [
      'a quoted key in the second document',
      '\ndata:',
      'map',
      ['data'],
      DEPLOYMENT.indexOf('kind: ConfigMap'),
    ],
  ] as const)('%s', (_name, needle, kind, path, documentStart) => {
    const offset = at(needle) + (needle.startsWith('\n') ? 1 : 0);
    expect(scannedCollectionPath(DEPLOYMENT, offset, kind)).toEqual({ path, documentStart });
  });

  it('no collection of that kind there: undefined', () => {
    expect(scannedCollectionPath(DEPLOYMENT, at('metadata:'), 'seq')).toBeUndefined();
    expect(scannedCollectionPath(DEPLOYMENT, at('image:') + 7, 'map')).toBeUndefined();
  });

  it.each([
    ['an anchor', 'a: &x {b: 1}\nc: *x\n'],
    ['a merge key', 'a:\n  <<: {b: 1}\n'],
    ['a key YAML 1.1 reads as a boolean', 'on:\n  b: 1\n'],
    ['a numeric key on the way', 'a:\n  1: x\n  c: {b: 1}\n'],
    ['a duplicate key', 'a: {b: 1}\na: {c: 2}\n'],
    ['CRLF line breaks', 'a:\r\n  b: 1\r\n'],
  ])('%s: not vouched (null)', (_name, text) => {
    // The map holding `b`: the walk meets every key before it.
    expect(scannedCollectionPath(text, text.lastIndexOf('b'), 'map')).toBeNull();
  });
});
