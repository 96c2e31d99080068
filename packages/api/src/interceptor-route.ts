// InterceptorRoute http.keda.sh/v1beta1 (SPEC §1.2): routing written as OR-ed rules, a target Service, the
// scaling metric the user's own ScaledObject asks the scaler about, cold-start behaviour and static routes.
import { z } from 'zod';
import { INTERCEPTOR_ROUTE } from './constants.js';
import { objectMetaSchema } from './object-meta.js';
import { headersField, portXor } from './routing-fields.js';
import { concurrencyTargetSchema, requestRateTargetSchema } from './scaling-metric.js';
import { type CrossFieldRule, duration, listType, portNumber, withRules } from './schema-building.js';
import { staticResponseSchema } from './static-response.js';
import { interceptorRouteStatusSchema } from './status.js';

export const SCALING_METRIC_REQUIRED_MESSAGE = "must define at least one of 'concurrency' or 'requestRate'";
export const COLD_START_REQUIRED_MESSAGE = "must define at least one of 'fallback' or 'placeholder'";

const scalingMetricRequired: CrossFieldRule<{ concurrency?: unknown; requestRate?: unknown }> = {
  rule: 'has(self.concurrency) || has(self.requestRate)',
  message: SCALING_METRIC_REQUIRED_MESSAGE,
  holds: (v) => v.concurrency !== undefined || v.requestRate !== undefined,
};

const coldStartRequired: CrossFieldRule<{ fallback?: unknown; placeholder?: unknown }> = {
  rule: 'has(self.fallback) || has(self.placeholder)',
  message: COLD_START_REQUIRED_MESSAGE,
  holds: (v) => v.fallback !== undefined || v.placeholder !== undefined,
};

const portFields = {
  port: portNumber().optional().meta({ description: 'Service port number. Exclusive with portName.' }),
  portName: z.string().min(1).optional().meta({ description: 'Service port name. Exclusive with port.' }),
};

export const routingRuleSchema = z
  .object({
    hosts: z
      .array(z.string())
      .optional()
      .meta({
        description:
          'Hosts to match. `*.example.com` matches any depth of subdomain; `*`, an empty list or no list means every host.',
        ...listType('set'),
      }),
    paths: z
      .array(
        z
          .object({
            value: z
              .string()
              .min(1)
              .meta({ description: 'Path prefix, matched on whole segments; the longest wins.' }),
          })
          .meta({ description: 'One path prefix.' }),
      )
      .optional()
      .meta({ description: 'Path prefixes to match; absent means `/`.', ...listType('atomic') }),
    headers: headersField(
      'Headers a request must carry, all of them; an entry without value only needs presence.',
    ),
  })
  .meta({ description: 'One way a request can match; hosts, paths and headers must all match.' });

const targetSchema = withRules(
  z
    .object({
      service: z.string().min(1).meta({ description: 'The backend Service, in the same namespace.' }),
      ...portFields,
    })
    .meta({ description: 'The backend Service; give exactly one of port and portName.' }),
  [portXor],
);

const serviceRefSchema = withRules(
  z
    .object({ name: z.string().min(1).meta({ description: 'Name of the Service.' }), ...portFields })
    .meta({ description: 'A Service in the same namespace; give exactly one of port and portName.' }),
  [portXor],
);

const scalingMetricSchema = withRules(
  z
    .object({
      concurrency: concurrencyTargetSchema.optional(),
      requestRate: requestRateTargetSchema.optional(),
    })
    .meta({
      description: 'What to scale on; when both are set both are reported and KEDA takes the larger.',
    }),
  [scalingMetricRequired],
);

const coldStartSchema = withRules(
  z
    .object({
      fallback: z.object({ service: serviceRefSchema }).optional().meta({
        description: 'Send requests here when the backend is not ready within the readiness timeout.',
      }),
      placeholder: z
        .object({ response: staticResponseSchema(503) })
        .optional()
        .meta({ description: 'Answer at once with this response while the backend starts.' }),
    })
    .meta({
      description:
        'Behaviour while the backend scales from zero; set at least one of fallback and placeholder.',
    }),
  [coldStartRequired],
);

const staticRouteSchema = z
  .object({
    rules: z
      .array(routingRuleSchema)
      .min(1)
      .meta({
        description: 'Requests that get the static response; the rules combine with OR.',
        ...listType('atomic'),
      }),
    response: staticResponseSchema(),
    responseMode: z.enum(['Always', 'WhenUnavailable']).default('WhenUnavailable').meta({
      description:
        'Always: answer every time. WhenUnavailable: only while the backend has no ready endpoint.',
    }),
  })
  .meta({ description: 'A response served without waking the backend; static routes are not counted.' });

export const interceptorRouteSpecSchema = z
  .object({
    target: targetSchema,
    rules: z
      .array(routingRuleSchema)
      .optional()
      .meta({
        description: 'Routing rules, combined with OR. Without rules the route matches every request.',
        ...listType('atomic'),
      }),
    scalingMetric: scalingMetricSchema,
    coldStart: coldStartSchema.optional(),
    timeouts: z
      .object({
        readiness: duration().optional().meta({
          description: 'How long a request waits for a ready backend; `0s` disables this deadline.',
        }),
        request: duration()
          .optional()
          .meta({ description: 'Deadline for the whole request; `0s` disables it.' }),
        responseHeader: duration()
          .optional()
          .meta({ description: 'How long to wait for response headers from the backend; `0s` disables it.' }),
      })
      .optional()
      .meta({ description: 'Per-route timeouts; unset fields use the global settings of the interceptor.' }),
    staticRoutes: z
      .array(staticRouteSchema)
      .optional()
      .meta({
        description: 'Static responses, tried in order; the first match wins.',
        ...listType('atomic'),
      }),
  })
  .meta({ description: 'Desired state of an InterceptorRoute.' });

export const interceptorRouteSchema = z.object({
  apiVersion: z.literal(INTERCEPTOR_ROUTE.apiVersion).default(INTERCEPTOR_ROUTE.apiVersion),
  kind: z.literal(INTERCEPTOR_ROUTE.kind).default(INTERCEPTOR_ROUTE.kind),
  metadata: objectMetaSchema,
  spec: interceptorRouteSpecSchema,
  status: interceptorRouteStatusSchema.optional().catch(undefined),
});

export type RoutingRule = z.output<typeof routingRuleSchema>;
export type InterceptorRouteSpec = z.output<typeof interceptorRouteSpecSchema>;
export type InterceptorRoute = z.output<typeof interceptorRouteSchema>;
/** What a user writes: defaults not yet applied. */
export type InterceptorRouteInput = z.input<typeof interceptorRouteSchema>;
