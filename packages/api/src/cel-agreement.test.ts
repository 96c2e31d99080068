// The CEL rules in the generated CRDs and the zod refinements are written separately; this test evaluates the
// CEL with a real CEL implementation on a table of objects and checks that both reject the same objects with
// the same path and message.
import { run, type CelInput } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { buildCrds, type CustomResourceDefinition } from './crds.js';
import type { JsonSchemaNode } from './structural-schema.js';
import { validateHTTPScaledObject, validateInterceptorRoute } from './validate.js';

const [hsoCrd, irCrd] = buildCrds() as [CustomResourceDefinition, CustomResourceDefinition];

function rootSchema(crd: CustomResourceDefinition): JsonSchemaNode {
  const v = crd.spec.versions[0];
  if (v === undefined) throw new Error('no version');
  return v.schema.openAPIV3Schema;
}

/** JSON as CEL sees it on the API server: objects are maps, integers are int (bigint here). */
function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'object' && value !== null) {
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value as CelInput;
}

/** Applies schema defaults the way the API server does before validation. */
function withDefaults(schema: JsonSchemaNode, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => withDefaults(schema.items as JsonSchemaNode, v));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchemaNode>)) {
    if (out[name] === undefined && child.default !== undefined) out[name] = child.default;
    if (out[name] !== undefined) out[name] = withDefaults(child, out[name]);
  }
  return out;
}

/** Evaluates every x-kubernetes-validations rule that applies to `value`, returning `path: message` failures. */
function celFailures(schema: JsonSchemaNode, value: unknown, path: string): string[] {
  if (value === undefined) return [];
  const failures: string[] = [];
  for (const { rule, message } of (schema['x-kubernetes-validations'] ?? []) as {
    rule: string;
    message: string;
  }[]) {
    const result = run(rule, { self: toCel(value) });
    if (typeof result !== 'boolean')
      throw new Error(`CEL rule ${rule} at ${path} did not give a bool`, { cause: result });
    if (!result) failures.push(`${path}: ${message}`);
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) =>
      failures.push(...celFailures(schema.items as JsonSchemaNode, v, `${path}[${i}]`)),
    );
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchemaNode>)) {
      const childValue = (value as Record<string, unknown>)[name];
      failures.push(...celFailures(child, childValue, path === '' ? name : `${path}.${name}`));
    }
  }
  return failures;
}

const metadata = { name: 'web', namespace: 'apps' };
const hso = (spec: Record<string, unknown>) => ({
  metadata,
  spec: { scaleTargetRef: { name: 'web', service: 'web', port: 80 }, ...spec },
});
const ir = (spec: Record<string, unknown>) => ({
  metadata,
  spec: { target: { service: 'web', port: 80 }, scalingMetric: { concurrency: {} }, ...spec },
});
const response = (r: Record<string, unknown>) => ({ staticRoutes: [{ rules: [{}], response: r }] });

