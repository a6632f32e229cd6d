// Writes each rule's `peers` metadata from data/peer-checks.json, so the two never disagree
// (test/core/peers.test.ts fails when they do). Usage: node scripts/sync-peers.mjs
// A rule whose meta block is written in its file gets a `peers:` property right after `presets`;
// a rule made by a shared factory (host-ipc, *-profiling, *-bind-address) is wrapped in `withPeers`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const PEERS = ['kube-linter', 'polaris', 'kube-score', 'checkov', 'kics', 'kubescape', 'trivy'];
const inventory = JSON.parse(readFileSync(join(root, 'data/peer-checks.json'), 'utf8'));

function ruleFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? ruleFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// Where each rule's metadata lives: `meta` (a literal meta block with `presets`) or `factory`.
const places = new Map();
for (const file of ruleFiles(join(root, 'rules'))) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = /^(\s*)id: '([a-z0-9-]+)',$/.exec(line);
    if (!m) return;
    const presets = findSibling(lines, i, m[1], 'presets:');
    if (presets >= 0) places.set(m[2], { kind: 'meta', file });
  });
  const id = basename(file, '.ts');
  if (
    !places.has(id) &&
    /^export default (withPeers\(\s*)?[a-zA-Z]+Rule\(/m.test(text) &&
    text.includes(`'${id}'`)
  ) {
    places.set(id, { kind: 'factory', file });
  }
}

/** Index of the line in the same object (same indentation) starting with `key`, or -1. */
function findSibling(lines, from, indent, key) {
  for (const dir of [1, -1]) {
    for (let j = from + dir; j >= 0 && j < lines.length; j += dir) {
      const l = lines[j];
      if (l.trim() === '') continue;
      const ind = /^\s*/.exec(l)[0];
      if (ind.length < indent.length) break;
      if (ind === indent && l.trimStart().startsWith(key)) return j;
    }
  }
  return -1;
}

/** Index after the property that starts at `start` (balanced brackets, ends with `,`). */
function propertyEnd(lines, start) {
  let depth = 0;
  for (let j = start; j < lines.length; j++) {
    for (const ch of lines[j]) {
      if ('[{('.includes(ch)) depth++;
      else if (']})'.includes(ch)) depth--;
    }
    if (depth <= 0 && lines[j].trimEnd().endsWith(',')) return j + 1;
  }
  throw new Error(`unbalanced property at line ${start + 1}`);
}

// Rules made by a factory called in a registry file: the call expression is wrapped in `withPeers`.
const CALL_SITES = {
  'required-labels': ['rules/availability/index.ts', "requiredMetadataRule('labels')"],
  'required-annotations': ['rules/availability/index.ts', "requiredMetadataRule('annotations')"],
};
for (const [id, [file, call]] of Object.entries(CALL_SITES)) {
  if (readFileSync(join(root, file), 'utf8').includes(call))
    places.set(id, { kind: 'call', file: join(root, file), call });
}

const ruleIds = new Set(places.keys());
const wanted = new Map();
for (const peer of PEERS) {
  for (const check of inventory.peers[peer].checks) {
    const rules = check.rules ?? (check.planned && ruleIds.has(check.planned) ? [check.planned] : []);
    for (const id of rules) {
      if (!ruleIds.has(id)) throw new Error(`${peer} ${check.id} maps to unknown rule ${id}`);
      const entry = wanted.get(id) ?? {};
      wanted.set(id, entry);
      entry[peer] ??= [];
      if (!entry[peer].includes(check.id)) entry[peer].push(check.id);
    }
  }
}

const key = (k) => (/^[a-z]+$/.test(k) ? k : `'${k}'`);
const literal = (entry) =>
  `{ ${Object.entries(entry)
    .map(([k, ids]) => `${key(k)}: [${ids.map((i) => `'${i}'`).join(', ')}]`)
    .join(', ')} }`;

const touched = new Map(); // file → its text before this run
for (const [id, place] of places) {
  const entry = wanted.get(id);
  const before = readFileSync(place.file, 'utf8');
  let after = before;
  if (place.kind === 'meta') {
    const lines = before.split('\n');
    const idLine = lines.findIndex((l) => new RegExp(`^\\s*id: '${id}',$`).test(l));
    const indent = /^\s*/.exec(lines[idLine])[0];
    const existing = findSibling(lines, idLine, indent, 'peers:');
    if (existing >= 0) lines.splice(existing, propertyEnd(lines, existing) - existing);
    if (entry) {
      const presets = findSibling(lines, idLine, indent, 'presets:');
      lines.splice(propertyEnd(lines, presets), 0, `${indent}peers: ${literal(entry)},`);
    }
    after = lines.join('\n');
  } else if (place.kind === 'call') {
    const esc = place.call.replace(/[()[\]{}.*+?^$|\\]/g, '\\$&');
    const unwrapped = before.replace(
      new RegExp(`withPeers\\(\\s*${esc},\\s*\\{[^{}]*\\},?\\s*\\)`),
      place.call,
    );
    after = entry ? unwrapped.replace(place.call, `withPeers(${place.call}, ${literal(entry)})`) : unwrapped;
    if (entry && !/import \{ withPeers \}/.test(after))
      after = `import { withPeers } from '../peers.js';\n${after}`;
  } else {
    const unwrapped = before
      .replace(/^export default withPeers\(([\s\S]*?),\s*\{[^{}]*\},?\s*\);\n/m, 'export default $1;\n')
      .replace(/^import \{ withPeers \} from '[^']+';\n/m, '');
    after = unwrapped;
    if (entry) {
      const depth = place.file.slice(join(root, 'rules').length + 1).split('/').length - 1;
      const imp = `import { withPeers } from '${depth ? '../'.repeat(depth) : './'}peers.js';\n`;
      after =
        imp +
        unwrapped.replace(
          /^export default ([\s\S]*?);\n/m,
          `export default withPeers($1, ${literal(entry)});\n`,
        );
    }
  }
  if (after !== before) {
    if (!touched.has(place.file)) touched.set(place.file, before);
    writeFileSync(place.file, after);
  }
}

if (touched.size) {
  // Our one-line literals become Biome's layout, so a file whose peers did not change ends as it began.
  execFileSync(join(root, 'node_modules/.bin/biome'), ['check', '--write', ...touched.keys()], {
    stdio: 'ignore',
  });
}
const changed = [...touched].filter(([file, before]) => readFileSync(file, 'utf8') !== before).length;
const covered = [...wanted.keys()].length;
console.log(`peers: ${covered} rules carry peer ids; ${changed} files changed`);
