// Sprig 3 functions as Helm registers them (TxtFuncMap minus env and expandenv).
import type { FuncDef, FuncMap } from './api.js';

/** Functions whose real output is random or time-dependent; here they return fixed stand-ins. */
export const NONDETERMINISTIC_FUNCS: readonly string[] = [];
export const PLACEHOLDER_CERT_PEM = '';
export const PLACEHOLDER_KEY_PEM = '';

const funcs: Record<string, FuncDef> = {};

export const sprigFuncs: FuncMap = funcs;
