import type { Route } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { describe, expect, it } from 'vitest';
import { RouteNotFound } from '../errors.js';
import {
  anyActive,
  isActive,
  metricSpecs,
  metricValues,
  resolveRoute,
  selectMetric,
  type RouteTotals,
  type TotalsReader,
} from './metric-specs.js';
import { parseScaledObjectRef } from './scaler-query.js';

const ir = (scaling: Route['scaling']) =>
  testRoute({ kind: 'InterceptorRoute', namespace: 'ns', name: 'shop', scaling });
const hso = (scaling: Route['scaling']) =>
  testRoute({ kind: 'HTTPScaledObject', namespace: 'ns', name: 'app', scaling });
const rate = (targetValue: number) => ({ targetValue, windowMs: 60_000, granularityMs: 1_000 });

const irQuery = parseScaledObjectRef({
  name: 'so',
  namespace: 'ns',
  scalerMetadata: { interceptorRoute: 'shop' },
});
const hsoQuery = parseScaledObjectRef({
  name: 'so',
  namespace: 'ns',
  scalerMetadata: { httpScaledObject: 'app' },
});
const interceptorQuery = parseScaledObjectRef({
  name: 'keda-add-ons-http-interceptor',
  namespace: 'keda',
  scalerMetadata: { interceptorTargetPendingRequests: '200' },
});

const totals = (routes: Record<string, RouteTotals>, totalConcurrency = 0): TotalsReader => ({
  route: (key) => routes[key],
  totalConcurrency,
});

describe('metricSpecs', () => {
  it.each([
    [
      'an InterceptorRoute with concurrency has one float target',
      irQuery,
      ir({ concurrency: { targetValue: 10 } }),
      [{ metricName: 'http_shop_concurrency', targetSize: 0, targetSizeFloat: 10 }],
    ],
    [
      'an InterceptorRoute with both metrics reports both',
      irQuery,
      ir({ concurrency: { targetValue: 10 }, requestRate: rate(5) }),
      [
        { metricName: 'http_shop_concurrency', targetSize: 0, targetSizeFloat: 10 },
        { metricName: 'http_shop_rate', targetSize: 0, targetSizeFloat: 5 },
      ],
    ],
    [
      'an HTTPScaledObject with requestRate targets the rate',
      hsoQuery,
      hso({ requestRate: rate(7), targetPendingRequests: 100 }),
      [{ metricName: 'http-ns_002Fapp', targetSize: 7, targetSizeFloat: 0 }],
    ],
    [
      'an HTTPScaledObject with concurrency targets the concurrency',
      hsoQuery,
      hso({ concurrency: { targetValue: 12 }, targetPendingRequests: 100 }),
      [{ metricName: 'http-ns_002Fapp', targetSize: 12, targetSizeFloat: 0 }],
    ],
    [
      'an HTTPScaledObject without scalingMetric targets targetPendingRequests',
      hsoQuery,
      hso({ targetPendingRequests: 33 }),
      [{ metricName: 'http-ns_002Fapp', targetSize: 33, targetSizeFloat: 0 }],
    ],
    [
      'an HTTPScaledObject query on a route with no target at all targets 100',
      hsoQuery,
      hso({}),
      [{ metricName: 'http-ns_002Fapp', targetSize: 100, targetSizeFloat: 0 }],
    ],
    [
      "the interceptor's own ScaledObject is named after it, with its target",
      interceptorQuery,
      undefined,
      [{ metricName: 'http-keda_002Fkeda-add-ons-http-interceptor', targetSize: 200, targetSizeFloat: 0 }],
    ],
  ])('%s', (_name, query, route, want) => {
    expect(metricSpecs(query, route)).toEqual(want);
  });
});

describe('metricValues', () => {
  const busy = totals(
    { 'ns/shop': { concurrency: 3, rate: 2.5 }, 'ns/app': { concurrency: 4, rate: 1.2 } },
    9,
  );
  it.each([
    [
      'an InterceptorRoute reports concurrency and rate as floats',
      irQuery,
      ir({ concurrency: { targetValue: 10 }, requestRate: rate(5) }),
      busy,
      [
        { metricName: 'http_shop_concurrency', metricValue: 0, metricValueFloat: 3 },
        { metricName: 'http_shop_rate', metricValue: 0, metricValueFloat: 2.5 },
      ],
    ],
    [
      'an HTTPScaledObject on concurrency reports the integer concurrency',
      hsoQuery,
      hso({ concurrency: { targetValue: 10 } }),
      busy,
      [{ metricName: 'http-ns_002Fapp', metricValue: 4, metricValueFloat: 0 }],
    ],
    [
      'an HTTPScaledObject on requestRate reports ceil(rate)',
      hsoQuery,
      hso({ requestRate: rate(5) }),
      busy,
      [{ metricName: 'http-ns_002Fapp', metricValue: 2, metricValueFloat: 0 }],
    ],
    [
      'an HTTPScaledObject with no counts yet reports 0',
      hsoQuery,
      hso({ targetPendingRequests: 100 }),
      totals({}),
      [{ metricName: 'http-ns_002Fapp', metricValue: 0, metricValueFloat: 0 }],
    ],
    [
      'the interceptor metric is the concurrency summed over every route',
      interceptorQuery,
      undefined,
      busy,
      [{ metricName: 'http-keda_002Fkeda-add-ons-http-interceptor', metricValue: 9, metricValueFloat: 0 }],
    ],
  ])('%s', (_name, query, route, reader, want) => {
    expect(metricValues(query, route, reader)).toEqual(want);
  });
});

