import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { compileCrdSchemas, type StatusCause } from './index.js';

const widgets = compileCrdSchemas(
  YAML.parse(readFileSync(new URL('./testdata/widgets-crd.yaml', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >,
);

function admitSpec(spec: unknown): { object: Record<string, unknown>; causes: StatusCause[] } {
  return widgets.admit(
    'v1',
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec },
    undefined,
  );
}

describe('admit validates against the schema and words causes like the API server', () => {
  it.each<[string, Record<string, unknown>, StatusCause[]]>([
    ['a valid object has no causes', { name: 'abc', replicas: 3, mode: 'Fast', port: 'http' }, []],
    [
      'a missing required field is "Required value"',
      {},
      [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.name' }],
    ],
    [
      'a wrong type names the expected and the actual type',
      { name: 'abc', replicas: 'three' },
      [
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"',
          field: 'spec.replicas',
        },
      ],
    ],
    [
      'a fraction is not an integer',
      { name: 'abc', replicas: 1.5 },
      [
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "number": spec.replicas in body must be of type integer: "number"',
          field: 'spec.replicas',
        },
      ],
    ],
    [
      'an enum lists the supported values',
      { name: 'abc', mode: 'Medium' },
      [
        {
          reason: 'FieldValueNotSupported',
          message: 'Unsupported value: "Medium": supported values: "Fast", "Slow"',
          field: 'spec.mode',
        },
      ],
    ],
    [
      'maxLength is "Too long" and hides the other string checks',
      { name: 'abcdefghijkl1' },
      [
        {
          reason: 'FieldValueTooLong',
          message: 'Too long: may not be more than 10 bytes',
          field: 'spec.name',
        },
      ],
    ],
    [
      'minLength reports the length in chars',
      { name: '' },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "": spec.name in body should be at least 1 chars long',
          field: 'spec.name',
        },
      ],
    ],
    [
      'a pattern mismatch quotes the pattern',
      { name: 'ABC' },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "ABC": spec.name in body should match \'^[a-z]+$\'',
          field: 'spec.name',
        },
      ],
    ],
    [
      'maximum is inclusive',
      { name: 'a', replicas: 101 },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 101: spec.replicas in body should be less than or equal to 100',
          field: 'spec.replicas',
        },
      ],
    ],
    [
      'an exclusive minimum rejects the bound itself',
      { name: 'a', ratio: 0 },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0: spec.ratio in body should be greater than 0',
          field: 'spec.ratio',
        },
      ],
    ],
    [
      'maxItems is "Too many" with the count',
      { name: 'a', tags: ['x', 'y', 'z'] },
      [
        {
          reason: 'FieldValueTooMany',
          message: 'Too many: 3: must have at most 2 items',
          field: 'spec.tags',
        },
      ],
    ],
    [
      'minItems reports the count',
      { name: 'a', tags: [] },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0: spec.tags in body should have at least 1 items',
          field: 'spec.tags',
        },
      ],
    ],
    [
      'array items are addressed by index',
      { name: 'a', tags: [1] },
      [
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"',
          field: 'spec.tags[0]',
        },
      ],
    ],
    [
      'map values are addressed with a dot',
      { name: 'a', labels: { team: 5 } },
      [
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "integer": spec.labels.team in body must be of type string: "integer"',
          field: 'spec.labels.team',
        },
      ],
    ],
    ['int-or-string accepts an integer', { name: 'a', port: 8080 }, []],
    [
      'int-or-string rejects a boolean',
      { name: 'a', port: true },
      [
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
          field: 'spec.port',
        },
      ],
    ],
    ['a nullable field accepts null', { name: 'a', nickname: null }, []],
    [
      'a format the server checks rejects a bad value',
      { name: 'a', uid: 'not-a-uuid' },
      [
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "not-a-uuid": spec.uid in body must be of type uuid: "not-a-uuid"',
          field: 'spec.uid',
        },
      ],
    ],
    [
      'date-time must be RFC 3339',
      { name: 'a', when: 'yesterday' },
      [
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
          field: 'spec.when',
        },
      ],
    ],
    [
      'valid date-time, duration and byte values pass',
      { name: 'a', when: '2024-05-01T10:00:00Z', every: '1m30s', blob: 'aGk=' },
      [],
    ],
    [
      'byte must be base64',
      { name: 'a', blob: '%%%' },
      [
        {
          reason: 'FieldValueTypeInvalid',
          message: 'Invalid value: "%%%": spec.blob in body must be of type byte: "%%%"',
          field: 'spec.blob',
        },
      ],
    ],
    ['a format the server does not know is ignored', { name: 'a', custom: 'anything' }, []],
    [
      'int32 values out of range fail the way kube-openapi reports them',
      { name: 'a', replicas: 2 ** 31 },
      [
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: "": Checked value must be of type integer with format int32 in spec.replicas',
          field: '<nil>',
        },
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 2147483648: spec.replicas in body should be less than or equal to 100',
          field: 'spec.replicas',
        },
      ],
    ],
    [
      'a duplicate key in a list-type map is a "Duplicate value" at its index',
      { name: 'a', headers: [{ name: 'x' }, { name: 'y' }, { name: 'x', value: '1' }] },
      [
        {
          reason: 'FieldValueDuplicate',
          message: 'Duplicate value: map[string]interface {}{"name":"x"}',
          field: 'spec.headers[2]',
        },
      ],
    ],
    [
      'a duplicate item in a list-type set is a "Duplicate value"',
      { name: 'a', zones: ['a', 'b', 'a'] },
      [{ reason: 'FieldValueDuplicate', message: 'Duplicate value: "a"', field: 'spec.zones[2]' }],
    ],
    [
      'an embedded resource needs apiVersion and kind',
      { name: 'a', template: { metadata: { name: 'x' } } },
      [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: must not be empty',
          field: 'spec.template.apiVersion',
        },
        {
          reason: 'FieldValueRequired',
          message: 'Required value: must not be empty',
          field: 'spec.template.kind',
        },
      ],
    ],
  ])('%s', (_name, spec, causes) => {
    expect(admitSpec(spec).causes).toEqual(causes);
  });

  it('reports a root that is not an object instead of throwing', () => {
    expect(widgets.admit('v1', 'text', undefined).causes).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "string": body must be of type object: "string"',
        field: '',
      },
    ]);
  });

  it('reports an unknown version as an unsupported apiVersion', () => {
    expect(widgets.admit('v9', { spec: { name: 'a' } }, undefined).causes).toEqual([
      {
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "example.com/v9": supported values: "example.com/v1"',
        field: 'apiVersion',
      },
    ]);
  });

  it('reports metadata that could not be ObjectMeta', () => {
    const result = widgets.admit(
      'v1',
      { metadata: { name: 'w', labels: { a: 1 } }, spec: { name: 'a' } },
      undefined,
    );
    expect(result.causes).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "integer": metadata.labels.a in body must be of type string: "integer"',
        field: 'metadata.labels.a',
      },
    ]);
  });
});
