// The interceptor's error catalogue. Each failure of a proxied request is one of these codes; the proxy maps
// codes to HTTP statuses in exactly one place (proxy/failure-response.ts). Expected outcomes (no route, not
// ready yet) are values, not errors.
import { defineError } from '@keda-http/runtime';

/** The backend had no ready endpoint within the readiness timeout (504). */
export const ReadinessTimeoutError = defineError<{ service: string; timeoutMs: number }>(
  'INTERCEPTOR_READINESS_TIMEOUT',
  ({ service, timeoutMs }) => `no ready endpoint of Service ${service} within ${timeoutMs}ms`,
  'ReadinessTimeoutError',
);

/** The request deadline (KEDA_HTTP_REQUEST_TIMEOUT or the route's timeouts.request) passed (504). */
export const RequestTimeoutError = defineError<{ timeoutMs: number }>(
  'INTERCEPTOR_REQUEST_TIMEOUT',
  ({ timeoutMs }) => `the request did not complete within its deadline of ${timeoutMs}ms`,
  'RequestTimeoutError',
);

/** The backend sent no response headers within the response-header timeout (504). */
export const ResponseHeaderTimeoutError = defineError<{ upstream: string; timeoutMs: number }>(
  'INTERCEPTOR_RESPONSE_HEADER_TIMEOUT',
  ({ upstream, timeoutMs }) => `${upstream} sent no response headers within ${timeoutMs}ms`,
  'ResponseHeaderTimeoutError',
);

/** Every connection attempt failed (refused, unreachable, connect timeout) until the retry budget ran out (502). */
export const UpstreamUnreachableError = defineError<{ upstream: string; attempts: number; reason: string }>(
  'INTERCEPTOR_UPSTREAM_UNREACHABLE',
  ({ upstream, attempts, reason }) => `cannot connect to ${upstream} after ${attempts} attempt(s): ${reason}`,
  'UpstreamUnreachableError',
);

/** The backend reset the connection or sent something that is not HTTP (502). */
export const UpstreamFailedError = defineError<{ upstream: string; reason: string }>(
  'INTERCEPTOR_UPSTREAM_FAILED',
  ({ upstream, reason }) => `${upstream} failed: ${reason}`,
  'UpstreamFailedError',
);

/** The route's target cannot be resolved to an address: a port or port name the Service does not have (500). */
export const TargetUnresolvedError = defineError<{ service: string; reason: string }>(
  'INTERCEPTOR_TARGET_UNRESOLVED',
  ({ service, reason }) => `cannot resolve the target of Service ${service}: ${reason}`,
  'TargetUnresolvedError',
);

/** The client went away before the response was complete (nothing more can be sent). */
export const ClientGoneError = defineError(
  'INTERCEPTOR_CLIENT_GONE',
  () => 'the client closed the connection',
  'ClientGoneError',
);

/** The interceptor is draining and accepts no new requests (503). */
export const DrainingError = defineError(
  'INTERCEPTOR_DRAINING',
  () => 'the interceptor is shutting down',
  'DrainingError',
);

/** A server could not start listening. */
export const ListenError = defineError<{ server: string; port: number; reason: string }>(
  'INTERCEPTOR_LISTEN',
  ({ server, port, reason }) => `the ${server} server cannot listen on port ${port}: ${reason}`,
  'ListenError',
);