describe('selectMetric and anyActive', () => {
  const values = [
    { metricName: 'http_shop_concurrency', metricValue: 0, metricValueFloat: 0 },
    { metricName: 'http_shop_rate', metricValue: 0, metricValueFloat: 0.2 },
  ];
  it.each([
    ['an empty name keeps every metric', '', 2],
    ['a known name keeps only that metric', 'http_shop_rate', 1],
    ['an unknown name keeps none', 'http_other_rate', 0],
  ])('%s', (_name, metricName, count) => {
    expect(selectMetric(values, metricName)).toHaveLength(count);
  });

  it.each([
    ['any float above 0 is active', values, true],
    ['an integer above 0 is active', [{ metricName: 'm', metricValue: 1, metricValueFloat: 0 }], true],
    ['all zeros are inactive', [{ metricName: 'm', metricValue: 0, metricValueFloat: 0 }], false],
    ['no metrics is inactive', [], false],
  ])('%s', (_name, input, want) => {
    expect(anyActive(input)).toBe(want);
  });
});

describe('isActive', () => {
  const both = ir({ concurrency: { targetValue: 10 }, requestRate: rate(5) });
  const cases: [string, Parameters<typeof isActive>[0], Route | undefined][] = [
    ['an InterceptorRoute with both metrics', irQuery, both],
    ['an InterceptorRoute with concurrency only', irQuery, ir({ concurrency: { targetValue: 10 } })],
    ['an InterceptorRoute with requestRate only', irQuery, ir({ requestRate: rate(5) })],
    ['an HTTPScaledObject on concurrency', hsoQuery, hso({ concurrency: { targetValue: 10 } })],
    ['an HTTPScaledObject on requestRate', hsoQuery, hso({ requestRate: rate(5) })],
    ['an HTTPScaledObject on targetPendingRequests', hsoQuery, hso({ targetPendingRequests: 100 })],
    ["the interceptor's own ScaledObject", interceptorQuery, undefined],
  ];
  const readers: [string, TotalsReader][] = [
    ['no counts', totals({})],
    ['zeros', totals({ 'ns/shop': { concurrency: 0, rate: 0 }, 'ns/app': { concurrency: 0, rate: 0 } })],
    [
      'concurrency only',
      totals({ 'ns/shop': { concurrency: 2, rate: 0 }, 'ns/app': { concurrency: 2, rate: 0 } }, 4),
    ],
    [
      'a small rate only',
      totals({ 'ns/shop': { concurrency: 0, rate: 0.001 }, 'ns/app': { concurrency: 0, rate: 0.001 } }),
    ],
  ];
  for (const [name, query, route] of cases) {
    it.each(readers)(
      `agrees with the metric values (or requests in flight) for ${name}, with %s`,
      (_r, reader) => {
        const inFlight = query.kind !== 'interceptor' && (reader.route(query.key)?.concurrency ?? 0) > 0;
        expect(isActive(query, route, reader)).toBe(
          anyActive(metricValues(query, route, reader)) || inFlight,
        );
      },
    );
  }

  it.each([
    ['an HTTPScaledObject on requestRate', hsoQuery, hso({ requestRate: rate(5) })],
    ['an InterceptorRoute with requestRate only', irQuery, ir({ requestRate: rate(5) })],
  ])(
    'is active for %s with requests held and no rate yet (a cold start must wake it)',
    (_n, query, route) => {
      const held = totals({ 'ns/shop': { concurrency: 3, rate: 0 }, 'ns/app': { concurrency: 3, rate: 0 } });
      expect(anyActive(metricValues(query, route, held))).toBe(false);
      expect(isActive(query, route, held)).toBe(true);
    },
  );
});

describe('resolveRoute', () => {
  const routes = new Map([
    ['ns/shop', ir({ concurrency: { targetValue: 1 } })],
    ['ns/app', hso({ targetPendingRequests: 100 })],
  ]);
  const lookup = (key: string) => routes.get(key);

  it('finds the route by key', () => {
    expect(resolveRoute(irQuery as Extract<typeof irQuery, { key: string }>, lookup).name).toBe('shop');
  });

  it.each([
    [
      'an unknown InterceptorRoute is RouteNotFound naming the field',
      { interceptorRoute: 'nope' },
      'scalerMetadata.interceptorRoute: "nope": no InterceptorRoute ns/nope in the routing table',
    ],
    [
      'an interceptorRoute query does not accept an HTTPScaledObject',
      { interceptorRoute: 'app' },
      'no InterceptorRoute ns/app in the routing table',
    ],
    [
      'an unknown HTTPScaledObject is RouteNotFound',
      { httpScaledObject: 'nope' },
      'scalerMetadata.httpScaledObject: "nope": no HTTPScaledObject ns/nope in the routing table',
    ],
  ])('%s', (_name, scalerMetadata, message) => {
    const query = parseScaledObjectRef({ name: 'so', namespace: 'ns', scalerMetadata });
    if (query.kind === 'interceptor') throw new Error('unexpected');
    let caught: unknown;
    try {
      resolveRoute(query, lookup);
    } catch (err) {
      caught = err;
    }
    expect(RouteNotFound.is(caught)).toBe(true);
    expect((caught as Error).message).toContain(message);
  });

  it('an httpScaledObject query accepts the InterceptorRoute that shadows it', () => {
    const query = parseScaledObjectRef({
      name: 'so',
      namespace: 'ns',
      scalerMetadata: { httpScaledObject: 'shop' },
    });
    if (query.kind === 'interceptor') throw new Error('unexpected');
    expect(resolveRoute(query, lookup).kind).toBe('InterceptorRoute');
  });
});
