import { defineRule, type Report } from '../../src/engine/rule.js';
import { get, getPair, items, pairs, str, type YNode } from '../../src/load/index.js';
import { type ContainerView, type K8sObject, parseEmbeddedYaml } from '../../src/model/index.js';
import { nsa } from '../references.js';
import { detectCredential } from '../shared/credentials.js';
import { trimEnd } from './lib/span.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];

export default defineRule({
  meta: {
    id: 'hardcoded-credential',
    title: 'Credential written into a manifest',
    severity: 'high',
    category: 'secrets',
    fires:
      'A credential written literally in a container’s `command`/`args` (`--password=…`, `--token X`, a value shaped like a key), in an HTTP probe or lifecycle hook header (`Authorization: Bearer …`), in a Flux HelmRelease’s `spec.values`, or in an Argo CD Application’s Helm `values`, `valuesObject` or `parameters`. Uses the same detector as secret-in-env-literal.',
    silent:
      'References such as `$(DB_PASSWORD)`, placeholders, file paths, and env values (secret-in-env-literal covers those).',
    assumes: 'Whatever is in a manifest is visible to everyone with repository or `view` access.',
    rationale:
      'Credentials in arguments and values leak through the repository, `kubectl describe`, process listings and Helm release history. The seed advice: avoid hardcoding secrets.',
    remediation:
      'Read the credential from a Secret (env `valueFrom.secretKeyRef` or a mounted file) and pass its path or `$(VAR)` instead; rotate the exposed value.',
    references: [nsa('Secrets: encrypt and externalize')],
    presets: ['recommended'],
    kinds: ['HelmRelease', 'Application'],
  },
  create(context) {
    const report = (r: Report) => context.report(r);

    const checkArgs = (c: ContainerView, field: 'command' | 'args') => {
      const list = items(get(c.node, field));
      list.forEach((n, i) => {
        const s = str(n);
        if (s === undefined) return;
        let name: string | undefined;
        let value = s;
        const eq = /^--?([A-Za-z][\w.-]*)=(.*)$/s.exec(s);
        if (eq) {
          name = eq[1];
          value = eq[2]!;
        } else if (i > 0) {
          const prev = /^--?([A-Za-z][\w.-]*)$/.exec(str(list[i - 1]) ?? '');
          if (prev) name = prev[1];
        }
        if (/^-/.test(value) && !eq) return;
        const match = detectCredential(name, value);
        if (!match) return;
        report({
          object: c.object,
          span: n,
          path: c.sub(field, i),
          message: `container "${c.name}" ${field}[${i}] holds a credential (${match.reason}); read it from a Secret instead and rotate it`,
        });
      });
    };

    const checkHeaders = (c: ContainerView, handler: YNode | undefined, base: (string | number)[]) => {
      items(get(get(handler, 'httpGet'), 'httpHeaders')).forEach((h, i) => {
        const valuePair = getPair(h, 'value');
        const value = str(valuePair?.value);
        if (!valuePair || value === undefined) return;
        const name = str(get(h, 'name'));
        const match =
          detectCredential(name, value) ??
          (name && /^(authorization|proxy-authorization)$/i.test(name)
            ? detectCredential('token', value.replace(/^\w+\s+/, ''))
            : undefined);
        if (!match) return;
        report({
          object: c.object,
          span: valuePair.value,
          path: c.sub(...base, 'httpGet', 'httpHeaders', i, 'value'),
          message: `container "${c.name}" sends header ${name ?? '?'} with a literal credential (${match.reason}); probes cannot read Secrets, so use an unauthenticated health endpoint or an exec probe reading a mounted file`,
        });
      });
    };

    /** Walks a values tree, reporting credential-looking leaves. */
    const walkValues = (o: K8sObject, node: YNode | undefined, path: string, where: string) => {
      if (!node) return;
      if (node.type === 'map') {
        for (const p of pairs(node)) {
          const key = String(p.key.value);
          const v = str(p.value);
          if (v !== undefined) {
            const match = detectCredential(key, v);
            if (match)
              report({
                object: o,
                span: p.value,
                path: `${path}.${key}`,
                message: `${o.kind} ${o.name} ${where} sets ${key} to a credential (${match.reason}); reference an existing Secret (valuesFrom / existingSecret) instead and rotate it`,
              });
          } else walkValues(o, p.value, `${path}.${key}`, where);
        }
      } else if (node.type === 'seq')
        node.items.forEach((n, i) => {
          walkValues(o, n, `${path}[${i}]`, where);
        });
    };

    /** Helm values given as a YAML string: parsed by the model, located in the text where possible. */
    const walkValuesText = (o: K8sObject, node: YNode, path: string) => {
      const text = str(node);
      if (text === undefined) return;
      const source = o.file.text.slice(node.start, node.end);
      const visit = (v: unknown, key: string | undefined, keyPath: string): void => {
        if (typeof v === 'string') {
          const match = detectCredential(key, v);
          if (!match) return;
          const at = v.length >= 4 ? source.indexOf(v) : -1;
          report({
            object: o,
            span: at >= 0 ? { start: node.start + at, end: node.start + at + v.length } : trimEnd(o, node),
            path,
            message: `${o.kind} ${o.name} Helm values set ${keyPath} to a credential (${match.reason}); reference an existing Secret instead and rotate it`,
          });
        } else if (Array.isArray(v))
          v.forEach((x, i) => {
            visit(x, key, `${keyPath}[${i}]`);
          });
        else if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) visit(x, k, keyPath ? `${keyPath}.${k}` : k);
      };
      visit(parseEmbeddedYaml(text), undefined, '');
    };

    return {
      container(c) {
        checkArgs(c, 'command');
        checkArgs(c, 'args');
        for (const probe of PROBES) checkHeaders(c, get(c.node, probe), [probe]);
        for (const hook of HOOKS) checkHeaders(c, get(get(c.node, 'lifecycle'), hook), ['lifecycle', hook]);
      },
      object(o) {
        const spec = get(o.root, 'spec');
        if (o.kind === 'HelmRelease' && o.group === 'helm.toolkit.fluxcd.io') {
          walkValues(o, get(spec, 'values'), o.path('spec', 'values'), 'values');
          return;
        }
        if (o.kind !== 'Application' || o.group !== 'argoproj.io') return;
        const sources: [YNode, string][] = [];
        const single = get(spec, 'source');
        if (single) sources.push([single, o.path('spec', 'source')]);
        items(get(spec, 'sources')).forEach((s, i) => {
          sources.push([s, o.path('spec', 'sources', i)]);
        });
        for (const [source, path] of sources) {
          const helm = get(source, 'helm');
          walkValues(o, get(helm, 'valuesObject'), `${path}.helm.valuesObject`, 'Helm valuesObject');
          const values = get(helm, 'values');
          if (values) walkValuesText(o, values, `${path}.helm.values`);
          items(get(helm, 'parameters')).forEach((p, i) => {
            const valuePair = getPair(p, 'value');
            const value = str(valuePair?.value);
            if (!valuePair || value === undefined) return;
            const name = str(get(p, 'name'));
            const match = detectCredential(name?.split('.').pop(), value);
            if (!match) return;
            report({
              object: o,
              span: valuePair.value,
              path: `${path}.helm.parameters[${i}].value`,
              message: `${o.kind} ${o.name} Helm parameter ${name ?? '?'} is a credential (${match.reason}); reference an existing Secret instead and rotate it`,
            });
          });
        }
      },
    };
  },
});
