import {
  validateHTTPScaledObject,
  validateInterceptorRoute,
  type HTTPScaledObject,
  type InterceptorRoute,
} from '@keda-http/api';
import { describe, expect, it } from 'vitest';
import { RoutingError, RoutingErrorCode } from './errors.js';
import { routeSchema } from './route.js';
import { routesFromResources } from './routes-from-resources.js';

const created = '2026-03-01T10:00:00Z';

function hso(name: string, spec: Record<string, unknown>): HTTPScaledObject {
  const result = validateHTTPScaledObject({
    metadata: { name, namespace: 'apps', creationTimestamp: created },
    spec,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function ir(name: string, spec: Record<string, unknown>): InterceptorRoute {
  const result = validateInterceptorRoute({
    metadata: { name, namespace: 'apps', creationTimestamp: created },
    spec,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('routesFromResources', () => {
  it('turns a full HTTPScaledObject into one route with one rule', () => {
    const [route] = routesFromResources(
      [
        hso('web', {
          hosts: ['web.example.com', '*.web.example.com'],
          pathPrefixes: ['/api', '/static'],
          headers: [{ name: 'x-version', value: 'v2' }, { name: 'x-canary' }],
          scaleTargetRef: { name: 'web', service: 'web-svc', portName: 'http' },
          scalingMetric: { requestRate: { targetValue: 50, window: '30s', granularity: '500ms' } },
          coldStartTimeoutFailoverRef: { service: 'sorry', port: 8080 },
          timeouts: { conditionWait: '20s', responseHeader: '1m' },
        }),
      ],
      [],
    );
    expect(route).toEqual({
      kind: 'HTTPScaledObject',
      namespace: 'apps',
      name: 'web',
      key: 'apps/web',
      creationTimestamp: created,
      rules: [
        {
          hosts: ['web.example.com', '*.web.example.com'],
          paths: ['/api', '/static'],
          headers: [{ name: 'x-version', value: 'v2' }, { name: 'x-canary' }],
        },
      ],
      target: { service: 'web-svc', portName: 'http' },
      scaleTarget: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      scaling: {
        requestRate: { targetValue: 50, windowMs: 30_000, granularityMs: 500 },
        targetPendingRequests: 100,
      },
      timeouts: { readinessMs: 20_000, responseHeaderMs: 60_000 },
      coldStart: { fallback: { service: 'sorry', port: 8080, timeoutSeconds: 30 } },
      staticRoutes: [],
    });
    expect(routeSchema.safeParse(route).success).toBe(true);
  });

  it('gives a bare HTTPScaledObject every host, the root path and the default target', () => {
    const [route] = routesFromResources([hso('bare', { scaleTargetRef: { service: 's', port: 80 } })], []);
    expect(route?.rules).toEqual([{ hosts: [], paths: ['/'], headers: [] }]);
    expect(route?.scaling).toEqual({ targetPendingRequests: 100 });
    expect(route?.timeouts).toEqual({});
    expect(route?.coldStart).toBeUndefined();
    expect(route?.scaleTarget).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
  });

  it('treats an empty pathPrefixes list as the root path', () => {
    const [route] = routesFromResources(
      [hso('e', { pathPrefixes: [], scaleTargetRef: { service: 's', port: 1 } })],
      [],
    );
    expect(route?.rules[0]?.paths).toEqual(['/']);
  });

  it('keeps the concurrency target and an explicit targetPendingRequests', () => {
    const [route] = routesFromResources(
      [
        hso('c', {
          scaleTargetRef: { service: 's', port: 1 },
          scalingMetric: { concurrency: { targetValue: 7 } },
          targetPendingRequests: 9,
        }),
      ],
      [],
    );
    expect(route?.scaling).toEqual({ concurrency: { targetValue: 7 }, targetPendingRequests: 9 });
  });

  it('turns a full InterceptorRoute into a route with its rules, cold start and static routes', () => {
    const [route] = routesFromResources(
      [],
      [
        ir('shop', {
          target: { service: 'shop', port: 8080 },
          rules: [
            { hosts: ['shop.com'], paths: [{ value: '/cart' }], headers: [{ name: 'x-a' }] },
            { hosts: ['*.shop.com'] },
          ],
          scalingMetric: { concurrency: { targetValue: 10 }, requestRate: {} },
          coldStart: {
            fallback: { service: { name: 'sorry', portName: 'http' } },
            placeholder: { response: { body: 'starting', headers: { refresh: '5' } } },
          },
          timeouts: { readiness: '0s', request: '2m', responseHeader: '10s' },
          staticRoutes: [
            { rules: [{ paths: [{ value: '/healthz' }] }], response: { body: 'ok' } },
            {
              rules: [{ hosts: ['old.shop.com'] }],
              response: { statusCode: 301, bodyFromConfigMap: { name: 'pages' } },
              responseMode: 'Always',
            },
          ],
        }),
      ],
    );
    expect(route).toEqual({
      kind: 'InterceptorRoute',
      namespace: 'apps',
      name: 'shop',
      key: 'apps/shop',
      creationTimestamp: created,
      rules: [
        { hosts: ['shop.com'], paths: ['/cart'], headers: [{ name: 'x-a' }] },
        { hosts: ['*.shop.com'], paths: ['/'], headers: [] },
      ],
      target: { service: 'shop', port: 8080 },
      scaling: {
        concurrency: { targetValue: 10 },
        requestRate: { targetValue: 100, windowMs: 60_000, granularityMs: 1000 },
      },
      timeouts: { readinessMs: 0, requestMs: 120_000, responseHeaderMs: 10_000 },
      coldStart: {
        fallback: { service: 'sorry', portName: 'http' },
        placeholder: { statusCode: 503, body: 'starting', headers: { refresh: '5' } },
      },
      staticRoutes: [
        {
          rules: [{ hosts: [], paths: ['/healthz'], headers: [] }],
          response: { statusCode: 200, body: 'ok', headers: {} },
          responseMode: 'WhenUnavailable',
        },
        {
          rules: [{ hosts: ['old.shop.com'], paths: ['/'], headers: [] }],
          response: { statusCode: 301, bodyFromConfigMap: { name: 'pages' }, headers: {} },
          responseMode: 'Always',
        },
      ],
    });
    expect(routeSchema.safeParse(route).success).toBe(true);
  });

  it('gives an InterceptorRoute without rules one catch-all rule', () => {
    const [route] = routesFromResources(
      [],
      [ir('all', { target: { service: 's', port: 1 }, scalingMetric: { concurrency: {} } })],
    );
    expect(route?.rules).toEqual([{ hosts: [], paths: ['/'], headers: [] }]);
    expect(route?.scaleTarget).toBeUndefined();
    expect(route?.scaling).toEqual({ concurrency: { targetValue: 100 } });
  });

  it('lets an InterceptorRoute win over an HTTPScaledObject with the same namespace and name', () => {
    const routes = routesFromResources(
      [
        hso('same', { scaleTargetRef: { service: 'hso', port: 1 } }),
        hso('other', { scaleTargetRef: { service: 'o', port: 1 } }),
      ],
      [ir('same', { target: { service: 'ir', port: 1 }, scalingMetric: { concurrency: {} } })],
    );
    expect(routes.map((r) => [r.key, r.kind, r.target.service])).toEqual([
      ['apps/other', 'HTTPScaledObject', 'o'],
      ['apps/same', 'InterceptorRoute', 'ir'],
    ]);
  });

  it('sorts routes by key whatever the input order', () => {
    const routes = routesFromResources(
      ['c', 'a', 'b'].map((n) => hso(n, { scaleTargetRef: { service: 's', port: 1 } })),
      [],
    );
    expect(routes.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('uses an empty creation time when the object has none', () => {
    const object = hso('t', { scaleTargetRef: { service: 's', port: 1 } });
    const { creationTimestamp: _dropped, ...metadata } = object.metadata;
    expect(routesFromResources([{ ...object, metadata }], [])[0]?.creationTimestamp).toBe('');
  });

  it('refuses a duration that validation would have rejected, naming the object and the field', () => {
    const object = hso('bad', { scaleTargetRef: { service: 's', port: 1 } });
    const broken = { ...object, spec: { ...object.spec, timeouts: { conditionWait: 'soon' } } };
    expect(() => routesFromResources([broken], [])).toThrow(
      new RoutingError(
        RoutingErrorCode.ResourceInvalid,
        'HTTPScaledObject apps/bad: spec.timeouts.conditionWait: expected a duration, got "soon"',
      ),
    );
  });
});
