// cluster rules (one module each). Add new rules to this list.
import type { Rule } from '../../src/engine/rule.js';

export const clusterRules: readonly Rule[] = [];
