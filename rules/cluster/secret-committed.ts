import { defineRule } from '../../src/engine/rule.js';
import { getPair, pairSpan, pairs, text } from '../../src/load/index.js';
import { nsa } from '../references.js';
import { detectCredential, isCredentialName, isStandIn } from '../shared/credentials.js';

/** The text of a Secret value: `data` is base64 (undecodable text is judged as written). */
function secretText(field: string, value: string): string {
  if (field !== 'data') return value;
  const decoded = Buffer.from(value, 'base64');
  return decoded.length ? decoded.toString('utf8') : value;
}

export default defineRule({
  meta: {
    id: 'secret-committed',
    title: 'Secret with data committed to the repository',
    severity: 'high',
    category: 'secrets',
    fires:
      'A `v1` Secret whose `data` or `stringData` holds at least one non-empty value. The message names the keys that look like credentials (the detectors of `hardcoded-credential`) and asks to rotate those; when none does (plain settings such as `default_timezone = UTC`) it says so instead of claiming a leaked credential.',
    silent:
      'Secrets with empty or absent data (filled in at deploy time), SOPS-encrypted documents (a top-level `sops:` key), SealedSecrets and ExternalSecrets (other kinds).',
    assumes: 'Secret `data` is only base64-encoded: anyone who can read the repository can read the value.',
    rationale:
      'A Secret in Git is readable by everyone with access to the repository, its forks and its history, forever. The seed advice: keep secrets out of Git with Sealed Secrets, the External Secrets Operator or Vault.',
    remediation:
      'Remove the Secret from the repository (and rotate the credential), and deliver it with Sealed Secrets, SOPS, the External Secrets Operator or a Vault injector.',
    references: [
      nsa('Secrets: encrypt and externalize'),
      { title: 'CIS Kubernetes Benchmark 5.4.2: Consider external secret storage' },
    ],
    presets: ['recommended'],
    peers: { kics: ['b9c83569-459b-4110-8f79-6305aa33cb37'], kubescape: ['C-0234'] },
    kinds: ['Secret'],
  },
  create(context) {
    return {
      object(o) {
        if (o.apiVersion !== 'v1' || getPair(o.root, 'sops')) return;
        for (const field of ['data', 'stringData']) {
          const pair = getPair(o.root, field);
          const filled = pairs(pair?.value).filter((p) => (text(p.value) ?? '') !== '');
          if (!pair || filled.length === 0) continue;
          const keys = filled.map((p) => String(p.key.value));
          const credentials = filled
            .filter((p) => {
              const key = String(p.key.value);
              const value = secretText(field, text(p.value) ?? '');
              // A name alone is not enough when the value only stands in for a secret (docs examples).
              return (
                (isCredentialName(key) && !isStandIn(value)) || detectCredential(key, value) !== undefined
              );
            })
            .map((p) => String(p.key.value));
          const list = (l: string[]) => `${l.slice(0, 5).join(', ')}${l.length > 5 ? ', …' : ''}`;
          context.report({
            object: o,
            span: pairSpan(pair),
            path: o.path(field),
            message: credentials.length
              ? `Secret ${o.name} commits ${keys.length} value(s) in ${field} (${list(keys)}) to the repository, where base64 hides nothing; ${list(credentials)} ${credentials.length === 1 ? 'looks' : 'look'} like a credential: rotate and deliver with Sealed Secrets, SOPS or External Secrets`
              : `Secret ${o.name} commits ${keys.length} value(s) in ${field} (${list(keys)}) to the repository, where base64 hides nothing; none is recognisably a credential: rotate any that is secret and deliver it with Sealed Secrets, SOPS or External Secrets, and move plain settings to a ConfigMap`,
          });
          return;
        }
      },
    };
  },
});
