import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);
import{a as t}from"./chunks/chunk-2FBIVVOX.js";import"./chunks/chunk-HN4XJDOV.js";import{setFlagsFromString as e}from"node:v8";function r(){e("--heap-growing-percent=30")}var o=process.argv.slice(2);if(o.length===1&&(o[0]==="--version"||o[0]==="-v"))process.stdout.write(`${t}
`);else{r();let{main:i}=await import("./chunks/main-O7SFKXY2.js");process.exitCode=await i(o)}
