import type { Rule } from '../src/engine/rule.js';

export declare const GENERATED_PATH: string;
export declare function validatorsSource(configSchema: object, rules: readonly Rule[]): string;
export declare function writeValidators(root: string): Promise<void>;
