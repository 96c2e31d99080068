import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { compileCrdSchemas, type JSONSchemaProps, type StatusCause } from './index.js';

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

function crdWith(
  spec: JSONSchemaProps,
  extra: Record<string, JSONSchemaProps> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec,
                ...extra,
              },
            },
          },
        },
      ],
    },
  };
}

describe('admit prunes unknown fields', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['unknown fields of a described object are dropped', { name: 'a', surprise: 1 }, { name: 'a' }],
    [
      'unknown fields inside list items are dropped',
      { name: 'a', headers: [{ name: 'h', extra: true }] },
      { name: 'a', headers: [{ name: 'h' }] },
    ],
    [
      'preserve-unknown-fields keeps unknown fields but prunes known ones below',
      { name: 'a', free: { known: 1, anything: { deep: [1, 2] } } },
      { name: 'a', free: { known: 1, anything: { deep: [1, 2] } } },
    ],
    [
      'map values keep every key',
      { name: 'a', labels: { x: 'y', z: 'w' } },
      { name: 'a', labels: { x: 'y', z: 'w' } },
    ],
    [
      'an embedded resource keeps apiVersion, kind and metadata',
      {
        name: 'a',
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', junk: 1 }, spec: { x: 1 } },
      },
      { name: 'a', template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 } } },
    ],
  ])('%s', (_name, spec, pruned) => {
    const result = admitSpec(spec);
    expect(result.causes).toEqual([]);
    expect(result.object.spec).toEqual(pruned);
  });

  it('keeps apiVersion, kind and ObjectMeta fields at the root and drops the rest', () => {
    const result = widgets.admit(
      'v1',
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', labels: { a: 'b' }, finalizers: ['f'], bogus: 1 },
        spec: { name: 'a' },
        status: { ready: true },
        extra: 1,
      },
      undefined,
    );
    expect(result.object).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', labels: { a: 'b' }, finalizers: ['f'] },
      spec: { name: 'a' },
    });
  });

  it('never changes the object it was given', () => {
    const input = { metadata: { name: 'w' }, spec: { name: 'a', surprise: 1 } };
    widgets.admit('v1', input, undefined);
    expect(input.spec.surprise).toBe(1);
  });
});

describe('admit applies defaults like the API server', () => {
  const defaulted = compileCrdSchemas(
    crdWith({
      type: 'object',
      properties: {
        mode: { type: 'string', default: 'Fast' },
        timeout: { type: 'integer', default: 30 },
        nested: {
          type: 'object',
          properties: {
            inner: { type: 'integer', default: 7 },
            deeper: { type: 'object', properties: { leaf: { type: 'string', default: 'x' } } },
          },
        },
        withDefault: { type: 'object', default: {}, properties: { inner: { type: 'integer', default: 1 } } },
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, weight: { type: 'integer', default: 1 } },
          },
        },
        byName: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } },
        },
        notNull: { type: 'string' },
        nullWithDefault: { type: 'string', default: 'd' },
        canBeNull: { type: 'string', nullable: true },
      },
    }),
  );
  const admitDefaults = (spec: unknown): unknown =>
    defaulted.admit('v1', { metadata: { name: 'w' }, spec }, undefined).object.spec;

  it.each<[string, unknown, unknown]>([
    [
      'absent fields get their default',
      {},
      { mode: 'Fast', timeout: 30, withDefault: { inner: 1 }, nullWithDefault: 'd' },
    ],
    [
      'present fields keep their value',
      { mode: 'Slow', timeout: 5 },
      { mode: 'Slow', timeout: 5, withDefault: { inner: 1 }, nullWithDefault: 'd' },
    ],
    [
      'a default inside an absent object is not applied',
      {},
      { mode: 'Fast', timeout: 30, withDefault: { inner: 1 }, nullWithDefault: 'd' },
    ],
    [
      'defaults apply inside an object that is present, at every depth present',
      { nested: { deeper: {} } },
      {
        mode: 'Fast',
        timeout: 30,
        withDefault: { inner: 1 },
        nullWithDefault: 'd',
        nested: { inner: 7, deeper: { leaf: 'x' } },
      },
    ],
    [
      'defaults apply inside array items',
      { items: [{ name: 'a' }, { name: 'b', weight: 5 }] },
      {
        mode: 'Fast',
        timeout: 30,
        withDefault: { inner: 1 },
        nullWithDefault: 'd',
        items: [
          { name: 'a', weight: 1 },
          { name: 'b', weight: 5 },
        ],
      },
    ],
    [
      'defaults apply inside map values',
      { byName: { a: {}, b: { on: false } } },
      {
        mode: 'Fast',
        timeout: 30,
        withDefault: { inner: 1 },
        nullWithDefault: 'd',
        byName: { a: { on: true }, b: { on: false } },
      },
    ],
    [
      'null without nullable is removed, or replaced by the default',
      { notNull: null, nullWithDefault: null, canBeNull: null },
      { mode: 'Fast', timeout: 30, withDefault: { inner: 1 }, nullWithDefault: 'd', canBeNull: null },
    ],
  ])('%s', (_name, spec, expected) => {
    expect(admitDefaults(spec)).toEqual(expected);
  });
});

describe('admit on update ratchets errors in unchanged fields', () => {
  const old = { metadata: { name: 'w' }, spec: { name: 'ABC', replicas: 500 } };

  it('lets invalid fields the update did not touch stand', () => {
    const result = widgets.admit('v1', { ...old, metadata: { name: 'w', labels: { a: 'b' } } }, old);
    expect(result.causes).toEqual([]);
  });

  it('reports invalid fields the update changed', () => {
    const result = widgets.admit('v1', { ...old, spec: { name: 'ABC', replicas: 501 } }, old);
    expect(result.causes.map((c) => c.field)).toEqual(['spec.replicas']);
  });

  it('reports everything on create', () => {
    expect(widgets.admit('v1', old, undefined).causes.map((c) => c.field)).toEqual([
      'spec.name',
      'spec.replicas',
    ]);
  });
});
