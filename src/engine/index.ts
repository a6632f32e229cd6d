// Engine stage: rule contract, configuration, the run over the model, suppressions.
export * from './config.js';
export * from './finding.js';
export * from './fix/index.js';
export * from './rendered.js';
export * from './rule.js';
export * from './run.js';
