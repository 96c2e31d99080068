// The Route record: one per HTTPScaledObject or InterceptorRoute, in the JSON form the interceptor and the
// scaler need. It is what the operator serves in the routing table, so its zod schema is the wire contract.
import { z } from 'zod';

export const routeHeaderSchema = z.object({
  /** Header name as the user wrote it; matching ignores case. */
  name: z.string().min(1),
  /** Exact value required; absent means the header only has to be present. */
  value: z.string().optional(),
});

export const routeRuleSchema = z.object({
  /** Host patterns: exact, `*.suffix` wildcards, or `*`. Empty means every host. */
  hosts: z.array(z.string()),
  /** Path prefixes, matched on segment boundaries. Empty means `/`. */
  paths: z.array(z.string()),
  /** Headers that must all match. */
  headers: z.array(routeHeaderSchema),
});

const port = z.int().min(1).max(65535);

export const serviceRefSchema = z.object({
  service: z.string().min(1),
  port: port.optional(),
  portName: z.string().min(1).optional(),
});

export const routeStaticResponseSchema = z.object({
  statusCode: z.int().min(100).max(599),
  body: z.string().optional(),
  bodyFromConfigMap: z.object({ name: z.string().min(1), key: z.string().min(1).optional() }).optional(),
  headers: z.record(z.string(), z.string()),
});

export const staticRouteSchema = z.object({
  rules: z.array(routeRuleSchema).min(1),
  response: routeStaticResponseSchema,
  responseMode: z.enum(['Always', 'WhenUnavailable']),
});

export const routeSchema = z
  .object({
    kind: z.enum(['HTTPScaledObject', 'InterceptorRoute']),
    namespace: z.string().min(1),
    name: z.string().min(1),
    /** `namespace/name`: the key of counters, metrics and queue entries. */
    key: z.string(),
    /** RFC 3339; orders otherwise equal routes, older first. */
    creationTimestamp: z.string(),
    /** OR-ed rules; an HTTPScaledObject has exactly one. */
    rules: z.array(routeRuleSchema),
    /** The backend Service, in the route's namespace. */
    target: serviceRefSchema,
    /** HTTPScaledObject only: the workload its ScaledObject scales. */
    scaleTarget: z
      .object({ apiVersion: z.string(), kind: z.string(), name: z.string().optional() })
      .optional(),
    scaling: z.object({
      concurrency: z.object({ targetValue: z.int().min(1) }).optional(),
      requestRate: z
        .object({
          targetValue: z.int().min(1),
          windowMs: z.number().min(0),
          granularityMs: z.number().min(0),
        })
        .optional(),
      /** HTTPScaledObject only: the deprecated target, 100 when the object did not set it. */
      targetPendingRequests: z.int().min(1).optional(),
    }),
    /** Per-route timeouts in milliseconds; absent means the interceptor's global setting, 0 disables. */
    timeouts: z.object({
      readinessMs: z.number().min(0).optional(),
      requestMs: z.number().min(0).optional(),
      responseHeaderMs: z.number().min(0).optional(),
    }),
    coldStart: z
      .object({
        /** timeoutSeconds is set for HTTPScaledObjects (coldStartTimeoutFailoverRef.timeoutSeconds). */
        fallback: serviceRefSchema.extend({ timeoutSeconds: z.int().min(0).optional() }).optional(),
        placeholder: routeStaticResponseSchema.optional(),
      })
      .optional(),
    /** Static responses in list order; the first whose rules match wins. */
    staticRoutes: z.array(staticRouteSchema),
  })
  .refine((r) => r.key === `${r.namespace}/${r.name}`, {
    message: 'key must be namespace/name',
    path: ['key'],
  });

export type Route = z.output<typeof routeSchema>;
export type RouteRule = z.output<typeof routeRuleSchema>;
export type RouteHeader = z.output<typeof routeHeaderSchema>;
export type ServiceRef = z.output<typeof serviceRefSchema>;
export type RouteStaticResponse = z.output<typeof routeStaticResponseSchema>;
export type StaticRoute = z.output<typeof staticRouteSchema>;
export type RouteKind = Route['kind'];
