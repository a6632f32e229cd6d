import { defineRule } from '../../src/engine/rule.js';
import { bool, get, getPair, items, pairSpan, str, text, type YNode } from '../../src/load/index.js';
import { parseCommand, parseGoBool } from '../../src/model/index.js';
import { nsa } from '../references.js';

const INSECURE_FLAGS = new Set(['kubelet-insecure-tls', 'insecure-skip-tls-verify']);

export default defineRule({
  meta: {
    id: 'tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    severity: 'medium',
    category: 'control-plane',
    fires:
      'An APIService with `spec.insecureSkipTLSVerify: true`; a kubeconfig (`kind: Config`) cluster with `insecure-skip-tls-verify: true`; a container whose command or args pass `--kubelet-insecure-tls` or `--insecure-skip-tls-verify` (bare or set true).',
    silent:
      'An APIService with `caBundle`; kubeconfig clusters with `certificate-authority(-data)`; those flags set to false.',
    assumes: 'Verification is on unless turned off explicitly.',
    rationale:
      'Skipping certificate verification makes TLS encrypt to whoever answers: anyone on the path can impersonate the API server, an aggregated API or the kubelet. metrics-server with `--kubelet-insecure-tls` is the classic case. The seed advice: set up TLS properly everywhere.',
    remediation:
      'Give the client the CA that signed the server certificate (`caBundle`, `certificate-authority-data`, kubelet serving certificates signed by the cluster CA with `serverTLSBootstrap`) and remove the skip flag.',
    references: [nsa('Protecting control plane communication with TLS')],
    presets: ['recommended'],
  },
  create(context) {
    return {
      object(o) {
        if (o.kind === 'APIService' && o.group === 'apiregistration.k8s.io') {
          const pair = getPair(get(o.root, 'spec'), 'insecureSkipTLSVerify');
          if (pair && bool(pair.value) === true)
            context.report({
              object: o,
              span: pairSpan(pair),
              path: o.path('spec', 'insecureSkipTLSVerify'),
              message: `APIService ${o.name} skips TLS verification of its backend, so the API server forwards requests (with user credentials) to whoever answers; set spec.caBundle and remove insecureSkipTLSVerify`,
            });
          return;
        }
        if (o.kind === 'Config' && o.apiVersion === 'v1') {
          items(get(o.root, 'clusters')).forEach((entry, i) => {
            const pair = getPair(get(entry, 'cluster'), 'insecure-skip-tls-verify');
            if (!pair || bool(pair.value) !== true) return;
            context.report({
              object: o,
              span: pairSpan(pair),
              path: o.path('clusters', i, 'cluster', 'insecure-skip-tls-verify'),
              message: `kubeconfig cluster "${str(get(entry, 'name')) ?? i}" skips verification of the API server certificate, so credentials go to anyone who intercepts the connection; set certificate-authority-data instead`,
            });
          });
        }
      },
      container(c) {
        const words: { node: YNode; path: string }[] = [];
        for (const field of ['command', 'args'])
          items(get(c.node, field)).forEach((node, i) => {
            words.push({ node, path: c.sub(field, i) });
          });
        if (!words.some((w) => text(w.node)?.includes('insecure'))) return;
        for (const flag of parseCommand(words)) {
          if (!INSECURE_FLAGS.has(flag.name) || parseGoBool(flag.value) !== true || !flag.span) continue;
          context.report({
            object: c.object,
            span: flag.span,
            path: flag.path,
            message: `container "${c.name}" passes --${flag.name}, which turns off TLS certificate verification; give it the CA instead${flag.name === 'kubelet-insecure-tls' ? ' (kubelet serving certificates signed by the cluster CA, via serverTLSBootstrap)' : ''}`,
          });
        }
      },
    };
  },
});
