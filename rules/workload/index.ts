// Workload rules (one module each). Add new rules to this list.
import type { Rule } from '../../src/engine/rule.js';
import apparmorUnconfined from './apparmor-unconfined.js';
import capabilitiesNotDropped from './capabilities-not-dropped.js';
import containerRuntimeSocket from './container-runtime-socket.js';
import containerSshPort from './container-ssh-port.js';
import controlPlaneScheduling from './control-plane-scheduling.js';
import dangerousCapabilities from './dangerous-capabilities.js';
import defaultNamespace from './default-namespace.js';
import defaultServiceAccount from './default-service-account.js';
import defaultServiceAccountAutomount from './default-service-account-automount.js';
import hostIpc from './host-ipc.js';
import hostNetwork from './host-network.js';
import hostPathVolume from './host-path-volume.js';
import hostPid from './host-pid.js';
import hostPort from './host-port.js';
import imageNotPinned from './image-not-pinned.js';
import imageTagLatest from './image-tag-latest.js';
import initContainerSecurityGap from './init-container-security-gap.js';
import privilegeEscalationAllowed from './privilege-escalation-allowed.js';
import privilegedContainer from './privileged-container.js';
import probesMissing from './probes-missing.js';
import procMountUnmasked from './proc-mount-unmasked.js';
import projectedTokenLongExpiry from './projected-token-long-expiry.js';
import resourceLimitsMissing from './resource-limits-missing.js';
import resourceRequestsMissing from './resource-requests-missing.js';
import restrictedVolumeTypes from './restricted-volume-types.js';
import rootGroup from './root-group.js';
import runAsLowUid from './run-as-low-uid.js';
import runAsRoot from './run-as-root.js';
import sandboxRuntimeMissing from './sandbox-runtime-missing.js';
import seccompProfileMissing from './seccomp-profile-missing.js';
import seccompUnconfined from './seccomp-unconfined.js';
import secretAsEnvVar from './secret-as-env-var.js';
import secretInEnvLiteral from './secret-in-env-literal.js';
import selinuxCustomOptions from './selinux-custom-options.js';
import serviceAccountTokenAutomount from './service-account-token-automount.js';
import shareProcessNamespace from './share-process-namespace.js';
import unsafeSysctls from './unsafe-sysctls.js';
import untrustedImageRegistry from './untrusted-image-registry.js';
import windowsHostProcess from './windows-host-process.js';
import workloadExposed from './workload-exposed.js';
import writableRootFilesystem from './writable-root-filesystem.js';

// Options-typed rules are stored as plain rules: the engine validates options against their schema.
const asRule = <O>(r: Rule<O>): Rule => r as unknown as Rule;

export const workloadRules: readonly Rule[] = [
  // Pod Security Standards, baseline
  privilegedContainer,
  hostNetwork,
  hostPid,
  hostIpc,
  hostPathVolume,
  containerRuntimeSocket,
  hostPort,
  dangerousCapabilities,
  apparmorUnconfined,
  selinuxCustomOptions,
  procMountUnmasked,
  seccompUnconfined,
  unsafeSysctls,
  windowsHostProcess,
  // Pod Security Standards, restricted
  privilegeEscalationAllowed,
  runAsRoot,
  capabilitiesNotDropped,
  seccompProfileMissing,
  restrictedVolumeTypes,
  // Beyond Pod Security Standards
  writableRootFilesystem,
  serviceAccountTokenAutomount,
  defaultServiceAccount,
  rootGroup,
  shareProcessNamespace,
  imageTagLatest,
  imageNotPinned,
  asRule(untrustedImageRegistry),
  resourceLimitsMissing,
  resourceRequestsMissing,
  probesMissing,
  secretInEnvLiteral,
  secretAsEnvVar,
  containerSshPort,
  defaultNamespace,
  controlPlaneScheduling,
  asRule(sandboxRuntimeMissing),
  runAsLowUid,
  defaultServiceAccountAutomount,
  projectedTokenLongExpiry,
  initContainerSecurityGap,
  workloadExposed,
];
