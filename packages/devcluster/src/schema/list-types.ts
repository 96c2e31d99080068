// Uniqueness of `x-kubernetes-list-type: set` items and of `map` items' keys (x-kubernetes-list-map-keys), checked
// over the whole object the way apiextensions-apiserver's structurallisttype does: every repeat after the
// first is a "Duplicate value" at its index.
import { duplicate, formatPath, type PathSegment } from './field-errors.js';
import { asSchema, isObject } from './json-value.js';
import type { LocatedCause } from './openapi-validator.js';
import type { JSONSchemaProps } from './types.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function listTypeProblems(value: unknown, schema: JSONSchemaProps | undefined): LocatedCause[] {
  const out: LocatedCause[] = [];
  walk(value, schema, [], out);
  return out;
}

function walk(
  value: unknown,
  schema: JSONSchemaProps | undefined,
  at: PathSegment[],
  out: LocatedCause[],
): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    checkList(value, schema, at, out);
    value.forEach((item, i) => walk(item, items, [...at, { index: i }], out));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const prop =
      schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (prop) walk(child, prop, [...at, { child: key }], out);
    else {
      const additional = asSchema(schema.additionalProperties);
      if (additional) walk(child, additional, [...at, { key }], out);
    }
  }
}

function checkList(list: unknown[], schema: JSONSchemaProps, at: PathSegment[], out: LocatedCause[]): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType !== 'set' && listType !== 'map') return;
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    let identity: unknown = item;
    if (listType === 'map') {
      if (!isObject(item)) return;
      identity = Object.fromEntries(keys.filter((k) => Object.hasOwn(item, k)).map((k) => [k, item[k]]));
    }
    const text = canonical(identity);
    if (seen.has(text)) {
      const where = [...at, { index: i }];
      out.push({ cause: duplicate(formatPath(where), identity), at: where });
    }
    seen.add(text);
  });
}
