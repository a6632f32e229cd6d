// Cluster-wide rules (one module each): network isolation, admission, RBAC, secrets, exposure,
// service mesh and governance. Add new rules to this list.
import type { Rule } from '../../src/engine/rule.js';
import apiserverEgressAllowed from './apiserver-egress-allowed.js';
import bindingExcessivePermissions from './binding-excessive-permissions.js';
import clusterAdminBinding from './cluster-admin-binding.js';
import dashboardDeployed from './dashboard-deployed.js';
import dashboardInsecure from './dashboard-insecure.js';
import externalSecretRefreshDisabled from './external-secret-refresh-disabled.js';
import externalnameService from './externalname-service.js';
import hardcodedCredential from './hardcoded-credential.js';
import imageNotCoveredBySignaturePolicy from './image-not-covered-by-signature-policy.js';
import imageVerificationPolicyMissing from './image-verification-policy-missing.js';
import ingressNginxSnippets from './ingress-nginx-snippets.js';
import ingressWithoutTls from './ingress-without-tls.js';
import kubeconfigCredentialsCommitted from './kubeconfig-credentials-committed.js';
import meshAuthorizationAllowAll from './mesh-authorization-allow-all.js';
import meshInjectionDisabled from './mesh-injection-disabled.js';
import metadataApiEgressAllowed from './metadata-api-egress-allowed.js';
import mtlsNotStrict from './mtls-not-strict.js';
import namespacePodSecurityNotEnforced from './namespace-pod-security-not-enforced.js';
import namespaceWithoutDefaultDeny from './namespace-without-default-deny.js';
import namespaceWithoutLimitRange from './namespace-without-limit-range.js';
import namespaceWithoutResourceQuota from './namespace-without-resource-quota.js';
import networkPolicyAllowsAll from './network-policy-allows-all.js';
import networkPolicyAnyPort from './network-policy-any-port.js';
import networkPolicySelectsNothing from './network-policy-selects-nothing.js';
import openshiftRouteInsecure from './openshift-route-insecure.js';
import podNotIsolated from './pod-not-isolated.js';
import podSecurityPolicy from './pod-security-policy.js';
import policyEngineAuditOnly from './policy-engine-audit-only.js';
import rbacAnonymousSubject from './rbac-anonymous-subject.js';
import rbacDanglingReference from './rbac-dangling-reference.js';
import rbacDefaultServiceAccount from './rbac-default-service-account.js';
import rbacNodeProxy from './rbac-node-proxy.js';
import rbacPodExec from './rbac-pod-exec.js';
import rbacPrivilegeEscalation from './rbac-privilege-escalation.js';
import rbacSecretsRead from './rbac-secrets-read.js';
import rbacWebhookModification from './rbac-webhook-modification.js';
import rbacWildcard from './rbac-wildcard.js';
import rbacWorkloadCreate from './rbac-workload-create.js';
import secretCommitted from './secret-committed.js';
import secretInConfigmap from './secret-in-configmap.js';
import sensitiveServiceExposed from './sensitive-service-exposed.js';
import serviceAccountTokenSecret from './service-account-token-secret.js';
import serviceExternalIps from './service-external-ips.js';
import serviceLoadBalancerOpen from './service-load-balancer-open.js';
import serviceNodePort from './service-node-port.js';
import systemMastersMapping from './system-masters-mapping.js';
import tillerDeployed from './tiller-deployed.js';
import webhookFailsOpen from './webhook-fails-open.js';
import workloadExcessivePermissions from './workload-excessive-permissions.js';

export const clusterRules: readonly Rule[] = [
  apiserverEgressAllowed,
  bindingExcessivePermissions,
  clusterAdminBinding,
  dashboardDeployed,
  dashboardInsecure,
  externalnameService,
  externalSecretRefreshDisabled,
  hardcodedCredential,
  imageNotCoveredBySignaturePolicy,
  imageVerificationPolicyMissing,
  ingressNginxSnippets,
  ingressWithoutTls,
  kubeconfigCredentialsCommitted,
  meshAuthorizationAllowAll,
  meshInjectionDisabled,
  metadataApiEgressAllowed,
  mtlsNotStrict,
  namespacePodSecurityNotEnforced,
  namespaceWithoutDefaultDeny,
  namespaceWithoutLimitRange,
  namespaceWithoutResourceQuota,
  networkPolicyAllowsAll,
  networkPolicyAnyPort,
  networkPolicySelectsNothing,
  openshiftRouteInsecure,
  podNotIsolated,
  podSecurityPolicy,
  policyEngineAuditOnly,
  rbacAnonymousSubject,
  rbacDanglingReference,
  rbacDefaultServiceAccount,
  rbacNodeProxy,
  rbacPodExec,
  rbacPrivilegeEscalation,
  rbacSecretsRead,
  rbacWebhookModification,
  rbacWildcard,
  rbacWorkloadCreate,
  secretCommitted,
  secretInConfigmap,
  sensitiveServiceExposed,
  serviceAccountTokenSecret,
  serviceExternalIps,
  serviceLoadBalancerOpen,
  serviceNodePort,
  systemMastersMapping,
  tillerDeployed,
  webhookFailsOpen,
  workloadExcessivePermissions,
];