const cases: [string, 'hso' | 'ir', Record<string, unknown>][] = [
  ['a plain HTTPScaledObject', 'hso', hso({})],
  [
    'an HTTPScaledObject with a named port',
    'hso',
    hso({ scaleTargetRef: { service: 'web', portName: 'http' } }),
  ],
  [
    'an HTTPScaledObject with both ports',
    'hso',
    hso({ scaleTargetRef: { service: 'web', port: 1, portName: 'h' } }),
  ],
  ['an HTTPScaledObject with neither port', 'hso', hso({ scaleTargetRef: { service: 'web' } })],
  [
    'an HTTPScaledObject with concurrency',
    'hso',
    hso({ scalingMetric: { concurrency: { targetValue: 5 } } }),
  ],
  ['an HTTPScaledObject with request rate', 'hso', hso({ scalingMetric: { requestRate: {} } })],
  ['an HTTPScaledObject with an empty scaling metric', 'hso', hso({ scalingMetric: {} })],
  [
    'an HTTPScaledObject with both metrics',
    'hso',
    hso({ scalingMetric: { concurrency: {}, requestRate: {} } }),
  ],
  ['a failover with a port', 'hso', hso({ coldStartTimeoutFailoverRef: { service: 'f', port: 8080 } })],
  ['a failover with neither port', 'hso', hso({ coldStartTimeoutFailoverRef: { service: 'f' } })],
  [
    'two broken rules at once',
    'hso',
    hso({
      scaleTargetRef: { service: 'web' },
      coldStartTimeoutFailoverRef: { service: 'f', port: 1, portName: 'x' },
    }),
  ],
  ['a plain InterceptorRoute', 'ir', ir({})],
  [
    'an InterceptorRoute with both metrics',
    'ir',
    ir({ scalingMetric: { concurrency: {}, requestRate: {} } }),
  ],
  ['an InterceptorRoute with no metric', 'ir', ir({ scalingMetric: {} })],
  [
    'an InterceptorRoute with both ports',
    'ir',
    ir({ target: { service: 'web', port: 80, portName: 'http' } }),
  ],
  ['an InterceptorRoute with neither port', 'ir', ir({ target: { service: 'web' } })],
  ['an empty coldStart', 'ir', ir({ coldStart: {} })],
  ['a fallback only', 'ir', ir({ coldStart: { fallback: { service: { name: 'f', portName: 'http' } } } })],
  ['a fallback with neither port', 'ir', ir({ coldStart: { fallback: { service: { name: 'f' } } } })],
  ['a placeholder only', 'ir', ir({ coldStart: { placeholder: { response: {} } } })],
  ['a static response with a body', 'ir', ir(response({ body: 'ok' }))],
  ['a static response with a ConfigMap body', 'ir', ir(response({ bodyFromConfigMap: { name: 'cm' } }))],
  [
    'a static response with both bodies',
    'ir',
    ir(response({ body: 'ok', bodyFromConfigMap: { name: 'cm' } })),
  ],
  [
    'a placeholder with both bodies',
    'ir',
    ir({ coldStart: { placeholder: { response: { body: 'x', bodyFromConfigMap: { name: 'cm' } } } } }),
  ],
];

describe('CEL rules and zod refinements', () => {
  it.each(cases)('agree on %s', (_name, kind, object) => {
    const schema = rootSchema(kind === 'hso' ? hsoCrd : irCrd);
    const cel = celFailures(schema, withDefaults(schema, object), '').sort();
    const result = kind === 'hso' ? validateHTTPScaledObject(object) : validateInterceptorRoute(object);
    const zod = (result.ok ? [] : result.issues.map((i) => i.message)).sort();
    expect(cel).toEqual(zod);
  });

  it('are exercised by both valid and invalid objects', () => {
    const outcomes = cases.map(([, kind, object]) =>
      kind === 'hso' ? validateHTTPScaledObject(object).ok : validateInterceptorRoute(object).ok,
    );
    expect(outcomes.filter((ok) => ok).length).toBeGreaterThan(5);
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(5);
  });

  it('covers every rule in both CRDs', () => {
    const messages = new Set<string>();
    for (const crd of [hsoCrd, irCrd]) {
      const walk = (node: JsonSchemaNode): void => {
        for (const r of (node['x-kubernetes-validations'] ?? []) as { message: string }[])
          messages.add(r.message);
        for (const child of Object.values((node.properties ?? {}) as Record<string, JsonSchemaNode>))
          walk(child);
        if (node.items !== undefined) walk(node.items as JsonSchemaNode);
      };
      walk(rootSchema(crd));
    }
    const rejected = new Set<string>();
    for (const [, kind, object] of cases) {
      const result = kind === 'hso' ? validateHTTPScaledObject(object) : validateInterceptorRoute(object);
      if (!result.ok) for (const i of result.issues) rejected.add(i.message.slice(i.path.length + 2));
    }
    expect([...messages].sort()).toEqual([...rejected].sort());
  });
});
