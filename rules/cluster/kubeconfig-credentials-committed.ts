import { defineRule } from '../../src/engine/rule.js';
import { get, getPair, items, pairSpan, str, text } from '../../src/load/index.js';
import { nsa } from '../references.js';

const USER_FIELDS = ['token', 'client-key-data', 'password'];
const AUTH_PROVIDER_SECRETS = ['client-secret', 'id-token', 'refresh-token', 'access-token'];

export default defineRule({
  meta: {
    id: 'kubeconfig-credentials-committed',
    title: 'kubeconfig with embedded credentials',
    severity: 'critical',
    category: 'secrets',
    fires:
      'A kubeconfig (`apiVersion: v1`, `kind: Config`) whose `users[].user` has a non-empty `token`, `client-key-data` or `password`, or an `auth-provider` config with a client secret, ID, refresh or access token.',
    silent: '`exec` credential plugins, `tokenFile`, `client-key` file paths, and usernames.',
    assumes: 'A kubeconfig is a credential file: whoever has it acts as its user.',
    rationale:
      'A committed kubeconfig hands cluster access to anyone who can read the repository. The seed advice: avoid hardcoding secrets and protect access to the API server.',
    remediation:
      'Remove the file from the repository and its history, revoke the credential, and use an exec plugin or short-lived tokens.',
    references: [nsa('Authentication and authorization: protect credentials')],
    presets: ['recommended'],
    kinds: ['Config'],
  },
  create(context) {
    return {
      object(o) {
        if (o.apiVersion !== 'v1') return;
        items(get(o.root, 'users')).forEach((u, i) => {
          const name = str(get(u, 'name')) ?? `#${i}`;
          const user = get(u, 'user');
          for (const f of USER_FIELDS) {
            const p = getPair(user, f);
            if (!p || (text(p.value) ?? '') === '') continue;
            context.report({
              object: o,
              span: pairSpan(p),
              path: o.path('users', i, 'user', f),
              message: `kubeconfig user ${name} embeds ${f}, a live credential for the cluster; revoke it, remove the file and use an exec credential plugin`,
            });
          }
          const cfg = get(get(user, 'auth-provider'), 'config');
          for (const f of AUTH_PROVIDER_SECRETS) {
            const p = getPair(cfg, f);
            if (!p || (text(p.value) ?? '') === '') continue;
            context.report({
              object: o,
              span: pairSpan(p),
              path: o.path('users', i, 'user', 'auth-provider', 'config', f),
              message: `kubeconfig user ${name} embeds the auth-provider ${f}; revoke it, remove the file and use an exec credential plugin`,
            });
          }
        });
      },
    };
  },
});
