// @keda-http/interceptor: the proxy that routes, counts and holds requests through cold starts. The process is
// `node dist/main.js`; this module exposes the same thing as a function for tests and embedding.
export {
  createInterceptor,
  type Interceptor,
  type InterceptorDeps,
  type ListeningAddresses,
} from './interceptor.js';
export { configSchema, loadConfig, type InterceptorConfig } from './config.js';
export { wireInterceptor, type WiredInterceptor, type WiringOptions } from './wiring.js';
export { createClusterWatch, type ClusterWatch, type ClusterWatchOptions } from './cluster/cluster-watch.js';
export { createActivityEpoch, type ActivityEpoch } from './admin/activity-epoch.js';
export { scaleTargetReplicas } from './admin/deployments-route.js';
export { operatorUrls } from './table/operator-urls.js';
export { configMapFallback, followTable, type TableSource } from './table/table-source.js';
export {
  staticEndpoints,
  staticServices,
  staticTable,
  type StaticBackend,
} from './standalone/static-sources.js';
export { COLD_START_HEADER } from './upstream/forwarded-headers.js';
export {
  resolveTimeouts,
  FALLBACK_READINESS_MS,
  type GlobalTimeouts,
  type RouteTimeouts,
} from './proxy/timeouts.js';
export { REQUEST_CONCURRENCY, REQUEST_COUNT, REQUEST_DURATION } from './metrics/proxy-metrics.js';
export {
  ClientGoneError,
  DrainingError,
  ListenError,
  ReadinessTimeoutError,
  RequestTimeoutError,
  ResponseHeaderTimeoutError,
  TargetUnresolvedError,
  UpstreamFailedError,
  UpstreamUnreachableError,
} from './errors.js';
