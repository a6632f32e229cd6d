import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);
var t=["text","json","sarif","github"];export{t as a};
