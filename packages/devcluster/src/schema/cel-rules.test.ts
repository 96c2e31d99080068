import { describe, expect, it } from 'vitest';
import { causesOf, compileSpec, withRules } from './cel-test-crd.js';
import type { StatusCause, ValidationRule } from './index.js';

const portRule: ValidationRule = {
  rule: 'has(self.port) != has(self.portName)',
  message: "must define either the 'portName' or the 'port'",
};

describe('x-kubernetes-validations with self', () => {
  it.each<[string, ValidationRule, Record<string, unknown>, StatusCause[]]>([
    ['a passing rule adds no cause', portRule, { port: 80 }, []],
    [
      'a failing rule reports its message at the node, with the schema type as the value',
      portRule,
      { port: 80, portName: 'http' },
      [
        {
          reason: 'FieldValueInvalid',
          message: "Invalid value: \"object\": must define either the 'portName' or the 'port'",
          field: 'spec.target',
        },
      ],
    ],
    [
      'a rule without a message reports "failed rule"',
      { rule: 'self.port > 1024' },
      { port: 80 },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "object": failed rule: self.port > 1024',
          field: 'spec.target',
        },
      ],
    ],
    [
      'messageExpression builds the message from self',
      { rule: 'self.port > 1024', messageExpression: "'port ' + string(self.port) + ' is privileged'" },
      { port: 80 },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "object": port 80 is privileged',
          field: 'spec.target',
        },
      ],
    ],
    [
      'a messageExpression that fails falls back to the message',
      { rule: 'self.port > 1024', message: 'too low', messageExpression: 'self.missing' },
      { port: 80 },
      [{ reason: 'FieldValueInvalid', message: 'Invalid value: "object": too low', field: 'spec.target' }],
    ],
    [
      'fieldPath moves the cause to the named field',
      { ...portRule, fieldPath: '.portName' },
      { port: 80, portName: 'http' },
      [
        {
          reason: 'FieldValueInvalid',
          message: "Invalid value: \"object\": must define either the 'portName' or the 'port'",
          field: 'spec.target.portName',
        },
      ],
    ],
    [
      'fieldPath into a map names the key in brackets',
      { rule: "!('bad' in self.labels)", message: 'no', fieldPath: ".labels['bad']" },
      { labels: { bad: 'x' } },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "object": no',
          field: 'spec.target.labels[bad]',
        },
      ],
    ],
    [
      'reason FieldValueForbidden is "Forbidden"',
      { rule: '!has(self.service)', message: 'service is managed', reason: 'FieldValueForbidden' },
      { service: 's' },
      [{ reason: 'FieldValueForbidden', message: 'Forbidden: service is managed', field: 'spec.target' }],
    ],
    [
      'reason FieldValueRequired is "Required value"',
      { rule: 'has(self.service)', message: 'a service is needed', reason: 'FieldValueRequired' },
      {},
      [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: a service is needed',
          field: 'spec.target',
        },
      ],
    ],
    [
      'reason FieldValueDuplicate is "Duplicate value"',
      { rule: 'false', message: 'dup', reason: 'FieldValueDuplicate' },
      {},
      [{ reason: 'FieldValueDuplicate', message: 'Duplicate value: "object"', field: 'spec.target' }],
    ],
    [
      'a missing field at run time is a cause, not a crash',
      { rule: 'self.port > 0' },
      {},
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "object": field not found: port evaluating rule: self.port > 0',
          field: 'spec.target',
        },
      ],
    ],
    [
      'a type mismatch at run time names the overload problem',
      { rule: 'self.service + 1 == 2' },
      { service: 's' },
      [
        {
          reason: 'FieldValueInvalid',
          message:
            "Invalid value: \"object\": 'found no matching overload for '_+_' applied to '(string, int)'': call arguments did not match a supported operator, function or macro signature for rule: self.service + 1 == 2",
          field: 'spec.target',
        },
      ],
    ],
    ['integers are CEL ints', { rule: 'self.port + 1 == 81' }, { port: 80 }, []],
    ['numbers are CEL doubles', { rule: 'self.weight + 0.5 == 2.0' }, { weight: 1.5 }, []],
    [
      'a dashed property is reached by its escaped name',
      { rule: "self.x__dash__name == 'a'" },
      { 'x-name': 'a' },
      [],
    ],
    [
      'size, all and exists work on lists',
      { rule: "size(self.tags) == 2 && self.tags.all(t, t != '') && self.tags.exists(t, t == 'b')" },
      { tags: ['a', 'b'] },
      [],
    ],
    [
      'exists_one, map and filter work on lists',
      {
        rule: "self.tags.exists_one(t, t == 'a') && self.tags.map(t, t + '!')[0] == 'a!' && self.tags.filter(t, t == 'b').size() == 1",
      },
      { tags: ['a', 'b'] },
      [],
    ],
    [
      'string functions work',
      {
        rule: "self.service.startsWith('web') && self.service.matches('^[a-z-]+$') && self.service.upperAscii() == 'WEB-X' && self.service.split('-')[1] == 'x'",
      },
      { service: 'web-x' },
      [],
    ],
    [
      'map values are reached by key',
      { rule: "self.labels['team'] == 'a' && 'team' in self.labels" },
      { labels: { team: 'a' } },
      [],
    ],
    [
      'date-time strings are timestamps',
      { rule: 'self.end > self.start' },
      { start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z' },
      [],
    ],
    ['duration strings are durations', { rule: "self.every >= duration('1m')" }, { every: '90s' }, []],
    ['int-or-string can be an int', { rule: 'type(self.size) == int && self.size > 1' }, { size: 5 }, []],
    [
      'int-or-string can be a string',
      { rule: "type(self.size) == string && self.size.endsWith('%')" },
      { size: '50%' },
      [],
    ],
    [
      'the Kubernetes list library is there',
      {
        rule: 'self.numbers.isSorted() && self.numbers.sum() == 6 && self.numbers.min() == 1 && self.numbers.max() == 3 && self.numbers.indexOf(2) == 1',
      },
      { numbers: [1, 2, 3] },
      [],
    ],
  ])('%s', (_name, rule, target, causes) => {
    expect(causesOf(withRules([rule]), target)).toEqual(causes);
  });

  it('evaluates rules on list items with the item index in the path', () => {
    const compiled = compileSpec({
      type: 'object',
      properties: {
        target: {
          type: 'object',
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'string',
                'x-kubernetes-validations': [{ rule: "self != 'bad'", message: 'bad item' }],
              },
            },
          },
        },
      },
    });
    expect(causesOf(compiled, { items: ['ok', 'bad'] })).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "string": bad item',
        field: 'spec.target.items[1]',
      },
    ]);
  });

  it('evaluates rules on map values with the key in brackets', () => {
    const compiled = compileSpec({
      type: 'object',
      properties: {
        target: {
          type: 'object',
          properties: {
            limits: {
              type: 'object',
              additionalProperties: {
                type: 'integer',
                'x-kubernetes-validations': [{ rule: 'self >= 0', message: 'negative' }],
              },
            },
          },
        },
      },
    });
    expect(causesOf(compiled, { limits: { cpu: 1, mem: -1 } })).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "integer": negative',
        field: 'spec.target.limits[mem]',
      },
    ]);
  });

  it('evaluates a rule on the root with metadata.name in reach', () => {
    const compiled = withRules([]);
    const result = compiled.admit('v1', { metadata: { name: 'forbidden-1' }, spec: {} }, undefined);
    expect(result.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "object": that name is reserved',
        field: '<nil>',
      },
    ]);
  });

  it('skips the rules, saying so, while the object fails its schema', () => {
    expect(causesOf(withRules([portRule]), { port: 'eighty', portName: 'http' })).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "string": spec.target.port in body must be of type integer: "string"',
        field: 'spec.target.port',
      },
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
        field: '<nil>',
      },
    ]);
  });
});
