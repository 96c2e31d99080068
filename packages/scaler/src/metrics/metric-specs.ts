// What the scaler answers KEDA, as pure functions of the query (scaler-query.ts), the route from the routing
// table and the totals from the last poll (SPEC §5):
// - interceptorRoute: `http_<name>_concurrency` and/or `http_<name>_rate`, targets and values as floats
//   (KEDA reads targetSizeFloat / metricValueFloat when they are non-zero); KEDA takes the larger replica count.
// - httpScaledObject: one integer metric `http-<ns>_002F<name>`: ceil(rate) when requestRate is set, else the
//   concurrency; its target is requestRate, then concurrency, then targetPendingRequests, then 100.
// - interceptor (interceptorTargetPendingRequests: N): the concurrency summed over every route, target N.
// A route with no counts yet reads 0.
import type { Route } from '@keda-http/routing';
import { RouteNotFound } from '../errors.js';
import { concurrencyMetricName, httpScaledObjectMetricName, rateMetricName } from './metric-names.js';
import type { ScalerQuery } from './scaler-query.js';

export interface MetricSpecValue {
  readonly metricName: string;
  readonly targetSize: number;
  readonly targetSizeFloat: number;
}

export interface MetricValueValue {
  readonly metricName: string;
  readonly metricValue: number;
  readonly metricValueFloat: number;
}

/** One route's totals over every interceptor pod. */
export interface RouteTotals {
  readonly concurrency: number;
  /** Requests per second over the route's window; 0 for a route without requestRate. */
  readonly rate: number;
}

/** What the metric functions read from the pinger's totals. */
export interface TotalsReader {
  route(key: string): RouteTotals | undefined;
  /** Concurrency summed over every key (the interceptor's own metric). */
  readonly totalConcurrency: number;
}

/** Default target of an HTTPScaledObject that sets nothing (SPEC §1.1). */
export const DEFAULT_TARGET = 100;

/** The route a route query names; throws RouteNotFound. Not called for the interceptor query. */
export function resolveRoute(
  query: Extract<ScalerQuery, { key: string }>,
  lookup: (key: string) => Route | undefined,
): Route {
  const route = lookup(query.key);
  const wanted = query.kind === 'interceptorRoute' ? 'InterceptorRoute' : 'HTTPScaledObject';
  // An InterceptorRoute shadows an HTTPScaledObject of the same name (SPEC §1.2), so an httpScaledObject query
  // accepts either kind; an interceptorRoute query must find an InterceptorRoute.
  if (route === undefined || (query.kind === 'interceptorRoute' && route.kind !== 'InterceptorRoute')) {
    throw new RouteNotFound({ kind: wanted, key: query.key, field: query.field, value: query.name });
  }
  return route;
}

export function metricSpecs(query: ScalerQuery, route: Route | undefined): MetricSpecValue[] {
  if (query.kind === 'interceptor') {
    return [spec(httpScaledObjectMetricName(query.namespace, query.name), query.target, 0)];
  }
  const scaling: Route['scaling'] = route?.scaling ?? {};
  if (query.kind === 'interceptorRoute') {
    const out: MetricSpecValue[] = [];
    if (scaling.concurrency)
      out.push(spec(concurrencyMetricName(query.name), 0, scaling.concurrency.targetValue));
    if (scaling.requestRate) out.push(spec(rateMetricName(query.name), 0, scaling.requestRate.targetValue));
    return out;
  }
  const target =
    scaling.requestRate?.targetValue ??
    scaling.concurrency?.targetValue ??
    scaling.targetPendingRequests ??
    DEFAULT_TARGET;
  return [spec(httpScaledObjectMetricName(query.namespace, query.name), target, 0)];
}

export function metricValues(
  query: ScalerQuery,
  route: Route | undefined,
  totals: TotalsReader,
): MetricValueValue[] {
  if (query.kind === 'interceptor') {
    return [value(httpScaledObjectMetricName(query.namespace, query.name), totals.totalConcurrency, 0)];
  }
  const counts = totals.route(query.key) ?? { concurrency: 0, rate: 0 };
  const scaling: Route['scaling'] = route?.scaling ?? {};
  if (query.kind === 'interceptorRoute') {
    const out: MetricValueValue[] = [];
    if (scaling.concurrency) out.push(value(concurrencyMetricName(query.name), 0, counts.concurrency));
    if (scaling.requestRate) out.push(value(rateMetricName(query.name), 0, counts.rate));
    return out;
  }
  const metric = scaling.requestRate ? Math.ceil(counts.rate) : counts.concurrency;
  return [value(httpScaledObjectMetricName(query.namespace, query.name), metric, 0)];
}

/** GetMetrics' metricName filter: '' keeps every metric; an unknown name keeps none. */
export function selectMetric(values: MetricValueValue[], metricName: string): MetricValueValue[] {
  return metricName === '' ? values : values.filter((v) => v.metricName === metricName);
}

/** IsActive: true when any value is above 0. */
export function anyActive(values: readonly MetricValueValue[]): boolean {
  return values.some((v) => v.metricValue > 0 || v.metricValueFloat > 0);
}

/**
 * anyActive(metricValues(query, route, totals)), without building the values (StreamIsActive asks this for
 * every open stream several times a second), and also true for a route with requests in flight whatever its
 * metric: a request held at zero replicas must wake the app even when the route scales on request rate and
 * the rate is still 0 (its first requests arrived before the scaler's first sighting of the key, which adds
 * nothing), or it would wait for its timeout; and the activation push carries concurrency only.
 */
export function isActive(query: ScalerQuery, route: Route | undefined, totals: TotalsReader): boolean {
  if (query.kind === 'interceptor') return totals.totalConcurrency > 0;
  const counts = totals.route(query.key);
  if (counts === undefined) return false;
  if (counts.concurrency > 0) return true;
  const scaling: Route['scaling'] = route?.scaling ?? {};
  return scaling.requestRate !== undefined && counts.rate > 0;
}

const spec = (metricName: string, targetSize: number, targetSizeFloat: number): MetricSpecValue => ({
  metricName,
  targetSize,
  targetSizeFloat,
});

const value = (metricName: string, metricValue: number, metricValueFloat: number): MetricValueValue => ({
  metricName,
  metricValue,
  metricValueFloat,
});
