import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import imageNotPinned from '../../rules/workload/image-not-pinned.js';
import imageTagLatest from '../../rules/workload/image-tag-latest.js';
import untrustedImageRegistry from '../../rules/workload/untrusted-image-registry.js';
import { parseConfig } from '../../src/engine/config.js';
import { ruleTester } from '../rule-tester.js';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
const pod = (...images: string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
${images.map((img, i) => `  - name: c${i}\n    image: ${img}\n`).join('')}`;

ruleTester(imageTagLatest, {
  valid: [
    { name: 'a version tag', code: pod('nginx:1.27.3') },
    { name: 'registry port, tag and digest together', code: pod(`registry:5000/team/app:1.2@${digest}`) },
    { name: 'latest pinned by digest', code: pod(`nginx:latest@${digest}`) },
    { name: 'a registry port is not a tag', code: pod('registry:5000/team/app:2.0') },
  ],
  invalid: [
    {
      name: 'no tag, :latest, and a registry port without a tag',
      code: pod('nginx', 'ghcr.io/acme/api:latest', 'localhost:5000/app'),
      errors: [
        {
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 17,
          message: 'image nginx without a tag',
          path: 'spec.containers[0].image',
        },
        { line: 10, column: 12, endLine: 10, endColumn: 35, message: 'moving :latest tag' },
        { line: 12, column: 12, endLine: 12, endColumn: 30, message: 'localhost:5000/app without a tag' },
      ],
    },
  ],
});

ruleTester(imageNotPinned, {
  valid: [{ name: 'tag and digest', code: pod(`registry:5000/team/app:1.2@${digest}`) }],
  invalid: [
    {
      name: 'a tag only',
      code: pod('nginx:1.27'),
      errors: [
        {
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 22,
          severity: 'low',
          message: 'pin it as nginx:1.27@sha256:',
        },
      ],
    },
  ],
});

ruleTester(untrustedImageRegistry, {
  valid: [
    { name: 'silent without options', code: pod('evil.example.com/miner:1') },
    {
      name: 'allowed registries, ports and Docker Hub library names',
      code: pod('ghcr.io/acme/api:1', `registry:5000/team/app:1.2@${digest}`, 'nginx:1.27'),
      options: { allowedRegistries: ['ghcr.io/acme', 'registry:5000', 'docker.io/library/nginx'] },
    },
  ],
  invalid: [
    {
      name: 'outside the allowed list; a bare name means docker.io/library',
      code: pod('ghcr.io/acme-evil/api:1', 'nginx:1.27', 'ghcr.io/acme/api:1'),
      options: { allowedRegistries: ['ghcr.io/acme/*'] },
      errors: [
        {
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 35,
          severity: 'high',
          message: 'pulls ghcr.io/acme-evil/api',
        },
        { line: 10, column: 12, endLine: 10, endColumn: 22, message: 'pulls docker.io/library/nginx' },
      ],
    },
  ],
});

describe('options of the rules that need them', () => {
  it('are validated against their JSON Schema', () => {
    const bad = 'rules:\n  untrusted-image-registry:\n    options:\n      allowedRegistry: [ghcr.io]\n';
    expect(() => parseConfig(bad, '.kubeharden.yaml', '.', builtinRules)).toThrow(/allowedRegistry/);
    const badSelector =
      'rules:\n  sandbox-runtime-missing:\n    options:\n      untrusted: {selector: {matchExpressions: [{key: a, operator: Like}]}}\n';
    expect(() => parseConfig(badSelector, '.kubeharden.yaml', '.', builtinRules)).toThrow(/operator/);
    const good =
      'rules:\n  untrusted-image-registry:\n    options: {allowedRegistries: [ghcr.io/acme]}\n  sandbox-runtime-missing:\n    options: {untrusted: {namespaces: [jobs]}, sandboxRuntimes: [gvisor]}\n';
    expect(parseConfig(good, '.kubeharden.yaml', '.', builtinRules).rules).toHaveProperty(
      'untrusted-image-registry',
    );
  });
});
