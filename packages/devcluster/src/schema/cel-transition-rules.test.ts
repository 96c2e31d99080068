// Transition rules (oldSelf) and ratcheting of rules on unchanged values.
import { describe, expect, it } from 'vitest';
import { causesOf, compileSpec, withRules } from './cel-test-crd.js';
import type { StatusCause, ValidationRule } from './index.js';

describe('transition rules with oldSelf', () => {
  const immutable: ValidationRule = {
    rule: 'self.service == oldSelf.service',
    message: 'service is immutable',
  };
  const compiled = withRules([immutable]);

  it.each<[string, unknown, unknown, StatusCause[]]>([
    ['are skipped on create', { service: 'a' }, undefined, []],
    ['pass when the update keeps the value', { service: 'a', port: 2 }, { service: 'a', port: 1 }, []],
    [
      'fail when the update changes the value',
      { service: 'b' },
      { service: 'a' },
      [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "object": service is immutable',
          field: 'spec.target',
        },
      ],
    ],
    ['are skipped when the node is new in this update', { service: 'b' }, 'absent', []],
  ])('%s', (_name, target, old, causes) => {
    if (old === 'absent') {
      const result = compiled.admit(
        'v1',
        { metadata: { name: 'g' }, spec: { target } },
        { metadata: { name: 'g' }, spec: {} },
      );
      expect(result.causes).toEqual(causes);
    } else {
      expect(causesOf(compiled, target, old)).toEqual(causes);
    }
  });

  it('correlates list-type map items by key', () => {
    const listCompiled = compileSpec({
      type: 'object',
      properties: {
        target: {
          type: 'object',
          properties: {
            entries: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              items: {
                type: 'object',
                required: ['name'],
                'x-kubernetes-validations': [
                  { rule: 'self.value >= oldSelf.value', message: 'may only grow' },
                ],
                properties: { name: { type: 'string' }, value: { type: 'integer' } },
              },
            },
          },
        },
      },
    });
    const old = {
      entries: [
        { name: 'a', value: 5 },
        { name: 'b', value: 5 },
      ],
    };
    const next = {
      entries: [
        { name: 'b', value: 4 },
        { name: 'a', value: 6 },
        { name: 'c', value: 0 },
      ],
    };
    expect(causesOf(listCompiled, next, old)).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "object": may only grow',
        field: 'spec.target.entries[0]',
      },
    ]);
  });

  it('ratchets a failing rule without oldSelf on an unchanged value', () => {
    const ratcheting = withRules([{ rule: 'self.port > 1024', message: 'too low' }]);
    expect(causesOf(ratcheting, { port: 80 }, { port: 80 })).toEqual([]);
    expect(causesOf(ratcheting, { port: 81 }, { port: 80 })).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: "object": too low', field: 'spec.target' },
    ]);
  });
});
