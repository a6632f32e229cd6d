import { defineRule } from '../../src/engine/rule.js';
import { cis, nsa } from '../references.js';
import { COMPONENT_KINDS, eachComponent, reportFlag } from './support.js';

// Admission plugins that enforce security and are on by default (or by kubeadm): disabling one
// removes a control the rest of the cluster relies on.
const SECURITY_PLUGINS = [
  'PodSecurity',
  'ServiceAccount',
  'NamespaceLifecycle',
  'NodeRestriction',
  'ValidatingAdmissionWebhook',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionPolicy',
];

export default defineRule({
  meta: {
    id: 'apiserver-admission-plugins',
    title: 'API server admission plugins',
    severity: 'medium',
    category: 'control-plane',
    kinds: COMPONENT_KINDS,
    fires:
      'A kube-apiserver whose `--enable-admission-plugins` includes `AlwaysAdmit` or lacks `NodeRestriction`; lacks `EventRateLimit` or `AlwaysPullImages` (severity low: both need care to enable, see remediation); or whose `--disable-admission-plugins` turns off a security plugin (PodSecurity, ServiceAccount, NamespaceLifecycle, NodeRestriction, the admission webhooks or ValidatingAdmissionPolicy).',
    silent:
      '`--enable-admission-plugins=NodeRestriction` (kubeadm sets it) with no security plugin disabled.',
    assumes:
      'NodeRestriction is not among the API server default plugins; PodSecurity, ServiceAccount and NamespaceLifecycle are, unless disabled.',
    rationale:
      'Admission control is the last gate before an object is stored. NodeRestriction stops a compromised kubelet from editing other nodes and pods; PodSecurity enforces the Pod Security Standards. The seed advice: admission controllers are critical in production.',
    remediation:
      "Remove `AlwaysAdmit`, add `NodeRestriction` to `--enable-admission-plugins`, and do not list security plugins in `--disable-admission-plugins`. `EventRateLimit` needs an `--admission-control-config-file` with its limits; `AlwaysPullImages` makes every pod start pull its image (mind registry rate limits), and is what keeps one tenant from running another tenant's private image cached on a node.",
    references: [
      cis('1.2.9', 'Ensure that the admission control plugin EventRateLimit is set'),
      cis('1.2.10', 'Ensure that the admission control plugin AlwaysAdmit is not set'),
      cis('1.2.11', 'Ensure that the admission control plugin AlwaysPullImages is set'),
      cis('1.2.13', 'Ensure that the admission control plugin ServiceAccount is set'),
      cis('1.2.14', 'Ensure that the admission control plugin NamespaceLifecycle is set'),
      cis('1.2.15', 'Ensure that the admission control plugin NodeRestriction is set'),
      nsa('Admission controllers'),
    ],
    presets: ['recommended'],
    peers: {
      checkov: ['CKV_K8S_78', 'CKV_K8S_79', 'CKV_K8S_80', 'CKV_K8S_82', 'CKV_K8S_83', 'CKV_K8S_85'],
      kics: [
        'ce30e584-b33f-4c7d-b418-a3d7027f8f60',
        'a77f4d07-c6e0-4a48-8b35-0eeb51576f4f',
        'e0099af2-fe17-411f-9991-0de28fe15f3c',
        '1ffe7bf7-563b-4b3d-a71d-ba6bd8d49b37',
        '33fc6923-6553-4fe6-9d3a-4efa51eb874b',
        '9587c890-0524-40c2-9ce2-663af7c2f063',
      ],
      kubescape: ['C-0121', 'C-0122', 'C-0123', 'C-0125', 'C-0126', 'C-0127'],
      trivy: ['KCV-0010', 'KCV-0011', 'KCV-0012', 'KCV-0014', 'KCV-0015', 'KCV-0016'],
    },
  },
  create(context) {
    return {
      object(o) {
        eachComponent(o, 'kube-apiserver', (c) => {
          const enabled = c.list('enable-admission-plugins');
          if (enabled.includes('AlwaysAdmit'))
            reportFlag(
              context,
              c,
              'enable-admission-plugins',
              'the AlwaysAdmit admission plugin admits every request and is deprecated; remove it from --enable-admission-plugins [CIS 1.2.10]',
            );
          if (!enabled.includes('NodeRestriction'))
            reportFlag(
              context,
              c,
              'enable-admission-plugins',
              'the NodeRestriction admission plugin is not enabled, so a kubelet can modify any Node and Pod; add it to --enable-admission-plugins [CIS 1.2.15]',
            );
          if (!enabled.includes('EventRateLimit'))
            reportFlag(
              context,
              c,
              'enable-admission-plugins',
              'the EventRateLimit admission plugin is not enabled, so one client can flood the API server and etcd with events; enable it with an admission configuration that sets its limits [CIS 1.2.9]',
              'low',
            );
          if (!enabled.includes('AlwaysPullImages'))
            reportFlag(
              context,
              c,
              'enable-admission-plugins',
              "the AlwaysPullImages admission plugin is not enabled, so a pod can run another tenant's private image already cached on its node without the registry checking its credentials; enable it (every pod start then pulls) [CIS 1.2.11]",
              'low',
            );
          const disabled = c.list('disable-admission-plugins').filter((p) => SECURITY_PLUGINS.includes(p));
          if (disabled.length)
            reportFlag(
              context,
              c,
              'disable-admission-plugins',
              `--disable-admission-plugins turns off security admission plugin${disabled.length > 1 ? 's' : ''} ${disabled.join(', ')}; remove ${disabled.length > 1 ? 'them' : 'it'} [CIS 1.2.13-1.2.15]`,
            );
        });
      },
    };
  },
});
