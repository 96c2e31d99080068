// Pruning of unknown fields, as the API server does it for custom resources before it stores them: a field the
// schema does not describe is dropped, unless its object has `x-kubernetes-preserve-unknown-fields: true`.
// `apiVersion`, `kind` and `metadata` are always kept at the root and in embedded resources; within
// `metadata`, only the fields of ObjectMeta survive.
import { asSchema, isObject, type JsonObject } from './json-value.js';
import type { JSONSchemaProps } from './types.js';

const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const TYPE_META_FIELDS = new Set(['apiVersion', 'kind']);

/** Drops every field of `metadata` that ObjectMeta does not have. */
export function pruneObjectMeta(metadata: unknown): void {
  if (!isObject(metadata)) return;
  for (const key of Object.keys(metadata)) {
    if (!OBJECT_META_FIELDS.has(key)) delete metadata[key];
  }
}

/** Prunes `value` in place against `schema`. `isRoot` marks the top-level object of a custom resource. */
export function prune(value: unknown, schema: JSONSchemaProps | undefined, isRoot = false): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    for (const item of value) prune(item, items);
    return;
  }
  if (!isObject(value)) return;
  pruneObject(value, schema, isRoot || schema['x-kubernetes-embedded-resource'] === true);
}

function pruneObject(value: JsonObject, schema: JSONSchemaProps, keepTypeAndMeta: boolean): void {
  const properties = schema.properties ?? {};
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  for (const key of Object.keys(value)) {
    if (keepTypeAndMeta && key === 'metadata') {
      pruneObjectMeta(value[key]);
      continue;
    }
    if (keepTypeAndMeta && TYPE_META_FIELDS.has(key)) continue;
    if (Object.prototype.hasOwnProperty.call(properties, key)) {
      prune(value[key], properties[key]);
    } else if (isObject(additional)) {
      prune(value[key], additional);
    } else if (additional === true || preserve) {
      continue;
    } else {
      delete value[key];
    }
  }
}
