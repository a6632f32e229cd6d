// What the CLI loads lazily: the pipeline, the rules and the reports.
export { builtinRules } from '../../rules/index.js';
export { DiscoverError } from '../discover/index.js';
export { CONFIG_SCHEMA, ConfigError, severityRank } from '../engine/index.js';
export { isPeerLinter, migratingMarkdown, peerMappingText } from '../engine/peers.js';
export { lint } from '../lint.js';
export { formatChunks, ruleMarkdown, rulesIndexMarkdown, ruleText } from '../report/index.js';
export { applyFixes, stillFound } from './fix.js';
export { INIT_SOURCES, InitError, runInit } from './init.js';
export { WriteError, writeFileAtomic } from './write.js';
