// @keda-http/scaler: the external scaler KEDA calls. `node dist/main.js` runs it; createScaler runs it
// in-process (tests, benchmarks). The pure parts (metric names, specs and values) are exported too.
export { configSchema, loadConfig, type ScalerConfig } from './config.js';
export { createScaler, type Scaler, type ScalerDeps } from './scaler.js';
export {
  AllInterceptorsFailed,
  BadScaledObjectRef,
  NoInterceptorEndpoints,
  ProtoNotFound,
  RouteNotFound,
  RoutingTableNotLoaded,
} from './errors.js';
export {
  LOADER_OPTIONS,
  PROTO_PATH,
  loadExternalScalerProto,
  type ExternalScalerProto,
} from './grpc/proto.js';
export { HEALTH_SERVICES } from './grpc/health.js';
export {
  concurrencyMetricName,
  escapeMetricName,
  httpScaledObjectMetricName,
  rateMetricName,
} from './metrics/metric-names.js';
export {
  METADATA_HTTP_SCALED_OBJECT,
  METADATA_INTERCEPTOR_ROUTE,
  METADATA_INTERCEPTOR_TARGET,
  parseScaledObjectRef,
  type ScalerQuery,
} from './metrics/scaler-query.js';
export {
  DEFAULT_TARGET,
  metricSpecs,
  metricValues,
  type MetricSpecValue,
  type MetricValueValue,
  type RouteTotals,
} from './metrics/metric-specs.js';
export type { PollReport } from './pinger/pinger.js';
export type { QueueTotals } from './pinger/queue-totals.js';
