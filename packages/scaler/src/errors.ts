// The scaler's error catalogue. Each error has a stable code; grpc/grpc-status.ts maps the request errors to
// gRPC status codes in one place. Expected outcomes (a route with no counts yet, a pod that did not answer this
// tick) are values, not errors.
import { defineError } from '@keda-http/runtime';

/** A ScaledObjectRef that cannot name a route: missing or bad metadata. gRPC INVALID_ARGUMENT. */
export const BadScaledObjectRef = defineError<{ field: string; problem: string }>(
  'SCALER_BAD_SCALED_OBJECT_REF',
  ({ field, problem }) => `${field}: ${problem}`,
  'BadScaledObjectRef',
);

/** The metadata names a route that is not in the routing table. gRPC NOT_FOUND. */
export const RouteNotFound = defineError<{ kind: string; key: string; field: string; value: string }>(
  'SCALER_ROUTE_NOT_FOUND',
  ({ kind, key, field, value }) =>
    `${field}: ${JSON.stringify(value)}: no ${kind} ${key} in the routing table`,
  'RouteNotFound',
);

/** No routing table has been loaded yet (neither from the operator nor from the ConfigMap). gRPC UNAVAILABLE. */
export const RoutingTableNotLoaded = defineError(
  'SCALER_ROUTING_TABLE_NOT_LOADED',
  () => 'the routing table has not been loaded yet; retry shortly',
  'RoutingTableNotLoaded',
);

/** A poll found no ready endpoint of the interceptor admin Service. */
export const NoInterceptorEndpoints = defineError<{ namespace: string; service: string }>(
  'SCALER_NO_INTERCEPTOR_ENDPOINTS',
  ({ namespace, service }) => `no ready endpoints for Service ${namespace}/${service}`,
  'NoInterceptorEndpoints',
);

/** A poll reached no interceptor pod at all; `failures` is one line per pod. */
export const AllInterceptorsFailed = defineError<{ failures: readonly string[] }>(
  'SCALER_ALL_INTERCEPTORS_FAILED',
  ({ failures }) => `every interceptor pod failed (${failures.length}): ${failures.join('; ')}`,
  'AllInterceptorsFailed',
);

/** The proto file the scaler serves could not be found next to the package. */
export const ProtoNotFound = defineError<{ tried: readonly string[] }>(
  'SCALER_PROTO_NOT_FOUND',
  ({ tried }) => `externalscaler.proto not found; tried ${tried.join(', ')}`,
  'ProtoNotFound',
);
