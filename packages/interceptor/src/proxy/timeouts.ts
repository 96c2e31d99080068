// Which timeouts apply to a request of a route (SPEC §4, docs/interceptor.md "Timeouts"). Pure: the global
// settings and the route's own overrides in, milliseconds out; 0 always means "off".
import type { Route } from '@keda-http/routing';

/** The global settings, from config. */
export interface GlobalTimeouts {
  /** KEDA_HTTP_REQUEST_TIMEOUT. */
  readonly requestMs: number;
  /** KEDA_HTTP_READINESS_TIMEOUT (or the deprecated KEDA_CONDITION_WAIT_TIMEOUT when above 0). */
  readonly readinessMs: number;
  /** KEDA_HTTP_RESPONSE_HEADER_TIMEOUT (or the deprecated KEDA_RESPONSE_HEADER_TIMEOUT when above 0). */
  readonly responseHeaderMs: number;
}

export interface RouteTimeouts {
  /** Deadline of the whole request; 0 = none. */
  readonly requestMs: number;
  /** How long to wait for a ready endpoint; 0 = bounded only by the request deadline. */
  readonly readinessMs: number;
  /** How long the backend may take to send response headers; 0 = no limit. */
  readonly responseHeaderMs: number;
}

/** A route with a fallback and no readiness timeout waits this long before falling back. */
export const FALLBACK_READINESS_MS = 30_000;

/**
 * A route's own timeout wins when it is set (0 included: it turns the timeout off); otherwise the global
 * setting applies. A route with a cold-start fallback and no readiness timeout gets its fallback's
 * timeoutSeconds (HTTPScaledObject) or 30 s, so that the fallback still has time to answer.
 */
export function resolveTimeouts(route: Route, globals: GlobalTimeouts): RouteTimeouts {
  const own = route.timeouts;
  let readinessMs = own.readinessMs ?? globals.readinessMs;
  const fallback = route.coldStart?.fallback;
  if (fallback !== undefined && readinessMs === 0) {
    readinessMs =
      fallback.timeoutSeconds !== undefined && fallback.timeoutSeconds > 0
        ? fallback.timeoutSeconds * 1000
        : FALLBACK_READINESS_MS;
  }
  return {
    requestMs: own.requestMs ?? globals.requestMs,
    readinessMs,
    responseHeaderMs: own.responseHeaderMs ?? globals.responseHeaderMs,
  };
}
