// The checks the API server makes on a CRD schema before it accepts the CRD: the schema must be structural
// (every node typed, objects described by properties or additionalProperties but not both, arrays by one items
// schema), must not use constructs Kubernetes forbids, and list-type annotations must be coherent. Paths are
// written like the server writes them: `...openAPIV3Schema.properties[spec].items.type`.
import { forbidden, invalid, notSupported, required } from './field-errors.js';
import { asSchema, isObject } from './json-value.js';
import type { JSONSchemaProps, StatusCause } from './types.js';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const LIST_TYPES = ['atomic', 'map', 'set'];
const MAP_TYPES = ['atomic', 'granular'];
const SCALAR_TYPES = new Set(['boolean', 'integer', 'number', 'string']);

interface Context {
  readonly causes: StatusCause[];
  /** Under a node whose unknown fields are preserved and which has no type: anything goes below. */
  readonly insideValueValidation: boolean;
}

/** Returns the causes that make `schema` unacceptable; empty when the schema is structural and supported. */
export function structuralProblems(schema: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!isObject(schema)) {
    causes.push(required(path, 'schemas are required'));
    return causes;
  }
  const shape = shapeProblems(schema, path);
  if (shape.length > 0) return shape;
  const root = schema as JSONSchemaProps;
  if (root.type !== 'object') {
    causes.push(
      root.type === undefined
        ? required(`${path}.type`, 'must not be empty at the root')
        : notSupported(`${path}.type`, root.type, ['object']),
    );
  }
  if (root.nullable) causes.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  checkRootMetadata(root, path, causes);
  checkNode(root, path, { causes, insideValueValidation: false });
  return causes;
}

function checkRootMetadata(root: JSONSchemaProps, path: string, causes: StatusCause[]): void {
  const metadata = root.properties?.metadata;
  if (!isObject(metadata)) return;
  const allowed = new Set(['type', 'properties', 'description']);
  const extra = Object.keys(metadata).filter((k) => !allowed.has(k));
  const props = Object.keys(metadata.properties ?? {}).filter((k) => k !== 'name' && k !== 'generateName');
  if (extra.length > 0 || props.length > 0 || (metadata.type !== undefined && metadata.type !== 'object')) {
    causes.push(
      forbidden(
        `${path}.properties[metadata]`,
        'must not specify anything other than name and generateName, but metadata is implicitly specified',
      ),
    );
  }
}

const STRING_KEYWORDS = [
  'type',
  'format',
  'pattern',
  'description',
  'title',
  '$ref',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
];
const BOOLEAN_KEYWORDS = [
  'nullable',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'uniqueItems',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'multipleOf'];
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'];

