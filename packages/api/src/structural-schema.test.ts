import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './errors.js';
import { toStructuralSchema } from './structural-schema.js';

describe('toStructuralSchema', () => {
  it('marks 32-bit integers with format int32 and drops the implied bounds', () => {
    expect(toStructuralSchema(z.object({ n: z.int32() }))).toEqual({
      type: 'object',
      properties: { n: { type: 'integer', format: 'int32' } },
      required: ['n'],
    });
  });

  it('keeps explicit integer bounds and marks other integers as int64', () => {
    expect(toStructuralSchema(z.object({ n: z.int().min(3).optional() }))).toEqual({
      type: 'object',
      properties: { n: { type: 'integer', format: 'int64', minimum: 3 } },
    });
  });

  it('turns a literal into a one-value enum', () => {
    expect(toStructuralSchema(z.literal('x'))).toEqual({ type: 'string', enum: ['x'] });
  });

  it('writes a string map without propertyNames', () => {
    expect(toStructuralSchema(z.record(z.string(), z.string()))).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
  });

  it('leaves defaults out of required and keeps them as defaults', () => {
    expect(toStructuralSchema(z.object({ a: z.string().default('x') }))).toEqual({
      type: 'object',
      properties: { a: { type: 'string', default: 'x' } },
    });
  });

  it('sorts properties and keywords so the output does not depend on declaration order', () => {
    const schema = toStructuralSchema(z.object({ b: z.string(), a: z.string() }).meta({ description: 'd' }));
    expect(Object.keys(schema)).toEqual(['description', 'properties', 'required', 'type']);
    expect(Object.keys(schema.properties as object)).toEqual(['a', 'b']);
    expect(schema.required).toEqual(['a', 'b']);
  });

  it.each([
    ['a union', z.object({ u: z.union([z.string(), z.number()]) }), '.u: every node needs a single type'],
    ['a nullable field', z.object({ n: z.string().nullable() }), '.n: every node needs a single type'],
    ['an untyped field', z.object({ any: z.unknown() }), '.any: every node needs a single type'],
    [
      'a keyword Kubernetes does not know',
      z.object({ s: z.string().meta({ examples: ['a'] }) }),
      '.s: "examples" has no place in a structural Kubernetes schema',
    ],
    ['a tuple', z.object({ t: z.tuple([z.string()]) }), '.t[]: expected a schema object, got false'],
  ])('rejects %s, which has no structural form', (_name, schema, message) => {
    expect(() => toStructuralSchema(schema)).toThrow(ApiError);
    expect(() => toStructuralSchema(schema)).toThrow(message);
  });
});
