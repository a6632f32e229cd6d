import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);
var e=["critical","high","medium","low","info"];function o(r){return e.length-e.indexOf(r)}var n=["recommended","all","pss-baseline","pss-restricted"],t=["kube-linter","polaris","kube-score","checkov","kics","kubescape","trivy"];export{e as a,o as b,n as c,t as d};
