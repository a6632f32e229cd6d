// control-plane rules (one module each). Add new rules to this list.
import type { Rule } from '../../src/engine/rule.js';
import admissionConfigPodSecurity from './admission-config-pod-security.js';
import apiserverAdmissionPlugins from './apiserver-admission-plugins.js';
import apiserverAnonymousAuth from './apiserver-anonymous-auth.js';
import apiserverAuditLogging from './apiserver-audit-logging.js';
import apiserverAuthorizationMode from './apiserver-authorization-mode.js';
import apiserverEncryptionAtRest from './apiserver-encryption-at-rest.js';
import apiserverEndpointPublic from './apiserver-endpoint-public.js';
import apiserverInsecureServing from './apiserver-insecure-serving.js';
import apiserverProfiling from './apiserver-profiling.js';
import apiserverRequestTimeout from './apiserver-request-timeout.js';
import apiserverServiceAccountHardening from './apiserver-service-account-hardening.js';
import apiserverTls from './apiserver-tls.js';
import auditPolicyWeak from './audit-policy-weak.js';
import controllerManagerBindAddress from './controller-manager-bind-address.js';
import controllerManagerHardening from './controller-manager-hardening.js';
import controllerManagerProfiling from './controller-manager-profiling.js';
import deprecatedApiVersion from './deprecated-api-version.js';
import encryptionConfigWeak from './encryption-config-weak.js';
import etcdSharedCa from './etcd-shared-ca.js';
import etcdTls from './etcd-tls.js';
import invalidFieldType from './invalid-field-type.js';
import kubeletAnonymousAuth from './kubelet-anonymous-auth.js';
import kubeletAuthorizationMode from './kubelet-authorization-mode.js';
import kubeletCertificateRotation from './kubelet-certificate-rotation.js';
import kubeletHardening from './kubelet-hardening.js';
import kubeletReadOnlyPort from './kubelet-read-only-port.js';
import kubeletTls from './kubelet-tls.js';
import kubernetesVersionOutdated from './kubernetes-version-outdated.js';
import managedClusterAuditLoggingOff from './managed-cluster-audit-logging-off.js';
import removedApiVersion from './removed-api-version.js';
import schedulerBindAddress from './scheduler-bind-address.js';
import schedulerProfiling from './scheduler-profiling.js';
import tlsVerificationDisabled from './tls-verification-disabled.js';
import unknownField from './unknown-field.js';

export const controlPlaneRules: readonly Rule[] = [
  apiserverAnonymousAuth,
  apiserverAuthorizationMode,
  apiserverAdmissionPlugins,
  apiserverInsecureServing,
  apiserverAuditLogging,
  apiserverEncryptionAtRest,
  apiserverTls,
  apiserverServiceAccountHardening,
  apiserverProfiling,
  apiserverRequestTimeout,
  controllerManagerProfiling,
  schedulerProfiling,
  etcdTls,
  etcdSharedCa,
  controllerManagerHardening,
  schedulerBindAddress,
  controllerManagerBindAddress,
  kubeletAnonymousAuth,
  kubeletAuthorizationMode,
  kubeletReadOnlyPort,
  kubeletCertificateRotation,
  kubeletHardening,
  kubeletTls,
  kubernetesVersionOutdated,
  removedApiVersion,
  deprecatedApiVersion,
  encryptionConfigWeak,
  auditPolicyWeak,
  admissionConfigPodSecurity,
  managedClusterAuditLoggingOff,
  apiserverEndpointPublic,
  tlsVerificationDisabled,
  unknownField,
  invalidFieldType,
];
