// The Kubernetes dialect of OpenAPI v3 translated to the JSON Schema ajv validates: `nullable`,
// `x-kubernetes-int-or-string`, OpenAPI's boolean exclusiveMinimum/Maximum, and only the formats the server
// checks. The original type and format ride along under private keywords, so errors can be worded with them.
import { numberFormatLimit, stringFormatCheck } from './formats.js';
import { asSchema } from './json-value.js';
import type { JSONSchemaProps } from './types.js';

type Json = Record<string, unknown>;

export const ORIGINAL_TYPE = 'x-k8s-type';
export const ORIGINAL_FORMAT = 'x-k8s-format';
export const RANGE = 'x-k8s-range';

export function convert(node: JSONSchemaProps, formats: Set<string>): Json {
  const out: Json = {};
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  if (node.type !== undefined) out.type = node.type;
  else if (intOrString) out.type = ['integer', 'string'];
  out[ORIGINAL_TYPE] = intOrString ? 'integer,string' : node.type;
  for (const key of [
    'enum',
    'multipleOf',
    'minLength',
    'maxLength',
    'pattern',
    'minItems',
    'maxItems',
  ] as const) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  for (const key of ['minProperties', 'maxProperties', 'required'] as const) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  // kube-openapi checks the format's range before the bounds.
  const limit = numberFormatLimit(node.type, node.format);
  if (limit !== undefined) out[RANGE] = { limit, type: node.type, format: node.format };
  if (node.minimum !== undefined) out[node.exclusiveMinimum ? 'exclusiveMinimum' : 'minimum'] = node.minimum;
  if (node.maximum !== undefined) out[node.exclusiveMaximum ? 'exclusiveMaximum' : 'maximum'] = node.maximum;
  if (node.format !== undefined && (node.type === undefined || node.type === 'string')) {
    if (stringFormatCheck(node.format)) {
      out.format = node.format;
      out[ORIGINAL_FORMAT] = node.format;
      formats.add(node.format);
    }
  }
  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, convert(v, formats)]),
    );
  }
  const additional = asSchema(node.additionalProperties);
  if (additional) out.additionalProperties = convert(additional, formats);
  const items = asSchema(node.items);
  if (items) out.items = convert(items, formats);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (node[key]) out[key] = node[key].map((s) => convert(s, formats));
  }
  if (node.not) out.not = convert(node.not, formats);
  // kube-openapi skips every check of a null value when the schema is nullable.
  return node.nullable ? { if: { type: 'null' }, then: true, else: out } : out;
}

/** Converts the root schema; the root `metadata` is ObjectMeta, checked by the server, not by the schema. */
export function convertRoot(root: JSONSchemaProps, formats: Set<string>): Json {
  const properties = { ...(root.properties ?? {}) };
  const metadata = properties.metadata;
  if (metadata) properties.metadata = { type: 'object', properties: metadata.properties ?? {} };
  return convert({ ...root, properties }, formats);
}
