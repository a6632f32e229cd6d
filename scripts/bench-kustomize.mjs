// `node scripts/bench-kustomize.mjs [--overlays N] [--resources M]`: times building and linting N
// Kustomize overlays of one M-resource base (each overlay: namespace, prefix, an image and a patch)
// against linting the same N×M objects as plain files, both in-process after a warm-up, alternating
// (`--runs`, default 3, medians), and prints the ratio (the bar: under 3×). It reports numbers; it
// never fails on them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, d) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? d : Number(process.argv[i + 1]);
};
const overlays = arg('--overlays', 100);
const resources = arg('--resources', 20);

const tmp = mkdtempSync(join(here, '../.kh-kbench-'));
const entry = join(tmp, 'entry.ts');
writeFileSync(
  entry,
  `export { buildKustomizations } from ${JSON.stringify(join(here, '../src/render/kustomize/index.ts'))};
export { lintFiles } from ${JSON.stringify(join(here, '../src/lint.ts'))};
export { loadText } from ${JSON.stringify(join(here, '../src/load/index.ts'))};
export { defaultConfig } from ${JSON.stringify(join(here, '../src/engine/index.ts'))};`,
);
await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: join(tmp, 'bundle.mjs'),
  packages: 'external',
  logLevel: 'error',
});
const { buildKustomizations, lintFiles, loadText, defaultConfig } = await import(
  pathToFileURL(join(tmp, 'bundle.mjs')).href
);

const repo = mkdtempSync(join(tmpdir(), 'kh-kbench-repo-'));
const write = (p, t) => {
  mkdirSync(dirname(join(repo, p)), { recursive: true });
  writeFileSync(join(repo, p), t);
};
const deployment = (name, ns = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}
  labels: {app: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          image: registry.example.com/${name}:1.0
          ports: [{containerPort: 8080}]
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
          resources: {requests: {cpu: 100m, memory: 64Mi}}
`;
const names = Array.from({ length: resources }, (_, i) => `svc${i}`);
write('base/kustomization.yaml', `resources:\n${names.map((n) => `- ${n}.yaml\n`).join('')}`);
for (const n of names) write(`base/${n}.yaml`, deployment(n));
const dirs = [join(repo, 'base')];
for (let o = 0; o < overlays; o++) {
  write(
    `overlays/o${o}/kustomization.yaml`,
    `namespace: ns${o}\nnamePrefix: o${o}-\nresources:\n- ../../base\nimages:\n- name: registry.example.com/svc0\n  newTag: "2.${o}"\npatches:\n- path: patch.yaml\n  target: {kind: Deployment}\n`,
  );
  write(
    `overlays/o${o}/patch.yaml`,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: any}\nspec: {replicas: 3}\n',
  );
  dirs.push(join(repo, `overlays/o${o}`));
}
// The plain equivalent: the same number of objects, one file per object.
const plain = [];
for (let o = 0; o < overlays; o++)
  for (const n of names) plain.push(loadText(`plain/o${o}/${n}.yaml`, deployment(`o${o}-${n}`, `ns${o}`)));

const config = defaultConfig(repo);
let objects = 0;
const plainRun = () => lintFiles(plain, config);
const kustRun = () => {
  const r = buildKustomizations({ kustomizations: dirs, root: repo, cwd: repo });
  const files = r.rendered.map((s) => loadText(s.path, s.text));
  objects = files.reduce((n, f) => n + f.documents.length, 0);
  lintFiles(files, config);
};
// Warm up, then alternate the two so that a busy machine slows both alike; report medians.
plainRun();
kustRun();
const plainTimes = [];
const kustTimes = [];
// CPU time too: on a shared machine wall time mostly measures the neighbours.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const plainCpu = [];
const kustCpu = [];
for (let i = 0; i < arg('--runs', 3); i++) {
  let t0 = performance.now();
  let c0 = cpuMs();
  plainRun();
  plainTimes.push(performance.now() - t0);
  plainCpu.push(cpuMs() - c0);
  t0 = performance.now();
  c0 = cpuMs();
  kustRun();
  kustTimes.push(performance.now() - t0);
  kustCpu.push(cpuMs() - c0);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const plainMs = median(plainTimes);
const kustMs = median(kustTimes);
console.log(`kustomize: ${overlays} overlays of a ${resources}-resource base (${objects} objects)`);
console.log(`  plain files, lint:              ${plainMs.toFixed(0)} ms`);
console.log(`  overlays, build + lint:         ${kustMs.toFixed(0)} ms`);
console.log(`  ratio: ${(kustMs / plainMs).toFixed(2)}x (bar: < 3x)`);
console.log(
  `  CPU time: plain ${median(plainCpu).toFixed(0)} ms, overlays ${median(kustCpu).toFixed(0)} ms, ratio ${(median(kustCpu) / median(plainCpu)).toFixed(2)}x`,
);
rmSync(repo, { recursive: true, force: true });
rmSync(tmp, { recursive: true, force: true });
