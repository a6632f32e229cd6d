// Availability and workload-hygiene rules (one module each). Add new rules to this list.
import type { Rule } from '../../src/engine/rule.js';
import { withPeers } from '../peers.js';
import antiAffinityMissing from './anti-affinity-missing.js';
import cronjobDeadlineMissing from './cronjob-deadline-missing.js';
import deprecatedServiceAccountField from './deprecated-service-account-field.js';
import dnsNdotsHigh from './dns-ndots-high.js';
import hpaReplicasConflict from './hpa-replicas-conflict.js';
import imagePullPolicyNotAlways from './image-pull-policy-not-always.js';
import invalidLabel from './invalid-label.js';
import jobTtlMissing from './job-ttl-missing.js';
import nakedPod from './naked-pod.js';
import pdbBlocksEviction from './pdb-blocks-eviction.js';
import pdbMissing from './pdb-missing.js';
import priorityClassMissing from './priority-class-missing.js';
import privilegedPort from './privileged-port.js';
import replicasTooFew from './replicas-too-few.js';
import { requiredMetadataRule } from './required-metadata.js';
import restartPolicyInvalid from './restart-policy-invalid.js';
import rollingUpdateUnsafe from './rolling-update-unsafe.js';

// Options-typed rules are stored as plain rules: the engine validates options against their schema.
const asRule = <O>(r: Rule<O>): Rule => r as unknown as Rule;

export const availabilityRules: readonly Rule[] = [
  asRule(replicasTooFew),
  antiAffinityMissing,
  rollingUpdateUnsafe,
  pdbMissing,
  pdbBlocksEviction,
  hpaReplicasConflict,
  jobTtlMissing,
  cronjobDeadlineMissing,
  nakedPod,
  restartPolicyInvalid,
  imagePullPolicyNotAlways,
  priorityClassMissing,
  deprecatedServiceAccountField,
  privilegedPort,
  asRule(dnsNdotsHigh),
  invalidLabel,
  asRule(
    withPeers(requiredMetadataRule('labels'), {
      'kube-linter': ['required-label-owner'],
      kubescape: ['C-0076', 'C-0077'],
    }),
  ),
  asRule(withPeers(requiredMetadataRule('annotations'), { 'kube-linter': ['required-annotation-email'] })),
];
