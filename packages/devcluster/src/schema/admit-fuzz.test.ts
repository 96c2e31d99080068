// Seeded random objects against our CRDs: admit must never throw, must always answer well-formed causes, and
// must be idempotent on what it accepts (admitting the stored object again changes nothing).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { scaledObjectCrd } from '../builtin-crds/index.js';
import { compileCrdSchemas, type CompiledCrd } from './index.js';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const WORDS = [
  '',
  'web',
  'http',
  'port',
  'a-b',
  '__proto__',
  'constructor',
  '1m',
  '0s',
  'True',
  '*',
  'Ω',
  'x'.repeat(70),
];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomValue(random: Random, depth = 0): unknown {
  const r = random();
  if (depth > 3 || r < 0.5) {
    return pick(random, [
      null,
      true,
      false,
      0,
      -1,
      1,
      80,
      2 ** 31,
      1.5,
      1e300,
      ...WORDS,
      pick(random, WORDS),
    ]);
  }
  if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 4); i > 0; i -= 1)
    out[pick(random, WORDS)] = randomValue(random, depth + 1);
  return out;
}

/** Replaces, deletes or adds something at a random place in a copy of `value`. */
function mutate(random: Random, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || random() < 0.15) return randomValue(random);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...(value as unknown[])]
    : { ...value };
  const keys = Object.keys(copy);
  const action = random();
  if (keys.length > 0 && action < 0.6) {
    const key = pick(random, keys);
    (copy as Record<string, unknown>)[key] = mutate(random, (copy as Record<string, unknown>)[key]);
  } else if (keys.length > 0 && action < 0.75) {
    delete (copy as Record<string, unknown>)[pick(random, keys)];
  } else {
    (copy as Record<string, unknown>)[Array.isArray(copy) ? String(copy.length) : pick(random, WORDS)] =
      randomValue(random);
  }
  return copy;
}

function loadCrd(file: string): CompiledCrd {
  const text = readFileSync(new URL(`../../../../config/crd/bases/${file}`, import.meta.url), 'utf8');
  return compileCrdSchemas(YAML.parseAllDocuments(text)[0]?.toJS() as Record<string, unknown>);
}

const targets: Array<{ name: string; crd: CompiledCrd; version: string; valid: Record<string, unknown> }> = [
  {
    name: 'HTTPScaledObject',
    crd: loadCrd('http.keda.sh_httpscaledobjects.yaml'),
    version: 'v1alpha1',
    valid: {
      apiVersion: 'http.keda.sh/v1alpha1',
      kind: 'HTTPScaledObject',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        hosts: ['a.example.com'],
        pathPrefixes: ['/api'],
        headers: [{ name: 'x-env', value: 'prod' }],
        scaleTargetRef: { name: 'web', service: 'web', port: 8080 },
        replicas: { min: 0, max: 10 },
        scalingMetric: { requestRate: { targetValue: 50, window: '1m', granularity: '1s' } },
        coldStartTimeoutFailoverRef: { service: 'sorry', portName: 'http' },
        timeouts: { conditionWait: '20s' },
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Reconciled',
            message: 'ok',
            lastTransitionTime: '2024-01-01T00:00:00Z',
          },
        ],
      },
    },
  },
  {
    name: 'InterceptorRoute',
    crd: loadCrd('http.keda.sh_interceptorroutes.yaml'),
    version: 'v1beta1',
    valid: {
      apiVersion: 'http.keda.sh/v1beta1',
      kind: 'InterceptorRoute',
      metadata: { name: 'web' },
      spec: {
        target: { service: 'web', portName: 'http' },
        rules: [{ hosts: ['a.example.com'], paths: [{ value: '/' }], headers: [{ name: 'x-a' }] }],
        scalingMetric: { concurrency: { targetValue: 10 } },
        coldStart: { fallback: { service: { name: 'sorry', port: 80 } } },
        timeouts: { readiness: '0s', request: '30s' },
        staticRoutes: [
          { rules: [{ paths: [{ value: '/healthz' }] }], response: { statusCode: 200, body: 'ok' } },
        ],
      },
    },
  },
  {
    name: 'ScaledObject (built in)',
    crd: compileCrdSchemas(scaledObjectCrd()),
    version: 'v1alpha1',
    valid: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { name: 'web' },
        minReplicaCount: 0,
        fallback: { failureThreshold: 3, replicas: 1, behavior: 'static' },
        advanced: {
          horizontalPodAutoscalerConfig: {
            behavior: { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] } },
          },
        },
        triggers: [
          { type: 'external-push', metadata: { httpScaledObject: 'web' }, authenticationRef: { name: 'a' } },
        ],
      },
    },
  },
];

describe('admit on random objects', () => {
  it.each(targets)(
    'never throws for $name and accepts its own output unchanged',
    ({ crd, version, valid }) => {
      expect(crd.admit(version, valid, undefined).causes).toEqual([]);
      const random = mulberry32(20240501);
      let accepted = 0;
      for (let i = 0; i < 1500; i += 1) {
        let object: unknown = valid;
        for (let steps = 1 + Math.floor(random() * 4); steps > 0; steps -= 1) object = mutate(random, object);
        const old = random() < 0.4 ? mutate(random, valid) : undefined;
        const result = crd.admit(version, object, old);
        expect(Array.isArray(result.causes)).toBe(true);
        for (const cause of result.causes) {
          expect(typeof cause.reason).toBe('string');
          expect(typeof cause.message).toBe('string');
          expect(typeof cause.field).toBe('string');
        }
        if (result.causes.length === 0 && old === undefined) {
          accepted += 1;
          const again = crd.admit(version, result.object, undefined);
          expect(again.causes).toEqual([]);
          expect(again.object).toEqual(result.object);
        }
      }
      expect(accepted).toBeGreaterThan(0);
    },
  );

  it.each(targets)('never throws for $name on values that are not objects', ({ crd, version }) => {
    const random = mulberry32(7);
    for (let i = 0; i < 300; i += 1) {
      const result = crd.admit(pick(random, [version, 'v0', '']), randomValue(random), randomValue(random));
      expect(Array.isArray(result.causes)).toBe(true);
    }
  });
});
