import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@keda-http/k8s';
import { createRouteCache, routeFingerprint, routeOf } from './route-cache.js';

const hso = (
  name: string,
  meta: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'http.keda.sh/v1alpha1',
  kind: 'HTTPScaledObject',
  metadata: { name, namespace: 'apps', uid: `uid-${name}`, generation: 1, resourceVersion: '1', ...meta },
  spec: { hosts: [`${name}.example.com`], scaleTargetRef: { name, service: name, port: 80 }, ...spec },
});

const ir = (name: string, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'http.keda.sh/v1beta1',
  kind: 'InterceptorRoute',
  metadata: { name, namespace: 'apps', uid: `ir-${name}`, generation: 1, ...meta },
  spec: { target: { service: name, port: 80 }, scalingMetric: { concurrency: {} } },
});

describe('routeOf', () => {
  it.each([
    ['a valid HTTPScaledObject has a route', 'HTTPScaledObject', hso('a'), true],
    ['a valid InterceptorRoute has a route', 'InterceptorRoute', ir('a'), true],
    [
      'an object being deleted has none',
      'HTTPScaledObject',
      hso('a', { deletionTimestamp: '2026-01-01T00:00:00Z' }),
      false,
    ],
    [
      'an invalid object has none',
      'HTTPScaledObject',
      hso('a', {}, { scalingMetric: { concurrency: {}, requestRate: {} } }),
      false,
    ],
  ] as const)('%s', (_name, kind, obj, has) => {
    expect(routeOf(kind, obj) !== undefined).toBe(has);
  });
});

describe('routeFingerprint', () => {
  it('ignores status and label updates but not a new generation', () => {
    const base = hso('a');
    expect(
      routeFingerprint({ ...base, metadata: { ...base.metadata, resourceVersion: '9', labels: { x: 'y' } } }),
    ).toBe(routeFingerprint(base));
    expect(routeFingerprint({ ...base, metadata: { ...base.metadata, generation: 2 } })).not.toBe(
      routeFingerprint(base),
    );
  });
});

describe('createRouteCache', () => {
  it('reports a change only when the set of routes changes', () => {
    const cache = createRouteCache();
    expect(cache.upsert('HTTPScaledObject', hso('a'))).toBe(true);
    expect(cache.upsert('HTTPScaledObject', { ...hso('a'), status: { observedGeneration: 1 } })).toBe(false);
    expect(
      cache.upsert('HTTPScaledObject', hso('a', { generation: 2 }, { hosts: ['new.example.com'] })),
    ).toBe(true);
    expect(cache.routes().map((r) => r.route.rules[0]?.hosts)).toEqual([['new.example.com']]);
    expect(cache.remove('HTTPScaledObject', hso('a'))).toBe(true);
    expect(cache.routes()).toEqual([]);
  });

  it('counts invalid objects without giving them a route, and their removal changes nothing', () => {
    const cache = createRouteCache();
    const bad = hso('bad', {}, { scaleTargetRef: { service: 'x', port: 1, portName: 'y' } });
    expect(cache.upsert('HTTPScaledObject', bad)).toBe(false);
    expect(cache.size).toBe(1);
    expect(cache.remove('HTTPScaledObject', bad)).toBe(false);
  });

  it('drops the route of an object once it is being deleted', () => {
    const cache = createRouteCache();
    cache.upsert('HTTPScaledObject', hso('a'));
    expect(cache.upsert('HTTPScaledObject', hso('a', { deletionTimestamp: '2026-01-01T00:00:00Z' }))).toBe(
      true,
    );
    expect(cache.routes()).toEqual([]);
  });

  it('keeps both kinds with the same name (tableSnapshot lets the InterceptorRoute win)', () => {
    const cache = createRouteCache();
    cache.upsert('HTTPScaledObject', hso('same'));
    cache.upsert('InterceptorRoute', ir('same'));
    expect(
      cache
        .routes()
        .map((r) => r.route.kind)
        .sort(),
    ).toEqual(['HTTPScaledObject', 'InterceptorRoute']);
  });
});
