// Checks the schema does not express: ObjectMeta's own shape at the root, and the type fields an embedded
// resource (`x-kubernetes-embedded-resource: true`) must carry.
import { formatPath, jsonTypeName, required, typeInvalid, type PathSegment } from './field-errors.js';
import { asSchema, isObject } from './json-value.js';
import type { LocatedCause } from './openapi-validator.js';
import type { JSONSchemaProps } from './types.js';

function mustBe(field: string, value: unknown, type: string, at: PathSegment[]): LocatedCause {
  const actual = jsonTypeName(value);
  return { cause: typeInvalid(field, actual, `${field} in body must be of type ${type}: "${actual}"`), at };
}

/** Problems with `metadata` that would keep ObjectMeta from decoding. */
export function objectMetaProblems(metadata: unknown, prefix: PathSegment[]): LocatedCause[] {
  const at: PathSegment[] = [...prefix, { child: 'metadata' }];
  const name = formatPath(at);
  if (metadata === undefined || metadata === null) return [];
  if (!isObject(metadata)) return [mustBe(name, metadata, 'object', at)];
  const out: LocatedCause[] = [];
  for (const field of ['labels', 'annotations'] as const) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) out.push(mustBe(`${name}.${field}`, map, 'object', at));
    else {
      for (const [k, v] of Object.entries(map)) {
        if (typeof v !== 'string') out.push(mustBe(`${name}.${field}.${k}`, v, 'string', at));
      }
    }
  }
  const finalizers = metadata.finalizers;
  if (finalizers !== undefined && finalizers !== null) {
    if (!Array.isArray(finalizers)) out.push(mustBe(`${name}.finalizers`, finalizers, 'array', at));
    else if (finalizers.some((f) => typeof f !== 'string'))
      out.push(mustBe(`${name}.finalizers`, finalizers, 'array of strings', at));
  }
  for (const field of ['name', 'generateName', 'namespace'] as const) {
    const v = metadata[field];
    if (v !== undefined && v !== null && typeof v !== 'string')
      out.push(mustBe(`${name}.${field}`, v, 'string', at));
  }
  return out;
}

/** apiVersion and kind of every embedded resource, and the ObjectMeta of each. */
export function embeddedResourceProblems(
  value: unknown,
  schema: JSONSchemaProps | undefined,
): LocatedCause[] {
  const out: LocatedCause[] = [];
  walk(value, schema, [], out, true);
  return out;
}

function walk(
  value: unknown,
  schema: JSONSchemaProps | undefined,
  at: PathSegment[],
  out: LocatedCause[],
  root: boolean,
): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    value.forEach((v, i) => walk(v, items, [...at, { index: i }], out, false));
    return;
  }
  if (!isObject(value)) return;
  if (!root && schema['x-kubernetes-embedded-resource'] === true) {
    for (const field of ['apiVersion', 'kind'] as const) {
      if (typeof value[field] !== 'string' || value[field] === '') {
        out.push({ cause: required(formatPath([...at, { child: field }]), 'must not be empty'), at });
      }
    }
    out.push(...objectMetaProblems(value.metadata, at));
  }
  for (const [k, v] of Object.entries(value)) {
    if (root && k === 'metadata') continue;
    const prop = schema.properties && Object.hasOwn(schema.properties, k) ? schema.properties[k] : undefined;
    if (prop) walk(v, prop, [...at, { child: k }], out, false);
    else {
      const additional = asSchema(schema.additionalProperties);
      if (additional) walk(v, additional, [...at, { child: k }], out, false);
    }
  }
}
