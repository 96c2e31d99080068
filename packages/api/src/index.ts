export { formatDuration, parseDuration } from './duration.js';
export * from './constants.js';
export { ApiError, ApiErrorCode } from './errors.js';
export { objectMetaSchema, type ObjectMeta } from './object-meta.js';
export {
  conditionSchema,
  httpScaledObjectStatusSchema,
  interceptorRouteStatusSchema,
  type Condition,
  type HTTPScaledObjectStatus,
  type InterceptorRouteStatus,
} from './status.js';
export { headerMatchSchema, PORT_XOR_MESSAGE, type HeaderMatch } from './routing-fields.js';
export {
  concurrencyTargetSchema,
  requestRateTargetSchema,
  type ConcurrencyTarget,
  type RequestRateTarget,
} from './scaling-metric.js';
export {
  BODY_EXCLUSIVE_MESSAGE,
  MAX_STATIC_BODY_LENGTH,
  staticResponseSchema,
  type ConfigMapBodyRef,
  type StaticResponse,
} from './static-response.js';
export {
  httpScaledObjectSchema,
  httpScaledObjectSpecSchema,
  SCALING_METRIC_EXCLUSIVE_MESSAGE,
  type HTTPScaledObject,
  type HTTPScaledObjectInput,
  type HTTPScaledObjectSpec,
} from './http-scaled-object.js';
export {
  COLD_START_REQUIRED_MESSAGE,
  interceptorRouteSchema,
  interceptorRouteSpecSchema,
  routingRuleSchema,
  SCALING_METRIC_REQUIRED_MESSAGE,
  type InterceptorRoute,
  type InterceptorRouteInput,
  type InterceptorRouteSpec,
  type RoutingRule,
} from './interceptor-route.js';
export {
  formatIssues,
  formatPath,
  validateHTTPScaledObject,
  validateInterceptorRoute,
  validateWith,
  type ValidationIssue,
  type ValidationResult,
} from './validate.js';
export { DURATION_PATTERN } from './schema-building.js';
export { buildCrds, type CustomResourceDefinition, type PrinterColumn } from './crds.js';
export { crdFileName, crdFiles, crdToYaml, writeCrdFiles, type CrdFile } from './crd-files.js';
