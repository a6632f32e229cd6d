import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);
var e=["critical","high","medium","low","info"];function n(r){return e.length-e.indexOf(r)}var o=["recommended","all","pss-baseline","pss-restricted"];var a=["text","json","sarif","github"];export{e as a,n as b,o as c,a as d};
