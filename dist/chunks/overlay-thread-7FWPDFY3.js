import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);
import{a,b}from"./chunk-MIDGRMRQ.js";import"./chunk-HN4XJDOV.js";export{a as overlaysBuilt,b as startOverlayThread};
