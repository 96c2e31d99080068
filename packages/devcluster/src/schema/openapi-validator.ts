// Validation of a custom resource against its structural schema with ajv, reported as the API server reports it:
// ajv's errors are worded the way kube-openapi words them and turned into field errors the way
// apiextensions-apiserver does (json-schema-conversion.ts translates the schema first).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { stringFormatCheck } from './formats.js';
import { isObject } from './json-value.js';
import { convert, convertRoot, ORIGINAL_FORMAT, ORIGINAL_TYPE, RANGE } from './json-schema-conversion.js';
import {
  invalid,
  jsonTypeName,
  notSupported,
  required,
  tooLong,
  tooMany,
  typeInvalid,
  type PathSegment,
} from './field-errors.js';
import type { JSONSchemaProps, StatusCause } from './types.js';

/** A cause plus where it points in the object, for ratcheting: the node whose value decides it. */
export interface LocatedCause {
  cause: StatusCause;
  /** Path to the node the error is about; undefined when it cannot be located (never ratcheted). */
  at: PathSegment[] | undefined;
}

type Json = Record<string, unknown>;

/** An ajv instance set up for CRD schemas; one can compile many schemas. */
export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    ownProperties: true,
    unicodeRegExp: true,
  });
  ajv.addKeyword({
    keyword: RANGE,
    type: 'number',
    schemaType: 'object',
    errors: false,
    validate: (range: { limit: number }, data: number) => data >= -range.limit && data < range.limit,
  });
  return ajv;
}

/**
 * Compiles the validator for a schema: a version's root schema, or (with isRoot false) any node of one.
 * Throws what ajv throws for a schema it cannot compile.
 */
export function compileOpenApiValidator(
  schema: JSONSchemaProps,
  options: { isRoot?: boolean; ajv?: Ajv; pathPrefix?: string } = {},
): (value: unknown) => LocatedCause[] {
  const formats = new Set<string>();
  const jsonSchema = options.isRoot === false ? convert(schema, formats) : convertRoot(schema, formats);
  const ajv = options.ajv ?? createAjv();
  for (const format of formats) {
    if (ajv.formats[format] === undefined) {
      ajv.addFormat(format, {
        type: 'string',
        validate: stringFormatCheck(format) as (text: string) => boolean,
      });
    }
  }
  const validate: ValidateFunction = ajv.compile(jsonSchema);
  return (value) => {
    if (validate(value)) return [];
    return translate(validate.errors ?? [], value, options.pathPrefix ?? '');
  };
}

function segmentsOf(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const name = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      segments.push({ index: Number(name) });
      current = current[Number(name)];
    } else {
      segments.push({ child: name });
      current = isObject(current) ? current[name] : undefined;
    }
  }
  return segments;
}

function joinName(prefix: string, name: string): string {
  if (prefix === '') return name;
  return name === '' || name.startsWith('[') ? `${prefix}${name}` : `${prefix}.${name}`;
}

function openApiName(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if ('index' in s) out += `[${s.index}]`;
    else out += out === '' ? ('child' in s ? s.child : s.key) : `.${'child' in s ? s.child : s.key}`;
  }
  return out;
}

function quoted(value: unknown): string {
  return JSON.stringify(typeof value === 'string' ? value : String(value));
}

// kube-openapi checks a string's maxLength, then minLength, then pattern, and reports only the first failure.
const STRING_CHECKS = ['maxLength', 'minLength', 'pattern'];

function firstStringFailures(errors: ErrorObject[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const keyword of STRING_CHECKS) {
    for (const e of errors) {
      if (e.keyword === keyword && !first.has(e.instancePath)) first.set(e.instancePath, keyword);
    }
  }
  return first;
}

/** ajv runs custom keywords last; kube-openapi reports a value's format range first. */
function rangeFirst(errors: ErrorObject[]): ErrorObject[] {
  const first = new Map<string, number>();
  errors.forEach((e, i) => {
    if (!first.has(e.instancePath)) first.set(e.instancePath, i);
  });
  const rank = (e: ErrorObject): number => (e.keyword === RANGE ? 0 : 1);
  return errors
    .map((error, index) => ({ error, index }))
    .sort(
      (a, b) =>
        (first.get(a.error.instancePath) ?? 0) - (first.get(b.error.instancePath) ?? 0) ||
        rank(a.error) - rank(b.error) ||
        a.index - b.index,
    )
    .map((x) => x.error);
}

