// values.schema.json, checked as Helm checks it (ValidateAgainstSchema): a chart's coalesced values
// against its schema, then each subchart's part of them against the subchart's schema. Loaded only
// when a chart has a schema (this module pulls in Ajv).
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  type GoMap,
  type GoValue,
  getEntryProvenance,
  goString,
  isString,
  type Provenance,
  TypedInt,
} from '../gotemplate/values.js';
import type { Chart } from './chart.js';

export interface SchemaViolation {
  /** Chart whose schema is violated. */
  readonly chart: string;
  readonly message: string;
  /** Where the offending value was set, when known. */
  readonly at?: Provenance;
  /** The schema file (absolute), for a fallback location. */
  readonly schemaPath?: string;
}

export function validateValues(chart: Chart, values: GoMap): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  walk(chart, values, out);
  return out;
}

function walk(c: Chart, values: GoMap, out: SchemaViolation[]): void {
  if (c.schema !== undefined) {
    let schema: unknown;
    try {
      schema = JSON.parse(c.schema);
    } catch (e) {
      out.push({
        chart: c.metadata.name,
        message: `values.schema.json is not JSON: ${(e as Error).message}`,
      });
      schema = undefined;
    }
    if (schema && typeof schema === 'object') {
      const draft2020 = String((schema as { $schema?: unknown }).$schema ?? '').includes('2020-12');
      const ajv = draft2020
        ? new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
        : new Ajv({ allErrors: true, strict: false, validateFormats: false });
      try {
        const validate = ajv.compile(schema as object);
        if (!validate(toPlain(values))) {
          for (const e of validate.errors ?? []) {
            const path = e.instancePath
              .split('/')
              .slice(1)
              .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
            const at = provenanceAt(values, path);
            out.push({
              chart: c.metadata.name,
              message: `at '${e.instancePath || '/'}': ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
              ...(at ? { at } : {}),
            });
          }
        }
      } catch (e) {
        out.push({
          chart: c.metadata.name,
          message: `values.schema.json cannot be compiled: ${(e as Error).message}`,
        });
      }
    }
  }
  for (const d of c.dependencies) {
    const sub = values.get(d.metadata.name);
    if (sub instanceof Map) walk(d, sub, out);
  }
}

function provenanceAt(values: GoMap, path: readonly string[]): Provenance | undefined {
  let cur: GoValue = values;
  let found: Provenance | undefined;
  for (const key of path) {
    if (cur instanceof Map) {
      found = getEntryProvenance(cur, key) ?? found;
      cur = cur.get(key) ?? null;
    } else if (Array.isArray(cur)) {
      const i = Number(key);
      found = getEntryProvenance(cur, i) ?? found;
      cur = cur[i] ?? null;
    } else break;
  }
  return found;
}

function toPlain(v: GoValue): unknown {
  if (v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof TypedInt) return Number(v.value);
  if (isString(v)) return goString(v);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[k] = toPlain(x);
    return o;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (typeof v === 'object') return {};
  return v;
}
