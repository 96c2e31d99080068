import { describe, expect, it } from 'vitest';
import { CrdDefinitionError, compileCrdSchemas, type StatusCause } from './index.js';

const ROOT = 'spec.versions[0].schema.openAPIV3Schema';

function crdWithSchema(openAPIV3Schema: unknown): Record<string, unknown> {
  return {
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Thing', plural: 'things' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }],
    },
  };
}

function withSpec(spec: unknown): Record<string, unknown> {
  return crdWithSchema({ type: 'object', properties: { spec } });
}

function causesOf(crd: Record<string, unknown>): StatusCause[] {
  try {
    compileCrdSchemas(crd);
  } catch (e) {
    if (e instanceof CrdDefinitionError) return [...e.causes];
    throw e;
  }
  return [];
}

describe('compileCrdSchemas refuses what the API server refuses', () => {
  it.each<[string, Record<string, unknown>, Partial<StatusCause>]>([
    ['a version without a schema', crdWithSchema(undefined), { field: ROOT, reason: 'FieldValueRequired' }],
    [
      'a root that is not an object',
      crdWithSchema({ type: 'string' }),
      { field: `${ROOT}.type`, reason: 'FieldValueNotSupported' },
    ],
    [
      'a field without a type',
      withSpec({ type: 'object', properties: { x: {} } }),
      { field: `${ROOT}.properties[spec].properties[x].type`, reason: 'FieldValueRequired' },
    ],
    [
      'properties together with additionalProperties',
      withSpec({
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: { type: 'string' },
      }),
      { field: `${ROOT}.properties[spec].additionalProperties`, reason: 'FieldValueForbidden' },
    ],
    [
      'uniqueItems: true',
      withSpec({ type: 'array', uniqueItems: true, items: { type: 'string' } }),
      { field: `${ROOT}.properties[spec].uniqueItems`, reason: 'FieldValueForbidden' },
    ],
    [
      'an array without items',
      withSpec({ type: 'array' }),
      { field: `${ROOT}.properties[spec].items`, reason: 'FieldValueRequired' },
    ],
    [
      'a $ref',
      withSpec({ $ref: '#/definitions/x', type: 'object' }),
      { field: `${ROOT}.properties[spec].$ref` },
    ],
    [
      'int-or-string with a type',
      withSpec({ type: 'string', 'x-kubernetes-int-or-string': true }),
      { field: `${ROOT}.properties[spec].type`, reason: 'FieldValueInvalid' },
    ],
    [
      'a list-type map without keys',
      withSpec({ type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object' } }),
      { field: `${ROOT}.properties[spec].x-kubernetes-list-map-keys`, reason: 'FieldValueRequired' },
    ],
    [
      'a list map key that is neither required nor defaulted',
      withSpec({
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', properties: { name: { type: 'string' } } },
      }),
      { field: `${ROOT}.properties[spec].items.properties[name]`, reason: 'FieldValueRequired' },
    ],
    [
      'metadata restricted beyond name and generateName',
      crdWithSchema({
        type: 'object',
        properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
      }),
      { field: `${ROOT}.properties[metadata]`, reason: 'FieldValueForbidden' },
    ],
    [
      'a pattern that is not a regular expression',
      withSpec({ type: 'string', pattern: '([a-z' }),
      { field: `${ROOT}.properties[spec].pattern`, reason: 'FieldValueInvalid' },
    ],
    [
      'a default with a field the schema would prune',
      withSpec({ type: 'object', default: { extra: 1 }, properties: { a: { type: 'string' } } }),
      { field: `${ROOT}.properties[spec].default`, reason: 'FieldValueInvalid' },
    ],
    [
      'a default of the wrong type',
      withSpec({ type: 'object', properties: { n: { type: 'integer', default: 'ten' } } }),
      { field: `${ROOT}.properties[spec].properties[n].default`, reason: 'FieldValueTypeInvalid' },
    ],
    [
      'a rule that does not compile',
      withSpec({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a ==' }] }),
      { field: `${ROOT}.properties[spec].x-kubernetes-validations[0].rule`, reason: 'FieldValueInvalid' },
    ],
    [
      'an empty rule',
      withSpec({ type: 'object', 'x-kubernetes-validations': [{ rule: ' ' }] }),
      { field: `${ROOT}.properties[spec].x-kubernetes-validations[0].rule`, reason: 'FieldValueRequired' },
    ],
    [
      'a messageExpression that does not compile',
      withSpec({
        type: 'object',
        'x-kubernetes-validations': [{ rule: 'true', messageExpression: "'a' +" }],
      }),
      {
        field: `${ROOT}.properties[spec].x-kubernetes-validations[0].messageExpression`,
        reason: 'FieldValueInvalid',
      },
    ],
    [
      'an unknown reason',
      withSpec({ type: 'object', 'x-kubernetes-validations': [{ rule: 'true', reason: 'FieldValueWrong' }] }),
      {
        field: `${ROOT}.properties[spec].x-kubernetes-validations[0].reason`,
        reason: 'FieldValueNotSupported',
      },
    ],
    [
      'a fieldPath to a field that does not exist',
      withSpec({
        type: 'object',
        properties: { a: { type: 'string' } },
        'x-kubernetes-validations': [{ rule: 'true', fieldPath: '.b' }],
      }),
      {
        field: `${ROOT}.properties[spec].x-kubernetes-validations[0].fieldPath`,
        reason: 'FieldValueInvalid',
      },
    ],
    [
      'a keyword of the wrong JSON type',
      withSpec({ type: 'object', required: 'a' }),
      { field: `${ROOT}.properties[spec].required`, reason: 'FieldValueInvalid' },
    ],
    [
      'properties that are not schemas',
      withSpec({ type: 'object', properties: { a: 'string' } }),
      { field: `${ROOT}.properties[spec].properties`, reason: 'FieldValueInvalid' },
    ],
  ])('refuses %s', (_name, crd, expected) => {
    const causes = causesOf(crd);
    expect(causes).toContainEqual(expect.objectContaining(expected));
  });

  it.each<[string, unknown]>([
    ['no spec', { metadata: { name: 'x' } }],
    ['a spec that is a string', { spec: 'x' }],
    ['versions that are not a list', { spec: { group: 'g', names: { kind: 'K' }, versions: 'v1' } }],
    ['a version without a name', { spec: { group: 'g', names: { kind: 'K' }, versions: [{}] } }],
    ['null', null],
  ])('throws CrdDefinitionError, not a TypeError, for %s', (_name, crd) => {
    expect(() => compileCrdSchemas(crd as Record<string, unknown>)).toThrow(CrdDefinitionError);
  });

  it('names the CRD and every cause in the error message', () => {
    let error: CrdDefinitionError | undefined;
    try {
      compileCrdSchemas(withSpec({ type: 'object', properties: { x: {}, y: { type: 'array' } } }));
    } catch (e) {
      error = e as CrdDefinitionError;
    }
    expect(error?.message).toBe(
      `CustomResourceDefinition.apiextensions.k8s.io "things.example.com" is invalid: [${ROOT}.properties[spec].properties[x].type: Required value: must not be empty for specified fields, ${ROOT}.properties[spec].properties[y].items: Required value: must be specified]`,
    );
  });

  it('compiles only served versions', () => {
    const crd = crdWithSchema({ type: 'object' });
    const spec = crd.spec as { versions: unknown[] };
    spec.versions.push({ name: 'v0', served: false, schema: { openAPIV3Schema: { type: 'string' } } });
    expect(compileCrdSchemas(crd).versions).toEqual(['v1']);
  });
});
