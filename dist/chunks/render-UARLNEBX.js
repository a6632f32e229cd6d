import { createRequire as __kh_cr } from 'node:module'; const require = __kh_cr(import.meta.url);
import{e as h}from"./chunk-O4GI5YAT.js";import"./chunk-2F4OKVVN.js";import"./chunk-LAL2TK4P.js";import"./chunk-MW5KH3W7.js";import"./chunk-HN4XJDOV.js";import{mkdirSync as f,statSync as g,writeFileSync as b}from"node:fs";import{dirname as w,join as l,resolve as c}from"node:path";async function v(i,e,t,a){if(i.length>2)return t.stderr(`Error: "kubeharden render" requires at most 2 arguments
`),1;let[n,m]=i.length===2?i:[void 0,i[0]];if(!m)return t.stderr(`Error: "kubeharden render" requires at least 1 argument
`),1;let s=c(a,m);try{g(s)}catch{return t.stderr(`Error: path "${m}" not found
`),1}if(i.length===1){let r=await import("./kustomize-RUQU5VCV.js");if(r.isKustomizationDir(s)){let u=await r.kustomizeBuildChecked(s,{root:r.repositoryRoot([s]),cwd:a});return u.ok?(await t.stdout(u.text),0):(t.stderr(`Error: ${u.error}
`),1)}}let o=h(s,{...n?{releaseName:n}:{},...e.nameTemplate&&!n?{nameTemplate:e.nameTemplate}:{},namespace:e.namespace??"default",valueFiles:e.values.map(r=>c(a,r)),set:e.set,setString:e.setString,setFile:e.setFile.map(r=>r),...e.kubeVersion?{kubeVersion:e.kubeVersion}:{},apiVersions:e.apiVersions.flatMap(r=>r.split(",")).filter(Boolean),includeCrds:e.includeCrds===!0&&e.skipCrds!==!0,skipTests:e.skipTests===!0,noHooks:e.hooks===!1,isUpgrade:e.isUpgrade===!0,...e.helmCompat?{helmCompat:e.helmCompat}:{},resolveLocalDependencies:!1});if(o.error)return t.stderr(`Error: ${o.error.message}
`),1;if(e.outputDir){let r=new Set,u=e.releaseName?l(e.outputDir,n??"release-name"):e.outputDir;for(let d of o.files){let p=l(c(a,u),d.name);f(w(p),{recursive:!0});let k=`---
# Source: ${d.name}
${d.text}
`;b(p,k,{flag:r.has(p)?"a":"w"}),r.has(p)||await t.stdout(`wrote ${l(u,d.name)}
`),r.add(p)}return 0}if(e.showOnly.length){let r=y(o.text,e.showOnly);return typeof r!="string"?(t.stderr(`Error: could not find template ${r.missing} in chart
`),1):(await t.stdout(r),0)}return await t.stdout(o.text),0}function y(i,e){let t=i.replace(/^\s+/,"").split(/^---[ \t]*/m).filter(n=>n.trim()!=="").map(n=>n.replace(/^\s+/,"")),a="";for(let n of e){let m=new RegExp(`^${n.replace(/\\/g,"/").replace(/[.+^${}()|\\]/g,"\\$&").replaceAll("*","[^/]*").replaceAll("?","[^/]")}$`),s=!1;for(let o of t){let r=/# Source: [^/]+\/(.+)/.exec(o);!r||!m.test(r[1])||(a+=`---
${o}
`,s=!0)}if(!s)return{missing:n}}return a}export{v as runRender,y as showOnly};
