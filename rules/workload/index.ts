// Workload rules (one module each). Add new rules to this list.
import type { Rule } from '../../src/engine/rule.js';
import privilegedContainer from './privileged-container.js';
import runAsRoot from './run-as-root.js';

export const workloadRules: readonly Rule[] = [privilegedContainer, runAsRoot];
