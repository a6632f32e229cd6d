import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa } from '../references.js';
import { flagFix } from './flag-fix.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

export default defineRule({
  meta: {
    id: 'apiserver-anonymous-auth',
    title: 'API server accepts anonymous requests',
    severity: 'high',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'A kube-apiserver (static Pod command, kubeadm `apiServer.extraArgs`, Cluster API KubeadmControlPlane, kops `spec.kubeAPIServer`) without `--anonymous-auth=false`, or with it set to true.',
    silent:
      '`--anonymous-auth=false`; an API server using `--authentication-config` (structured authentication decides anonymous access there, in a file kubeharden cannot see); a kops spec that does not write `anonymousAuth` (kops defaults are not modelled, so only written values are judged).',
    assumes:
      'The API server enables anonymous authentication when the flag is unset; kubeadm does not set it.',
    rationale:
      'Anonymous requests reach the API server as `system:anonymous`; any RBAC binding to `system:unauthenticated` (or a mistake) then opens the API to the network. The seed advice: limit access to the API server.',
    remediation:
      'Add `--anonymous-auth=false` (kubeadm: `apiServer.extraArgs`); health checks can use `/livez` with an authenticated probe, or keep anonymous access to health endpoints only through `--authentication-config`.',
    references: [
      cis('1.2.1', 'Ensure that the --anonymous-auth argument is set to false'),
      nsa('Authentication and authorization'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_68'],
      kics: ['1de5cc51-f376-4638-a940-20f2e85ae238'],
      kubescape: ['C-0113'],
      trivy: ['KCV-0001'],
    },
    fixable:
      'Sets `--anonymous-auth=false` where the flag is written, or adds it to the command (or kubeadm `extraArgs` map) that holds the other flags.',
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          if (c.has('authentication-config') && !c.has('anonymous-auth')) return;
          if (c.bool('anonymous-auth') === false) return;
          reportFlag(
            context,
            c,
            'anonymous-auth',
            c.has('anonymous-auth')
              ? 'the API server accepts anonymous requests (--anonymous-auth is not false); set --anonymous-auth=false [CIS 1.2.1]'
              : 'the API server accepts anonymous requests: --anonymous-auth defaults to true; add --anonymous-auth=false [CIS 1.2.1]',
            undefined,
            flagFix(c, 'anonymous-auth', 'false'),
          );
        });
      },
    };
  },
});
