import { defineRule } from '../../src/engine/rule.js';
import { SCHEMA_SOURCE, schemaService } from '../../src/model/index.js';

/** How to write the value so YAML gives the type the field takes. */
function advice(expected: string, found: string): string {
  if (expected === 'a boolean' || expected === 'a number')
    return found.startsWith('the string') ? ' (write it unquoted)' : '';
  if (expected === 'a string' && (found.startsWith('the boolean') || found.startsWith('the number')))
    return ' (quote it: YAML 1.1 reads yes/no/on/off as booleans)';
  return '';
}

export default defineRule({
  meta: {
    id: 'invalid-field-type',
    title: 'Field value of the wrong type',
    severity: 'medium',
    category: 'schema',
    fires: `A value whose YAML type does not match the field's schema (built-in kinds: ${SCHEMA_SOURCE}; custom resources: the openAPIV3Schema of a CRD in the scanned tree): \`privileged: "false"\` (a string where a boolean is expected), \`runAsUser: "1000"\`, a number where a string is expected (a label value \`1.0\`), a scalar where a list or object is expected.`,
    silent:
      '`null` (unset) anywhere; int-or-string fields (ports, quantities) with either; fields typed as anything.',
    assumes: 'Documents are YAML 1.1: `yes`/`no` are booleans and quoted values are strings.',
    rationale:
      'The API server rejects a wrongly typed value, and tools that read manifests disagree on how to coerce one: a security setting written as the string "true" is not a boolean true, so checks and controllers may treat it as unset.',
    remediation:
      'Write the value in the type the field takes: unquoted `true`/`false` and numbers, quoted strings.',
    references: [
      { title: 'Kubernetes API reference', url: 'https://kubernetes.io/docs/reference/kubernetes-api/' },
    ],
    presets: ['recommended'],
    peers: { 'kube-linter': ['schema-validation'] },
  },
  create(context) {
    const schemas = schemaService(context.model);
    return {
      object(o) {
        for (const p of schemas.problems(o)) {
          if (p.problem !== 'invalid-field-type') continue;
          context.report({
            object: o,
            span: p.node,
            path: p.path,
            message: `${p.field ? `"${p.field}"` : 'this field'} takes ${p.expected}, but the value is ${p.found}; the API server rejects it${advice(p.expected, p.found)}`,
          });
        }
      },
    };
  },
});
