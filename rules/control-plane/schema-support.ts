// Shared by the schema rules: which fields hardening depends on (a typo there silently turns a
// control off, so it is reported as high).
const SECURITY_FIELDS = new Set([
  'securityContext',
  'privileged',
  'allowPrivilegeEscalation',
  'capabilities',
  'add',
  'drop',
  'readOnlyRootFilesystem',
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'fsGroup',
  'supplementalGroups',
  'seccompProfile',
  'appArmorProfile',
  'seLinuxOptions',
  'procMount',
  'sysctls',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'hostPath',
  'hostPort',
  'automountServiceAccountToken',
  'serviceAccountName',
  'resources',
  'limits',
  'requests',
  'imagePullPolicy',
  'podSelector',
  'policyTypes',
  'ingress',
  'egress',
  'verbs',
  'apiGroups',
  'subjects',
  'roleRef',
  'readOnly',
]);

/** Is a field (as written, or as probably meant) one that a security rule reads? */
export function isSecurityRelevant(path: string, ...names: (string | undefined)[]): boolean {
  if (/(^|\.)securityContext(\.|$)/.test(path)) return true;
  return names.some((n) => n !== undefined && SECURITY_FIELDS.has(n));
}

/** `CoreV1SecurityContext` → `SecurityContext` (the Kubernetes type name, for messages). */
export function typeLabel(typeName: string): string {
  if (typeName.startsWith('crd:')) return `the ${typeName.slice(4).split('#')[0]} schema`;
  return typeName.replace(/^[A-Z][a-z]+(?:[A-Z][a-z]+)*?V\d+(?:(?:alpha|beta)\d+)?/, '') || typeName;
}
