// @keda-http/operator: reconciles HTTPScaledObjects and InterceptorRoutes and serves the routing table.
// `node packages/operator/dist/main.js` runs it; createOperator runs it in-process (tests, benchmarks).
export { configSchema, leaderElectionProblems, loadConfig, type OperatorConfig } from './config.js';
export { COMPONENT, LEASE_NAME, createOperator, type Operator, type OperatorDeps } from './operator.js';
export { listenUnspecified } from './admin-listen.js';
export {
  EXTERNAL_PUSH_TRIGGER,
  POLLING_INTERVAL_SECONDS,
  desiredScaledObject,
  mergeScaledObject,
  scalerAddress,
  type ScaledObject,
  type ScaledObjectSpec,
} from './desired-scaled-object.js';
export {
  INTERCEPTOR_ROUTE_RECONCILED,
  SCALED_OBJECT_SKIPPED,
  desiredHttpScaledObjectStatus,
  desiredInterceptorRouteStatus,
  type ObjectStatus,
  type ReconcileOutcome,
} from './desired-status.js';
export { createTablePublisher, type TablePublisher, type TableSnapshot } from './table-publisher.js';
export { TABLE_VERSION_ANNOTATION } from './table-configmap.js';
export { httpScaledObjects, interceptorRoutes, scaledObjects } from './resources.js';
export {
  ConfigMapWriteError,
  ObjectWriteError,
  OperatorConfigError,
  ScaledObjectWriteError,
  WorkKeyError,
} from './errors.js';
