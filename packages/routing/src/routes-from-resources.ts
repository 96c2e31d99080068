// Converts validated HTTPScaledObjects and InterceptorRoutes into Route records. An InterceptorRoute wins over
// an HTTPScaledObject with the same namespace and name (SPEC §1.2). The result is sorted by key.
import {
  HTTP_SCALED_OBJECT,
  INTERCEPTOR_ROUTE,
  parseDuration,
  type HTTPScaledObject,
  type InterceptorRoute,
  type RoutingRule,
  type StaticResponse,
} from '@keda-http/api';
import { RoutingError, RoutingErrorCode } from './errors.js';
import type { Route, RouteRule, RouteStaticResponse } from './route.js';

/** Status code of a placeholder response that does not set one (SPEC §1.2). */
export const DEFAULT_PLACEHOLDER_STATUS = 503;
/** Status code of a static route response that does not set one. */
export const DEFAULT_STATIC_ROUTE_STATUS = 200;
/** Target of an HTTPScaledObject that sets neither scalingMetric nor targetPendingRequests. */
export const DEFAULT_TARGET_PENDING_REQUESTS = 100;

const CATCH_ALL_RULE: RouteRule = { hosts: [], paths: ['/'], headers: [] };

export function routesFromResources(
  hsos: readonly HTTPScaledObject[],
  irs: readonly InterceptorRoute[],
): Route[] {
  const byKey = new Map<string, Route>();
  for (const hso of hsos) {
    const route = routeFromHTTPScaledObject(hso);
    if (!byKey.has(route.key)) byKey.set(route.key, route);
  }
  for (const ir of irs) {
    const route = routeFromInterceptorRoute(ir);
    if (byKey.get(route.key)?.kind !== INTERCEPTOR_ROUTE.kind) byKey.set(route.key, route);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function routeFromHTTPScaledObject(hso: HTTPScaledObject): Route {
  const { metadata, spec } = hso;
  const where = `${HTTP_SCALED_OBJECT.kind} ${metadata.namespace}/${metadata.name}`;
  const ref = spec.scaleTargetRef;
  const failover = spec.coldStartTimeoutFailoverRef;
  const rate = spec.scalingMetric?.requestRate;
  return {
    kind: HTTP_SCALED_OBJECT.kind,
    namespace: metadata.namespace,
    name: metadata.name,
    key: `${metadata.namespace}/${metadata.name}`,
    creationTimestamp: metadata.creationTimestamp ?? '',
    rules: [
      {
        hosts: spec.hosts ?? [],
        paths: spec.pathPrefixes !== undefined && spec.pathPrefixes.length > 0 ? spec.pathPrefixes : ['/'],
        headers: spec.headers ?? [],
      },
    ],
    target: serviceRef(ref.service, ref.port, ref.portName),
    scaleTarget: {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      ...(ref.name !== undefined ? { name: ref.name } : {}),
    },
    scaling: {
      ...(spec.scalingMetric?.concurrency ? { concurrency: spec.scalingMetric.concurrency } : {}),
      ...(rate
        ? {
            requestRate: {
              targetValue: rate.targetValue,
              windowMs: ms(rate.window, `${where}: spec.scalingMetric.requestRate.window`),
              granularityMs: ms(rate.granularity, `${where}: spec.scalingMetric.requestRate.granularity`),
            },
          }
        : {}),
      targetPendingRequests: spec.targetPendingRequests ?? DEFAULT_TARGET_PENDING_REQUESTS,
    },
    timeouts: {
      ...optionalMs('readinessMs', spec.timeouts?.conditionWait, `${where}: spec.timeouts.conditionWait`),
      ...optionalMs(
        'responseHeaderMs',
        spec.timeouts?.responseHeader,
        `${where}: spec.timeouts.responseHeader`,
      ),
    },
    ...(failover
      ? {
          coldStart: {
            fallback: {
              ...serviceRef(failover.service, failover.port, failover.portName),
              timeoutSeconds: failover.timeoutSeconds,
            },
          },
        }
      : {}),
    staticRoutes: [],
  };
}

export function routeFromInterceptorRoute(ir: InterceptorRoute): Route {
  const { metadata, spec } = ir;
  const where = `${INTERCEPTOR_ROUTE.kind} ${metadata.namespace}/${metadata.name}`;
  const rate = spec.scalingMetric.requestRate;
  const fallback = spec.coldStart?.fallback?.service;
  const placeholder = spec.coldStart?.placeholder?.response;
  return {
    kind: INTERCEPTOR_ROUTE.kind,
    namespace: metadata.namespace,
    name: metadata.name,
    key: `${metadata.namespace}/${metadata.name}`,
    creationTimestamp: metadata.creationTimestamp ?? '',
    rules: spec.rules !== undefined && spec.rules.length > 0 ? spec.rules.map(routeRule) : [CATCH_ALL_RULE],
    target: serviceRef(spec.target.service, spec.target.port, spec.target.portName),
    scaling: {
      ...(spec.scalingMetric.concurrency ? { concurrency: spec.scalingMetric.concurrency } : {}),
      ...(rate
        ? {
            requestRate: {
              targetValue: rate.targetValue,
              windowMs: ms(rate.window, `${where}: spec.scalingMetric.requestRate.window`),
              granularityMs: ms(rate.granularity, `${where}: spec.scalingMetric.requestRate.granularity`),
            },
          }
        : {}),
    },
    timeouts: {
      ...optionalMs('readinessMs', spec.timeouts?.readiness, `${where}: spec.timeouts.readiness`),
      ...optionalMs('requestMs', spec.timeouts?.request, `${where}: spec.timeouts.request`),
      ...optionalMs(
        'responseHeaderMs',
        spec.timeouts?.responseHeader,
        `${where}: spec.timeouts.responseHeader`,
      ),
    },
    ...(fallback || placeholder
      ? {
          coldStart: {
            ...(fallback ? { fallback: serviceRef(fallback.name, fallback.port, fallback.portName) } : {}),
            ...(placeholder ? { placeholder: staticResponse(placeholder, DEFAULT_PLACEHOLDER_STATUS) } : {}),
          },
        }
      : {}),
    staticRoutes: (spec.staticRoutes ?? []).map((s) => ({
      rules: s.rules.map(routeRule),
      response: staticResponse(s.response, DEFAULT_STATIC_ROUTE_STATUS),
      responseMode: s.responseMode,
    })),
  };
}

function routeRule(rule: RoutingRule): RouteRule {
  const paths = (rule.paths ?? []).map((p) => p.value);
  return { hosts: rule.hosts ?? [], paths: paths.length > 0 ? paths : ['/'], headers: rule.headers ?? [] };
}

function serviceRef(
  service: string,
  port: number | undefined,
  portName: string | undefined,
): Route['target'] {
  return {
    service,
    ...(port !== undefined ? { port } : {}),
    ...(portName !== undefined ? { portName } : {}),
  };
}

function staticResponse(response: StaticResponse, defaultStatus: number): RouteStaticResponse {
  return {
    statusCode: response.statusCode ?? defaultStatus,
    ...(response.body !== undefined ? { body: response.body } : {}),
    ...(response.bodyFromConfigMap !== undefined ? { bodyFromConfigMap: response.bodyFromConfigMap } : {}),
    headers: response.headers ?? {},
  };
}

function ms(text: string, field: string): number {
  const value = parseDuration(text);
  if (value === undefined) {
    throw new RoutingError(
      RoutingErrorCode.ResourceInvalid,
      `${field}: expected a duration, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function optionalMs<K extends string>(
  key: K,
  text: string | undefined,
  field: string,
): { [P in K]?: number } {
  return text === undefined ? {} : ({ [key]: ms(text, field) } as { [P in K]: number });
}
