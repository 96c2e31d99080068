// compileCrdSchemas: everything the API server prepares when a CRD is registered (structural checks, the ajv
// validator, compiled CEL rules), and `admit`, the per-request pipeline: prune → default → validate (schema,
// list types, embedded resources) → ratchet unchanged fields on update → CEL rules.
import { compileRules, evaluateRules, type CompiledRules } from './cel-rules.js';
import { defaultProblems } from './default-checks.js';
import { applyDefaults } from './defaults.js';
import { embeddedResourceProblems, objectMetaProblems } from './embedded-resources.js';
import { CrdDefinitionError } from './errors.js';
import {
  invalid,
  jsonTypeName,
  notSupported,
  required,
  typeInvalid,
  type PathSegment,
} from './field-errors.js';
import { asSchema, cloneJson, deepEqual, isObject, type JsonObject } from './json-value.js';
import { listTypeProblems } from './list-types.js';
import { compileOpenApiValidator, createAjv, type LocatedCause } from './openapi-validator.js';
import { prune } from './prune.js';
import { structuralProblems } from './structural.js';
import type {
  AdmitResult,
  CompiledCrd,
  CustomResourceDefinition,
  JSONSchemaProps,
  StatusCause,
} from './types.js';

interface CompiledVersion {
  readonly schema: JSONSchemaProps;
  readonly validate: (value: unknown) => LocatedCause[];
  readonly rules: CompiledRules;
  readonly hasRules: boolean;
}

const BLOCKING = new Set([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

const UNCHECKED_RULES =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

function compileVersion(raw: unknown, path: string, causes: StatusCause[]): CompiledVersion | undefined {
  // A private copy: the compiled rules are keyed by schema node, so later edits to the CRD must not reach them.
  const schema = cloneJson(raw) as JSONSchemaProps;
  const problems = structuralProblems(schema, path);
  if (problems.length > 0) {
    causes.push(...problems);
    return undefined;
  }
  const ajv = createAjv();
  causes.push(...defaultProblems(schema, path, ajv));
  let validate: (value: unknown) => LocatedCause[];
  try {
    validate = compileOpenApiValidator(schema, { ajv });
  } catch (e) {
    causes.push(invalid(path, '', `the schema cannot be compiled: ${(e as Error).message}`));
    return undefined;
  }
  const rules = compileRules(schema, path, causes);
  return { schema, validate, rules, hasRules: rules.withRules.has(schema) };
}

/**
 * Compiles the schema of every served version of `crd`. Throws CrdDefinitionError, with causes naming the
 * paths, when the API server would refuse the CRD.
 */
export function compileCrdSchemas(
  crd: CustomResourceDefinition | Readonly<Record<string, unknown>>,
): CompiledCrd {
  const metadata = isObject(crd) ? crd.metadata : undefined;
  const name = isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : '';
  const spec = (crd as { spec?: unknown })?.spec;
  if (!isObject(spec)) throw new CrdDefinitionError(name, [required('spec', '')]);
  const group = typeof spec.group === 'string' ? spec.group : '';
  const kind = isObject(spec.names) && typeof spec.names.kind === 'string' ? spec.names.kind : '';
  const causes: StatusCause[] = [];
  if (group === '') causes.push(required('spec.group', ''));
  if (kind === '') causes.push(required('spec.names.kind', ''));
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) causes.push(required('spec.versions', ''));
  const versions = new Map<string, CompiledVersion>();
  (Array.isArray(spec.versions) ? (spec.versions as unknown[]) : []).forEach((v, i) => {
    if (!isObject(v) || typeof v.name !== 'string' || v.name === '') {
      causes.push(required(`spec.versions[${i}].name`, ''));
      return;
    }
    if (v.served === false) return;
    const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
    const compiled = compileVersion(schema, `spec.versions[${i}].schema.openAPIV3Schema`, causes);
    if (compiled) versions.set(v.name, compiled);
  });
  if (causes.length > 0) throw new CrdDefinitionError(name, causes);
  return {
    group,
    kind,
    versions: [...versions.keys()],
    admit: (version, obj, oldObj) => {
      try {
        return admit({ group, versions, version, obj, oldObj });
      } catch (e) {
        // A bug here must not take the API server down: answer as the real server answers its own failures.
        const message = `Internal error: ${e instanceof Error ? e.message : String(e)}`;
        return { object: {}, causes: [{ reason: 'InternalError', message, field: '<nil>' }] };
      }
    },
  };
}

function admit(options: {
  group: string;
  versions: Map<string, CompiledVersion>;
  version: string;
  obj: unknown;
  oldObj: unknown;
}): AdmitResult {
  const { group, versions, version } = options;
  const compiled = versions.get(version);
  if (!isObject(options.obj)) {
    const actual = jsonTypeName(options.obj);
    return { object: {}, causes: [typeInvalid('', actual, `body must be of type object: "${actual}"`)] };
  }
  const object = cloneJson(options.obj) as JsonObject;
  if (!compiled) {
    const supported = [...versions.keys()].map((v) => `${group}/${v}`);
    return { object, causes: [notSupported('apiVersion', `${group}/${version}`, supported)] };
  }
  const { schema } = compiled;
  prune(object, schema, true);
  applyDefaults(object, schema, true);
  let old: JsonObject | undefined;
  if (isObject(options.oldObj)) {
    old = cloneJson(options.oldObj) as JsonObject;
    prune(old, schema, true);
    applyDefaults(old, schema, true);
  }
  let located = [
    ...objectMetaProblems(object.metadata, []),
    ...compiled.validate(object),
    ...listTypeProblems(object, schema),
    ...embeddedResourceProblems(object, schema),
  ];
  if (old) {
    const previous = old;
    located = located.filter((c) => !ratcheted(c.at, object, previous, schema));
  }
  const causes = located.map((c) => c.cause);
  if (compiled.hasRules) {
    if (causes.some((c) => BLOCKING.has(c.reason))) causes.push(invalid('<nil>', 'null', UNCHECKED_RULES));
    else causes.push(...evaluateRules(compiled.rules, schema, object, old).map((c) => c.cause));
  }
  return { object, causes };
}

/**
 * True when the error at `at` is about a value the update did not change, so the server lets it stand
 * (CRD validation ratcheting). Values are correlated through object fields, map values and the items of
 * `x-kubernetes-list-type: map` lists; anything below another list cannot be correlated.
 */
function ratcheted(
  at: PathSegment[] | undefined,
  object: unknown,
  old: unknown,
  schema: JSONSchemaProps,
): boolean {
  if (at === undefined) return false;
  let current = object;
  let previous = old;
  let node: JSONSchemaProps | undefined = schema;
  for (const segment of at) {
    if (previous !== undefined && deepEqual(current, previous)) return true;
    if ('index' in segment) {
      const keys =
        node?.['x-kubernetes-list-type'] === 'map' ? node['x-kubernetes-list-map-keys'] : undefined;
      if (!keys || !Array.isArray(current) || !Array.isArray(previous)) return false;
      const item: unknown = current[segment.index];
      if (!isObject(item)) return false;
      previous = previous.find((o) => isObject(o) && keys.every((k) => deepEqual(o[k], item[k])));
      current = item;
      node = asSchema(node?.items);
    } else {
      const name = 'child' in segment ? segment.child : segment.key;
      current = isObject(current) ? current[name] : undefined;
      previous = isObject(previous) ? previous[name] : undefined;
      node =
        node?.properties && Object.hasOwn(node.properties, name)
          ? node.properties[name]
          : asSchema(node?.additionalProperties);
    }
  }
  return previous !== undefined && deepEqual(current, previous);
}
