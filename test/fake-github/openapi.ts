// GitHub's published OpenAPI description (the @octokit/openapi package) as a request and response
// checker for the fake API: which routes exist, which query parameters and bodies they accept, and
// what their answers look like (the documented examples, checked against the response schemas).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Route {
  readonly template: string;
  readonly regex: RegExp;
  readonly names: string[];
}

export interface MatchedOperation {
  readonly template: string;
  readonly method: string;
  readonly params: Record<string, string>;
  readonly operation: JsonObject;
}

const SPEC_ID = 'https://api.github.com/openapi.json';

function pointer(segments: readonly string[]): string {
  return segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** OpenAPI 3.0 writes `nullable: true`; JSON Schema needs `null` among the types. */
function convertNullable(node: Json): void {
  if (Array.isArray(node)) {
    for (const n of node) convertNullable(n);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (node.nullable === true) {
    if (typeof node.type === 'string') node.type = [node.type, 'null'];
    if (Array.isArray(node.enum)) node.enum = [...node.enum, null];
    if (!node.type && !node.enum) {
      for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
        const list = node[k];
        if (Array.isArray(list)) {
          delete node[k];
          node.anyOf = [{ type: 'null' }, { [k]: list }];
          break;
        }
      }
    }
    delete node.nullable;
  }
  for (const v of Object.values(node)) convertNullable(v);
}

export class OpenApi {
  private static loaded: OpenApi | undefined;
  private readonly spec: JsonObject;
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  static load(): OpenApi {
    if (!OpenApi.loaded) {
      // From test/tools (installed by scripts/test-tools.mjs), not a devDependency: see its package.json.
      const require = createRequire(join(import.meta.dirname, '..', 'tools', 'package.json'));
      const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
      OpenApi.loaded = new OpenApi(JSON.parse(readFileSync(file, 'utf8')) as JsonObject);
    }
    return OpenApi.loaded;
  }

  private constructor(spec: JsonObject) {
    convertNullable(spec);
    this.spec = spec;
    this.ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    this.ajv.addSchema({ ...spec, $id: SPEC_ID } as object);
    this.routes = Object.keys(spec.paths as JsonObject).map((template) => {
      const names: string[] = [];
      const source = template
        .split('/')
        .map((seg) => {
          const m = /^\{(.+)\}$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { template, regex: new RegExp(`^${source}$`), names };
    });
    // Literal segments beat parameters (`/pulls/comments/1` is not `/pulls/{pull_number}/...`).
    this.routes.sort((a, b) => a.names.length - b.names.length);
  }

  match(method: string, pathname: string): MatchedOperation | undefined {
    const m = method.toLowerCase();
    for (const r of this.routes) {
      const hit = r.regex.exec(pathname);
      if (!hit) continue;
      const operation = (this.spec.paths as Record<string, JsonObject>)[r.template]![m];
      if (!operation || typeof operation !== 'object' || Array.isArray(operation)) continue;
      const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(hit[i + 1]!)]));
      return { template: r.template, method: m, params, operation: operation as JsonObject };
    }
    return undefined;
  }

  private resolve(node: Json): JsonObject {
    let n = node as JsonObject;
    while (typeof n.$ref === 'string') {
      const segments = n.$ref
        .replace(/^#\//, '')
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      let cur: Json = this.spec;
      for (const s of segments) cur = (cur as JsonObject)[s] as Json;
      n = cur as JsonObject;
    }
    return n;
  }

  private parameters(op: MatchedOperation): JsonObject[] {
    const list = (op.operation.parameters as Json[] | undefined) ?? [];
    return list.map((p) => this.resolve(p));
  }

  /** Problems with the query string: unknown parameters, wrong types, per_page above 100. */
  checkQuery(op: MatchedOperation, query: URLSearchParams): string[] {
    const problems: string[] = [];
    const declared = new Map(
      this.parameters(op)
        .filter((p) => p.in === 'query')
        .map((p) => [p.name as string, p]),
    );
    for (const [name, value] of query) {
      const p = declared.get(name);
      if (!p) {
        problems.push(`unknown query parameter "${name}"`);
        continue;
      }
      const type = (p.schema as JsonObject | undefined)?.type;
      if (type === 'integer' && !/^\d+$/.test(value))
        problems.push(`query parameter ${name}=${value} is not an integer`);
    }
    const perPage = query.get('per_page');
    if (perPage && Number(perPage) > 100) problems.push(`per_page=${perPage} is above the maximum of 100`);
    for (const p of this.parameters(op)) {
      if (p.in === 'path' && (p.schema as JsonObject | undefined)?.type === 'integer') {
        const v = op.params[p.name as string];
        if (v !== undefined && !/^\d+$/.test(v))
          problems.push(`path parameter ${String(p.name)}=${v} is not an integer`);
      }
    }
    return problems;
  }

  private validator(key: string, ref: string): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile({ $ref: `${SPEC_ID}#/${ref}` });
      this.validators.set(key, v);
    }
    return v;
  }

  private errors(v: ValidateFunction, value: unknown): string[] {
    if (v(value)) return [];
    return (v.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  }

  /** Problems with a JSON request body, checked against the operation's request schema. */
  checkBody(op: MatchedOperation, body: unknown): string[] {
    const rb = op.operation.requestBody as JsonObject | undefined;
    if (!rb) return body === undefined ? [] : ['this operation takes no request body'];
    if (body === undefined) return rb.required === true ? ['a request body is required'] : [];
    const at = ['paths', op.template, op.method, 'requestBody', 'content', 'application/json', 'schema'];
    return this.errors(this.validator(`req ${op.method} ${op.template}`, pointer(at)), body);
  }

  private responseContent(op: MatchedOperation, status: number): JsonObject {
    const responses = op.operation.responses as JsonObject;
    const response = this.resolve(responses[String(status)] as Json);
    return ((response.content as JsonObject | undefined)?.['application/json'] ?? {}) as JsonObject;
  }

  /** Problems with an answer of the fake, checked against the documented response schema. */
  checkResponse(op: MatchedOperation, status: number, body: unknown): string[] {
    if (!(op.operation.responses as JsonObject)[String(status)])
      return [`status ${status} is not documented`];
    const content = this.responseContent(op, status);
    if (!content.schema) return [];
    const at = [
      'paths',
      op.template,
      op.method,
      'responses',
      String(status),
      'content',
      'application/json',
      'schema',
    ];
    return this.errors(this.validator(`res ${status} ${op.method} ${op.template}`, pointer(at)), body);
  }

  /** A deep copy of the documented example answer (the first one, or the one named). */
  example(op: MatchedOperation, status: number, name?: string): JsonObject | JsonObject[] {
    const examples = this.responseContent(op, status).examples as JsonObject | undefined;
    if (!examples) throw new Error(`no example for ${op.method} ${op.template} ${status}`);
    const chosen = this.resolve(examples[name ?? Object.keys(examples)[0]!] as Json);
    return structuredClone(chosen.value) as JsonObject | JsonObject[];
  }
}
