// Structural defaulting, as the API server applies `default`s to custom resources: a property that is absent
// (or null without `nullable: true`) takes a deep copy of its default, and defaulting continues inside the
// result, inside existing objects, array items and map values. A default deeper down in an absent object is
// not applied: the absent parent is only created when it has a default itself. A null property without a
// default and without `nullable: true` is removed.
import { asSchema, cloneJson, isObject, setOwn } from './json-value.js';
import type { JSONSchemaProps } from './types.js';

function nonNullableNull(value: unknown, schema: JSONSchemaProps | undefined): boolean {
  return value === null && schema !== undefined && schema.nullable !== true;
}

/** Applies defaults in place. `isRoot` keeps `metadata` out of it, as the server does. */
export function applyDefaults(value: unknown, schema: JSONSchemaProps | undefined, isRoot = false): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    value.forEach((item, i) => {
      if (nonNullableNull(item, items) && items?.default !== undefined) value[i] = cloneJson(items.default);
      applyDefaults(value[i], items);
    });
    return;
  }
  if (!isObject(value)) return;
  const skipMeta = isRoot || schema['x-kubernetes-embedded-resource'] === true;
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (skipMeta && name === 'metadata') continue;
    const present = Object.prototype.hasOwnProperty.call(value, name);
    if (prop.default !== undefined && (!present || nonNullableNull(value[name], prop))) {
      setOwn(value, name, cloneJson(prop.default));
    } else if (present && nonNullableNull(value[name], prop)) {
      delete value[name];
    }
  }
  const additional = asSchema(schema.additionalProperties);
  for (const key of Object.keys(value)) {
    if (skipMeta && key === 'metadata') continue;
    const prop = schema.properties?.[key];
    if (prop !== undefined && Object.prototype.hasOwnProperty.call(schema.properties, key)) {
      applyDefaults(value[key], prop);
    } else if (additional !== undefined) {
      if (nonNullableNull(value[key], additional) && additional.default !== undefined) {
        value[key] = cloneJson(additional.default);
      }
      applyDefaults(value[key], additional);
    }
  }
}
