import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairs, str } from '../../src/load/index.js';
import { cis, k8sDocs, nsa } from '../references.js';

/** Does an entry of `resources[].resources` cover core Secrets? (`*.` is every core resource, `*.*` everything.) */
function coversSecrets(names: readonly string[]): boolean {
  return names.some((n) => n === 'secrets' || n === '*.' || n === '*.*');
}

export default defineRule({
  meta: {
    id: 'encryption-config-weak',
    title: 'EncryptionConfiguration leaves Secrets unencrypted or weakly encrypted',
    severity: 'critical',
    category: 'cluster-policy',
    kinds: ['EncryptionConfiguration'],
    fires:
      'An EncryptionConfiguration with no entry covering `secrets` (by name, `*.` or `*.*`), or whose first matching entry lists `identity` first (critical: new Secrets are written in plain text); `aescbc` first (low: kms v2, or aesgcm/secretbox with key rotation, is advised).',
    silent:
      'Secrets covered with `kms` (v2), `secretbox` or `aesgcm` as the first provider; `identity` later in the list (it only lets old plain-text data be read).',
    assumes:
      "The API server uses the first entry whose resources match, and writes with that entry's first provider.",
    rationale:
      'Encryption at rest only protects what it covers: `identity` first means Secrets are stored as plain base64 in etcd despite the configuration. The seed advice: encryption at rest for Secrets.',
    remediation:
      'Cover `secrets` with `kms` (apiVersion v2) first, or `secretbox`/`aesgcm` with a rotated key, and keep `identity` last only while migrating old data.',
    references: [
      cis('1.2.29', 'Ensure that encryption providers are appropriately configured'),
      nsa('Encryption of Secrets at rest'),
      k8sDocs('Encrypting Confidential Data at Rest', 'tasks/administer-cluster/encrypt-data/'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_104'],
      kics: ['10efce34-5af6-4d83-b414-9e096d5a06a9'],
      kubescape: ['C-0142'],
    },
  },
  create(context) {
    return {
      object(o) {
        if (!o.group.startsWith('apiserver.config.k8s.io')) return;
        const resourcesPair = getPair(o.root, 'resources');
        const entries = items(resourcesPair?.value);
        const index = entries.findIndex((e) =>
          coversSecrets(
            items(get(e, 'resources'))
              .map((n) => str(n))
              .filter((s): s is string => !!s),
          ),
        );
        if (index < 0) {
          context.report({
            object: o,
            span: resourcesPair ? resourcesPair.key : (getPair(o.root, 'kind')?.key ?? o.anchor),
            path: o.path('resources'),
            message:
              'no entry of this EncryptionConfiguration covers secrets, so Secrets are stored unencrypted in etcd; add an entry for secrets with kms v2, secretbox or aesgcm first [CIS 1.2.29]',
          });
          return;
        }
        const entry = entries[index]!;
        const providers = get(entry, 'providers');
        const first = items(providers)[0];
        const name = pairs(first)[0]?.key.value;
        const path = o.path('resources', index, 'providers', 0);
        if (!first || name === undefined) {
          context.report({
            object: o,
            span: getPair(entry, 'providers')?.key ?? entry,
            path: o.path('resources', index, 'providers'),
            message:
              'the entry for secrets lists no provider; put kms v2, secretbox or aesgcm first [CIS 1.2.29]',
          });
          return;
        }
        if (name === 'identity')
          context.report({
            object: o,
            span: first,
            path,
            message:
              'identity is the first provider for secrets, so new Secrets are written unencrypted; put kms v2, secretbox or aesgcm first and keep identity last [CIS 1.2.29]',
          });
        else if (name === 'aescbc')
          context.report({
            object: o,
            span: first,
            path,
            severity: 'low',
            message:
              'aescbc encrypts secrets, but is weak against padding-oracle attacks and its key sits beside the data; prefer kms v2, or aesgcm/secretbox with key rotation',
          });
      },
    };
  },
});
