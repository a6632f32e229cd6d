import { fixWith, setField } from '../../src/engine/fix/types.js';
import { defineRule, type Fix } from '../../src/engine/rule.js';
import { bool, num, pairSpan } from '../../src/load/index.js';
import type { ContainerView } from '../../src/model/index.js';
import { cis, nsa, pss } from '../references.js';

export default defineRule({
  meta: {
    id: 'run-as-root',
    title: 'Container may run as root',
    severity: 'high',
    category: 'pod-security',
    fires:
      'The effective security context (container over pod) has neither `runAsNonRoot: true` nor a `runAsUser` above 0. An explicit `runAsUser: 0` is critical; `runAsUser: 0` together with `runAsNonRoot: true` is reported too, since the kubelet refuses to start such a container.',
    silent:
      '`runAsNonRoot: true` at pod or container level (without `runAsUser: 0`), or a non-zero `runAsUser` in effect.',
    assumes:
      "With neither field set, the container runs as the image's USER, which is root for most images: the kubelet only enforces non-root when `runAsNonRoot: true`.",
    rationale:
      'Root in a container is root on the node once any escape succeeds (a kernel bug, a writable hostPath). The seed advice: run containers as a non-root user and let the kubelet enforce it.',
    remediation:
      'Set `securityContext.runAsNonRoot: true` on the pod (it covers every container) and build the image with a non-root `USER`, or set `runAsUser` to a non-zero UID.',
    references: [
      pss('restricted', 'Running as Non-root'),
      pss('restricted', 'Running as Non-root user'),
      nsa('Pod security: Non-root containers and rootless container engines'),
      cis('5.2.7', 'Minimize the admission of root containers'),
    ],
    presets: ['recommended', 'pss-restricted'],
    peers: {
      'kube-linter': ['run-as-non-root'],
      polaris: ['runAsRootAllowed'],
      'kube-score': ['container-security-context-user-group-id'],
      checkov: ['CKV_K8S_23', 'CKV_K8S_29', 'CKV_K8S_30'],
      kics: ['cf34805e-3872-4c08-bf92-6ff7bb0cfadb', 'a97a340a-0063-418e-b3a1-3028941d0995'],
      kubescape: ['C-0013', 'C-0211'],
      trivy: ['KSV-0012', 'KSV-0105', 'KSV-0118'],
    },
    fixable:
      'Adds `runAsNonRoot: true`: once in the pod `securityContext` when no container overrides it, else on the container; never invents a `runAsUser` UID. An explicit `runAsUser: 0` is left to you. The image must run as a non-root USER, or the kubelet refuses to start it.',
  },
  create(context) {
    return {
      container(c) {
        const user = c.effective('runAsUser');
        const nonRoot = c.effective('runAsNonRoot');
        const uid = num(user?.value);
        if (user && uid === 0) {
          const refused = bool(nonRoot?.value) === true;
          context.report({
            object: c.object,
            span: pairSpan(user.pair),
            path: user.path,
            severity: 'critical',
            message: refused
              ? `container "${c.name}" sets runAsUser: 0 together with runAsNonRoot: true, so the kubelet refuses to start it; set runAsUser to a non-zero UID`
              : `container "${c.name}" runs as root (runAsUser: 0${user.level === 'pod' ? ' from the pod securityContext' : ''}); set runAsUser to a non-zero UID and runAsNonRoot: true`,
          });
          return;
        }
        if (bool(nonRoot?.value) === true) return;
        if (uid !== undefined && uid > 0) return;
        if (nonRoot) {
          context.report({
            object: c.object,
            span: pairSpan(nonRoot.pair),
            path: nonRoot.path,
            message: `container "${c.name}" sets runAsNonRoot: false and no non-zero runAsUser, so it may run as root; set runAsNonRoot: true`,
            fix: fixWith('set runAsNonRoot: true', setField(nonRoot.path, true)),
          });
          return;
        }
        const sc = c.securityContext;
        const at = c.object.locate(['securityContext'], c.node, c.path);
        context.report({
          object: c.object,
          span: sc ? at.span : c.anchor,
          path: c.sub('securityContext', 'runAsNonRoot'),
          message: `container "${c.name}" may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser; set securityContext.runAsNonRoot: true on the pod or container`,
          fix: runAsNonRootFix(c),
        });
      },
    };
  },
});

/**
 * Once on the pod (every container's finding carries the same edit) unless a container of the pod
 * sets `runAsUser: 0` itself, which a pod-level `runAsNonRoot: true` would stop from starting.
 */
function runAsNonRootFix(c: ContainerView): Fix {
  const podLevel = !c.pod.containers.some((other) => {
    const user = other.effective('runAsUser');
    return user?.level === 'container' && num(user.value) === 0;
  });
  return podLevel
    ? fixWith(
        'set runAsNonRoot: true in the pod securityContext',
        setField(c.pod.sub('securityContext', 'runAsNonRoot'), true),
      )
    : fixWith(
        'set runAsNonRoot: true on the container',
        setField(c.sub('securityContext', 'runAsNonRoot'), true),
      );
}
