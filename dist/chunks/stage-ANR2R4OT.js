import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);
import{a,b,c,d,e}from"./chunk-LR6PDOGK.js";import"./chunk-JGYJQN7J.js";import"./chunk-MW5KH3W7.js";import"./chunk-6WHT37RZ.js";import"./chunk-HN4XJDOV.js";export{e as HelmSourceMap,b as RELEASE_NAMESPACE_STANDIN,d as chartOwnFiles,a as renderCharts,c as unsetReleaseNamespace};
