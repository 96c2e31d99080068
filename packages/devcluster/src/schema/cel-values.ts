// JSON values as CEL sees them in a validation rule, typed by the schema the way Kubernetes types them:
// integer → int, number → double, string with format date-time / duration / byte → timestamp / duration /
// bytes, int-or-string → int or string, objects → maps whose property names are escaped like Kubernetes
// escapes them (`a-b` → `a__dash__b`), additionalProperties maps → maps keyed by the raw keys.
import { isCelError, type CelInput } from '@bufbuild/cel';
import { compileExpression, type CelProgram } from './cel-environment.js';
import { asSchema, isObject } from './json-value.js';
import type { JSONSchemaProps } from './types.js';

const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]); // prettier-ignore

const IDENTIFIER = /^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/;

/** The name a property has in CEL, or undefined when CEL cannot reach it. */
export function celPropertyName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!IDENTIFIER.test(name)) return undefined;
  return name
    .replaceAll('__', '__underscores__')
    .replaceAll('.', '__dot__')
    .replaceAll('-', '__dash__')
    .replaceAll('/', '__slash__');
}

const converters = new Map<string, CelProgram>();

/** Runs `fn(s)` with a program planned once, e.g. timestamp(s); keeps the string when it does not convert. */
function convertWith(fn: string, text: string): CelInput {
  let program = converters.get(fn);
  if (!program) {
    program = compileExpression(`${fn}(s)`).program;
    converters.set(fn, program);
  }
  const result = program({ s: text });
  return isCelError(result) || result instanceof Error ? text : result;
}

function convertString(text: string, format: string | undefined): CelInput {
  if (format === 'date-time' || format === 'datetime') return convertWith('timestamp', text);
  if (format === 'duration') return convertWith('duration', text);
  if (format === 'byte') return new Uint8Array(Buffer.from(text, 'base64'));
  return text;
}

/** Converts a value without a schema (inside preserved unknown fields): integral numbers become ints. */
function convertUntyped(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(convertUntyped);
  if (isObject(value)) return new Map(Object.entries(value).map(([k, v]) => [k, convertUntyped(v)]));
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  return value as CelInput;
}

/** Converts `value` to the CEL value a rule on a node with `schema` sees as `self`. */
export function toCel(value: unknown, schema: JSONSchemaProps | undefined, isRoot = false): CelInput {
  if (value === null || value === undefined) return null;
  if (schema === undefined) return convertUntyped(value);
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    return value.map((v) => toCel(v, items));
  }
  if (isObject(value)) {
    const inner = asSchema(schema.additionalProperties);
    if (inner) {
      return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v, inner)]));
    }
    const out = new Map<string, CelInput>();
    const properties = schema.properties ?? {};
    for (const [k, v] of Object.entries(value)) {
      if (isRoot && k === 'metadata' && isObject(v)) {
        const meta = new Map<string, CelInput>();
        if (typeof v.name === 'string') meta.set('name', v.name);
        if (typeof v.generateName === 'string') meta.set('generateName', v.generateName);
        out.set('metadata', meta);
        continue;
      }
      const name = celPropertyName(k);
      if (name === undefined) continue;
      out.set(name, Object.hasOwn(properties, k) ? toCel(v, properties[k]) : convertUntyped(v));
    }
    return out;
  }
  if (typeof value === 'number') {
    if (schema.type === 'number') return value;
    return Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string') return convertString(value, schema.format);
  return value as CelInput;
}
