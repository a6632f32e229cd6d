// The JSON Schema of `.kubeharden.yaml`. Its validator is compiled at build time
// (scripts/validators.mjs writes validators.generated.js), and `kubeharden docs` publishes it as
// schema/kubeharden.schema.json for editors.
import { HONORED_PEERS } from './peer-suppressions.js';
import { PRESET_NAMES, SEVERITIES } from './rule.js';

const severityOrOff = { enum: ['off', ...SEVERITIES] };
const ruleSetting = {
  oneOf: [
    severityOrOff,
    {
      type: 'object',
      additionalProperties: false,
      properties: { severity: severityOrOff, options: { type: 'object' } },
    },
  ],
};
const globs = { type: 'array', items: { type: 'string', minLength: 1 } };

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'kubeharden configuration (.kubeharden.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    extends: {
      oneOf: [{ enum: [...PRESET_NAMES] }, { type: 'array', items: { enum: [...PRESET_NAMES] } }],
    },
    rules: { type: 'object', additionalProperties: ruleSetting },
    include: globs,
    exclude: globs,
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files', 'rules'],
        properties: { files: globs, rules: { type: 'object', additionalProperties: ruleSetting } },
      },
    },
    failOn: { enum: [...SEVERITIES, 'none'] },
    kubernetesVersion: { type: 'string', pattern: '^v?1\\.[0-9]+(\\.[0-9]+)?$' },
    maxFileBytes: { type: 'integer', minimum: 1 },
    helm: {
      type: 'object',
      additionalProperties: false,
      properties: {
        charts: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: {
              path: { type: 'string', minLength: 1 },
              values: { type: 'array', items: { type: 'string', minLength: 1 } },
              set: { type: 'array', items: { type: 'string', minLength: 1 } },
              releaseName: { type: 'string', minLength: 1 },
              namespace: { type: 'string', minLength: 1 },
              kubeVersion: { type: 'string', pattern: '^v?1\\.[0-9]+(\\.[0-9]+)?$' },
              apiVersions: { type: 'array', items: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
    kustomize: {
      type: 'object',
      additionalProperties: false,
      properties: { report: { enum: ['leaves', 'all', 'none'] } },
    },
    suppressions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        honor: { type: 'array', uniqueItems: true, items: { enum: [...HONORED_PEERS] } },
      },
    },
  },
} as const;
