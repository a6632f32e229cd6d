// Reference-integrity rules (issue 14): references between objects of the tree that resolve to
// nothing. Each stays quiet where the target may live outside the tree (src/model/references.ts).
import type { Rule } from '../../src/engine/rule.js';
import configReferenceMissing from './config-reference-missing.js';
import duplicateEnvVar from './duplicate-env-var.js';
import duplicateObject from './duplicate-object.js';
import hpaTargetMissing from './hpa-target-missing.js';
import ingressBackendMissing from './ingress-backend-missing.js';
import networkPolicyPeerSelectsNothing from './network-policy-peer-selects-nothing.js';
import pdbSelectsNothing from './pdb-selects-nothing.js';
import probePortInvalid from './probe-port-invalid.js';
import selectorMismatch from './selector-mismatch.js';
import serviceAccountMissing from './service-account-missing.js';
import serviceSelectsNothing from './service-selects-nothing.js';
import serviceTargetPortInvalid from './service-target-port-invalid.js';
import servicemonitorSelectsNothing from './servicemonitor-selects-nothing.js';

export const referenceRules: readonly Rule[] = [
  configReferenceMissing,
  duplicateEnvVar,
  duplicateObject,
  hpaTargetMissing,
  ingressBackendMissing,
  networkPolicyPeerSelectsNothing,
  pdbSelectsNothing,
  probePortInvalid,
  selectorMismatch,
  serviceAccountMissing,
  serviceSelectsNothing,
  serviceTargetPortInvalid,
  servicemonitorSelectsNothing,
];
