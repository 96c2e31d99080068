// The three answers KEDA asks for, over the current routing table and the current totals: both are immutable
// snapshots replaced as a whole, so an answer reads one consistent pair of references.
import { findRoute, type Route, type RoutingTable } from '@keda-http/routing';
import { RoutingTableNotLoaded } from '../errors.js';
import {
  isActive,
  metricSpecs,
  metricValues,
  resolveRoute,
  type MetricSpecValue,
  type MetricValueValue,
  type TotalsReader,
} from './metric-specs.js';
import type { ScalerQuery } from './scaler-query.js';

export interface ScalerAnswers {
  metricSpecs(query: ScalerQuery): MetricSpecValue[];
  /** Every metric of the query (GetMetrics filters by name afterwards). */
  metricValues(query: ScalerQuery): MetricValueValue[];
  isActive(query: ScalerQuery): boolean;
}

export interface ScalerAnswersOptions {
  /** The routing table in use, or undefined before the first one loaded. */
  readonly table: () => RoutingTable | undefined;
  readonly totals: () => TotalsReader;
}

export function createScalerAnswers(options: ScalerAnswersOptions): ScalerAnswers {
  const routeOf = (query: ScalerQuery): Route | undefined => {
    if (query.kind === 'interceptor') return undefined;
    const table = options.table();
    if (table === undefined) throw new RoutingTableNotLoaded();
    return resolveRoute(query, (key) => findRoute(table, key));
  };
  const values = (query: ScalerQuery): MetricValueValue[] =>
    metricValues(query, routeOf(query), options.totals());
  return {
    metricSpecs: (query) => metricSpecs(query, routeOf(query)),
    metricValues: values,
    isActive: (query) => isActive(query, routeOf(query), options.totals()),
  };
}