/** Keyword values of the wrong JSON type (a CRD written by hand can hold anything). */
function shapeProblems(node: Record<string, unknown>, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const bad = (key: string, expected: string): void => {
    out.push(invalid(`${path}.${key}`, node[key], `must be ${expected}`));
  };
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined) continue;
    if (STRING_KEYWORDS.includes(key) && typeof value !== 'string') bad(key, 'a string');
    else if (BOOLEAN_KEYWORDS.includes(key) && typeof value !== 'boolean') bad(key, 'a boolean');
    else if (NUMBER_KEYWORDS.includes(key) && (typeof value !== 'number' || !Number.isFinite(value)))
      bad(key, 'a number');
    else if (
      COUNT_KEYWORDS.includes(key) &&
      (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    ) {
      bad(key, 'a non-negative integer');
    } else if ((key === 'required' || key === 'x-kubernetes-list-map-keys') && !isStringList(value)) {
      bad(key, 'a list of strings');
    } else if (key === 'enum' && !Array.isArray(value)) bad(key, 'a list');
    else if (key === 'properties' && (!isObject(value) || !Object.values(value).every(isObject))) {
      bad(key, 'a map of schemas');
    } else if (key === 'additionalProperties' && typeof value !== 'boolean' && !isObject(value)) {
      bad(key, 'a schema or a boolean');
    } else if ((key === 'items' || key === 'not') && !isObject(value) && !Array.isArray(value))
      bad(key, 'a schema');
    else if (SCHEMA_LIST_KEYWORDS.includes(key) && (!Array.isArray(value) || !value.every(isObject))) {
      bad(key, 'a list of schemas');
    } else if (key === 'x-kubernetes-validations' && (!Array.isArray(value) || !value.every(isObject))) {
      bad(key, 'a list of rules');
    }
  }
  return out;
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function checkNode(schemaNode: JSONSchemaProps, path: string, ctx: Context): void {
  const { causes } = ctx;
  const raw: unknown = schemaNode;
  if (!isObject(raw)) {
    causes.push(invalid(path, raw, 'must be a schema object'));
    return;
  }
  const shape = shapeProblems(raw, path);
  if (shape.length > 0) {
    causes.push(...shape);
    return;
  }
  const node = schemaNode;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.$ref !== undefined) causes.push(forbidden(`${path}.$ref`, '$ref is not supported'));
  if (node.type === undefined) {
    if (!intOrString && !preserve && !ctx.insideValueValidation) {
      causes.push(required(`${path}.type`, 'must not be empty for specified fields'));
    }
  } else if (!TYPES.includes(node.type)) {
    causes.push(notSupported(`${path}.type`, node.type, TYPES));
  } else if (intOrString) {
    causes.push(invalid(`${path}.type`, node.type, 'must be empty if x-kubernetes-int-or-string is true'));
  }
  if (node.uniqueItems === true) {
    causes.push(
      forbidden(
        `${path}.uniqueItems`,
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  if (node.additionalProperties === false) {
    causes.push(forbidden(`${path}.additionalProperties`, 'additionalProperties cannot be set to false'));
  }
  if (
    node.properties !== undefined &&
    node.additionalProperties !== undefined &&
    node.additionalProperties !== false
  ) {
    causes.push(
      forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'),
    );
  }
  if (node.type === 'array' && node.items === undefined && !ctx.insideValueValidation) {
    causes.push(required(`${path}.items`, 'must be specified'));
  }
  if (Array.isArray(node.items)) {
    causes.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  }
  checkListType(node, path, causes);
  const mapType = node['x-kubernetes-map-type'];
  if (mapType !== undefined && !MAP_TYPES.includes(mapType)) {
    causes.push(notSupported(`${path}.x-kubernetes-map-type`, mapType, MAP_TYPES));
  }
  if (node.pattern !== undefined) {
    try {
      new RegExp(node.pattern, 'u');
    } catch (e) {
      causes.push(
        invalid(
          `${path}.pattern`,
          node.pattern,
          `must be a valid regular expression: ${(e as Error).message}`,
        ),
      );
    }
  }

  for (const [name, child] of Object.entries(node.properties ?? {})) {
    checkNode(child, `${path}.properties[${name}]`, ctx);
  }
  const additional = asSchema(node.additionalProperties);
  if (additional) checkNode(additional, `${path}.additionalProperties`, ctx);
  const items = asSchema(node.items);
  if (items) checkNode(items, `${path}.items`, ctx);
  const inner: Context = { causes, insideValueValidation: true };
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    (node[key] ?? []).forEach((s, i) => checkNode(s, `${path}.${key}[${i}]`, inner));
  }
  if (node.not !== undefined) checkNode(node.not, `${path}.not`, inner);
}

function checkListType(node: JSONSchemaProps, path: string, causes: StatusCause[]): void {
  const listType = node['x-kubernetes-list-type'];
  const keys = node['x-kubernetes-list-map-keys'];
  if (listType !== undefined) {
    if (!LIST_TYPES.includes(listType)) {
      causes.push(notSupported(`${path}.x-kubernetes-list-type`, listType, LIST_TYPES));
    } else if (node.type !== 'array') {
      causes.push(invalid(`${path}.x-kubernetes-list-type`, listType, 'must only be used on type array'));
    }
  }
  if (keys !== undefined && listType !== 'map') {
    causes.push(
      forbidden(`${path}.x-kubernetes-list-map-keys`, 'must only be used with x-kubernetes-list-type: map'),
    );
  }
  const items = asSchema(node.items);
  if (listType === 'set' && items && items.type !== undefined && !SCALAR_TYPES.has(items.type)) {
    if (!(items.type === 'object' && items['x-kubernetes-map-type'] === 'atomic')) {
      causes.push(
        invalid(
          `${path}.items.type`,
          items.type,
          'must only use scalar or atomic items with x-kubernetes-list-type: set',
        ),
      );
    }
  }
  if (listType !== 'map') return;
  if (!Array.isArray(keys) || keys.length === 0) {
    causes.push(
      required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'),
    );
    return;
  }
  if (!items || items.type !== 'object') {
    causes.push(
      invalid(`${path}.items.type`, items?.type ?? '', 'must be object if x-kubernetes-list-type is map'),
    );
    return;
  }
  keys.forEach((key, i) => {
    const keySchema = items.properties?.[key];
    if (!keySchema) {
      causes.push(
        invalid(
          `${path}.x-kubernetes-list-map-keys[${i}]`,
          key,
          'entries must all be names of item properties',
        ),
      );
    } else if (keySchema.type === undefined || !SCALAR_TYPES.has(keySchema.type)) {
      causes.push(
        invalid(
          `${path}.items.properties[${key}].type`,
          keySchema.type ?? '',
          'must be a scalar type if used as list map key',
        ),
      );
    } else if (!(items.required ?? []).includes(key) && keySchema.default === undefined) {
      causes.push(
        required(`${path}.items.properties[${key}]`, 'all map keys must be required or have a default value'),
      );
    }
  });
}
