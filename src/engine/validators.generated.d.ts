// Types of validators.generated.js (written by scripts/validators.mjs).
import type { ValidateFunction } from 'ajv';

export declare const config: ValidateFunction;
export declare const noOptions: ValidateFunction;
/** Built-in rule id → validator of its options. */
export declare const ruleOptions: Readonly<Record<string, ValidateFunction | undefined>>;
