import { defineRule } from '../../src/engine/rule.js';
import { bool, num, pairSpan } from '../../src/load/index.js';
import type { ContainerView } from '../../src/model/index.js';
import { pss } from '../references.js';
import { capabilities } from '../shared/security.js';

const isPrivileged = (c: ContainerView): boolean => bool(c.effective('privileged')?.value) === true;
/** Unset allowPrivilegeEscalation lets setuid binaries gain privileges: only an explicit false hardens. */
const blocksEscalation = (c: ContainerView): boolean =>
  bool(c.effective('allowPrivilegeEscalation')?.value) === false;
const runsAsNonRoot = (c: ContainerView): boolean => {
  const uid = num(c.effective('runAsUser')?.value);
  if (uid === 0) return false;
  return (uid !== undefined && uid > 0) || bool(c.effective('runAsNonRoot')?.value) === true;
};

export default defineRule({
  meta: {
    id: 'init-container-security-gap',
    title: 'Init container weaker than the app containers',
    severity: 'medium',
    category: 'pod-security',
    fires:
      'An init container, on a point where every app container of the pod is hardened, is not: it runs privileged while none does; it does not set `allowPrivilegeEscalation: false` while all do; its effective `runAsUser` is 0 while every app container runs as non-root (a non-zero `runAsUser` or `runAsNonRoot: true`); or it adds a capability that no app container adds.',
    silent:
      'Init containers as hardened as the app containers on each point; points where some app container is just as weak (the other rules report those); pods without app containers.',
    assumes:
      'Settings resolve container over pod. Unset `privileged` is false; unset `allowPrivilegeEscalation` allows escalation.',
    rationale:
      'Init containers run with the pod’s volumes, network and ServiceAccount before the app starts; hardening the app containers and not the init container leaves the weakest point where reviewers look least. The seed advice: restrict what pods can do through their securityContext, for every container.',
    remediation:
      'Give the init container the securityContext of the app containers (`privileged: false`, `allowPrivilegeEscalation: false`, a non-zero `runAsUser`, no added capabilities), or move the privileged setup step out of the pod.',
    references: [pss('baseline', 'Privileged Containers'), pss('restricted', 'Privilege Escalation')],
    presets: ['recommended'],
  },
  create(context) {
    return {
      container(c) {
        if (c.kind !== 'initContainer') return;
        const apps = c.pod.containers.filter((a) => a.kind === 'container');
        if (apps.length === 0) return;
        const report = (
          span: Parameters<typeof context.report>[0]['span'],
          path: string,
          what: string,
          fix: string,
        ) =>
          context.report({
            object: c.object,
            span,
            path,
            message: `init container "${c.name}" ${what}, while every app container is hardened on that point; ${fix}`,
          });

        const privileged = c.effective('privileged');
        if (privileged && isPrivileged(c) && !apps.some(isPrivileged))
          report(pairSpan(privileged.pair), privileged.path, 'runs privileged', 'set privileged: false');

        if (!blocksEscalation(c) && apps.every(blocksEscalation)) {
          const setting = c.effective('allowPrivilegeEscalation');
          report(
            setting ? pairSpan(setting.pair) : c.anchor,
            setting?.path ?? c.sub('securityContext', 'allowPrivilegeEscalation'),
            setting ? 'allows privilege escalation' : 'leaves allowPrivilegeEscalation unset (allowed)',
            'set allowPrivilegeEscalation: false',
          );
        }

        const user = c.effective('runAsUser');
        if (user && num(user.value) === 0 && apps.every(runsAsNonRoot))
          report(
            pairSpan(user.pair),
            user.path,
            `runs as root (runAsUser: 0${user.level === 'pod' ? ' from the pod securityContext' : ''})`,
            'set a non-zero runAsUser on it',
          );

        const appCaps = new Set(apps.flatMap((a) => capabilities(a, 'add').map((cap) => cap.name)));
        for (const cap of capabilities(c, 'add')) {
          if (appCaps.has(cap.name) || appCaps.has('ALL')) continue;
          report(
            cap.node,
            c.sub('securityContext', 'capabilities', 'add', cap.index),
            `adds capability ${cap.name}`,
            'remove it from capabilities.add',
          );
        }
      },
    };
  },
});
