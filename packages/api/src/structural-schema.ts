// Converts a zod schema into a Kubernetes structural OpenAPI v3 schema: zod's JSON Schema output, minus what
// Kubernetes rejects or ignores ($schema, propertyNames, additionalProperties: false, const), with integer
// formats restored and keys sorted so that the generated YAML is stable.
import { z } from 'zod';
import { ApiError, ApiErrorCode } from './errors.js';

export type JsonSchemaNode = { [key: string]: unknown };

const INT_FORMAT_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-2147483648, 2147483647],
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Keywords a structural schema may carry; anything else produced by zod is a mistake in our schemas. */
const ALLOWED = new Set([
  'type',
  'description',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'default',
  'enum',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-preserve-unknown-fields',
]);

export function toStructuralSchema(schema: z.ZodType): JsonSchemaNode {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'throw',
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; format?: string } } })._zod.def;
      if (def.type === 'number' && def.format !== undefined) markIntegerFormat(ctx.jsonSchema, def.format);
    },
  }) as JsonSchemaNode;
  delete json.$schema;
  return normalise(json, '');
}

function markIntegerFormat(node: JsonSchemaNode, format: string): void {
  const bounds = INT_FORMAT_BOUNDS[format];
  if (bounds === undefined) return;
  if (node.minimum === bounds[0]) delete node.minimum;
  if (node.maximum === bounds[1]) delete node.maximum;
  node.format = format === 'int32' ? 'int32' : 'int64';
}

function normalise(node: unknown, at: string): JsonSchemaNode {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw new ApiError(
      ApiErrorCode.UnsupportedSchema,
      `${at || '<root>'}: expected a schema object, got ${JSON.stringify(node)}`,
    );
  }
  const out: JsonSchemaNode = {};
  if ('const' in node) out.enum = [node.const];
  for (const key of Object.keys(node).sort()) {
    const value = (node as JsonSchemaNode)[key];
    switch (key) {
      case 'const':
      case 'propertyNames':
        break;
      case 'properties': {
        const props = value as Record<string, unknown>;
        const sorted: Record<string, JsonSchemaNode> = {};
        for (const name of Object.keys(props).sort()) sorted[name] = normalise(props[name], `${at}.${name}`);
        out.properties = sorted;
        break;
      }
      case 'required':
        out.required = [...(value as string[])].sort();
        break;
      case 'items':
        out.items = normalise(value, `${at}[]`);
        break;
      case 'additionalProperties':
        if (value !== false) out.additionalProperties = normalise(value, `${at}{}`);
        break;
      default:
        if (!ALLOWED.has(key)) {
          throw new ApiError(
            ApiErrorCode.UnsupportedSchema,
            `${at || '<root>'}: "${key}" has no place in a structural Kubernetes schema`,
          );
        }
        out[key] = value;
    }
  }
  if (typeof out.type !== 'string' && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    throw new ApiError(ApiErrorCode.UnsupportedSchema, `${at || '<root>'}: every node needs a single type`);
  }
  return sortKeys(out);
}

function sortKeys(node: JsonSchemaNode): JsonSchemaNode {
  const sorted: JsonSchemaNode = {};
  for (const key of Object.keys(node).sort()) sorted[key] = node[key];
  return sorted;
}