function translate(errors: ErrorObject[], root: unknown, prefix: string): LocatedCause[] {
  const out: LocatedCause[] = [];
  const stringFailure = firstStringFailures(errors);
  for (const error of rangeFirst(errors)) {
    if (STRING_CHECKS.includes(error.keyword) && stringFailure.get(error.instancePath) !== error.keyword)
      continue;
    if (/\/(anyOf|oneOf)\/\d+\//.test(`${error.schemaPath}/`) || /\/not\//.test(`${error.schemaPath}/`))
      continue;
    const at = segmentsOf(error.instancePath, root);
    const name = joinName(prefix, openApiName(at));
    const field = name === '' ? '<nil>' : name;
    const data: unknown = error.data;
    const parent = (error.parentSchema ?? {}) as Json;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'if':
        continue;
      case 'required': {
        const child = String(params.missingProperty);
        out.push({ cause: required(joinName(prefix, openApiName([...at, { child }]))), at });
        break;
      }
      case 'type': {
        const expected = String(parent[ORIGINAL_TYPE] ?? params.type);
        const actual = jsonTypeName(data);
        out.push({
          cause: typeInvalid(field, actual, `${name} in body must be of type ${expected}: ${quoted(actual)}`),
          at,
        });
        break;
      }
      case 'enum': {
        const allowed = (error.schema as unknown[]).map((v) =>
          typeof v === 'string' ? v : JSON.stringify(v),
        );
        out.push({ cause: notSupported(field, data, allowed), at });
        break;
      }
      case 'maxLength':
        out.push({ cause: tooLong(field, Number(params.limit)), at });
        break;
      case 'minLength':
        out.push({
          cause: invalid(
            field,
            data,
            `${name} in body should be at least ${String(params.limit)} chars long`,
          ),
          at,
        });
        break;
      case 'pattern':
        out.push({
          cause: invalid(field, data, `${name} in body should match '${String(params.pattern)}'`),
          at,
        });
        break;
      case 'minimum':
      case 'exclusiveMinimum':
      case 'maximum':
      case 'exclusiveMaximum': {
        const word = error.keyword.toLowerCase().includes('min') ? 'greater' : 'less';
        const orEqual = error.keyword.startsWith('exclusive') ? '' : ' or equal to';
        out.push({
          cause: invalid(
            field,
            data,
            `${name} in body should be ${word} than${orEqual} ${String(params.limit)}`,
          ),
          at,
        });
        break;
      }
      case 'multipleOf':
        out.push({
          cause: invalid(field, data, `${name} in body should be a multiple of ${String(params.multipleOf)}`),
          at,
        });
        break;
      case 'minItems':
        out.push({
          cause: invalid(
            field,
            (data as unknown[]).length,
            `${name} in body should have at least ${String(params.limit)} items`,
          ),
          at,
        });
        break;
      case 'maxItems':
        out.push({ cause: tooMany(field, (data as unknown[]).length, Number(params.limit)), at });
        break;
      case 'minProperties':
        out.push({
          cause: invalid(
            field,
            Object.keys(data as object).length,
            `${name} in body should have at least ${String(params.limit)} properties`,
          ),
          at,
        });
        break;
      case 'maxProperties':
        out.push({ cause: tooMany(field, Object.keys(data as object).length, Number(params.limit)), at });
        break;
      case 'format': {
        const format = String(parent[ORIGINAL_FORMAT] ?? params.format);
        out.push({
          cause: typeInvalid(field, data, `${name} in body must be of type ${format}: ${quoted(data)}`),
          at,
        });
        break;
      }
      case RANGE: {
        const range = parent[RANGE] as { type: string; format: string };
        const detail = `Checked value must be of type ${range.type} with format ${range.format} in ${name}`;
        out.push({ cause: invalid('<nil>', '', detail), at });
        break;
      }
      case 'anyOf':
        out.push({ cause: invalid('<nil>', '', `${name} must validate at least one schema (anyOf)`), at });
        break;
      case 'oneOf': {
        const passing = params.passingSchemas ?? null;
        const found = Array.isArray(passing)
          ? `Found ${passing.length} valid alternatives`
          : 'Found none valid';
        out.push({
          cause: invalid('<nil>', '', `${name} must validate one and only one schema (oneOf). ${found}`),
          at,
        });
        break;
      }
      case 'not':
        out.push({ cause: invalid('<nil>', '', `${name} must not validate the schema (not)`), at });
        break;
      default:
        out.push({ cause: invalid(field, data, `${name} in body ${error.message ?? 'is invalid'}`), at });
    }
  }
  return out;
}
