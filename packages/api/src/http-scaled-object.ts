// HTTPScaledObject http.keda.sh/v1alpha1 (SPEC §1.1): one host/path/header route to a Service, plus the
// workload the operator scales through a KEDA ScaledObject.
import { z } from 'zod';
import { HTTP_SCALED_OBJECT } from './constants.js';
import { objectMetaSchema } from './object-meta.js';
import { headersField, portXor } from './routing-fields.js';
import { concurrencyTargetSchema, requestRateTargetSchema } from './scaling-metric.js';
import { type CrossFieldRule, duration, int32, portNumber, withRules } from './schema-building.js';
import { httpScaledObjectStatusSchema } from './status.js';

export const SCALING_METRIC_EXCLUSIVE_MESSAGE =
  "must define either the 'concurrency' or the 'requestRate', not both";

const scalingMetricExclusive: CrossFieldRule<{ concurrency?: unknown; requestRate?: unknown }> = {
  rule: '!(has(self.concurrency) && has(self.requestRate))',
  message: SCALING_METRIC_EXCLUSIVE_MESSAGE,
  holds: (v) => !(v.concurrency !== undefined && v.requestRate !== undefined),
};

const scaleTargetRefSchema = withRules(
  z
    .object({
      name: z.string().optional().meta({ description: 'Name of the workload to scale.' }),
      kind: z
        .string()
        .default('Deployment')
        .meta({ description: 'Kind of the workload; anything with a /scale subresource.' }),
      apiVersion: z.string().default('apps/v1').meta({ description: 'API version of the workload.' }),
      service: z
        .string()
        .min(1)
        .meta({ description: 'The Service requests are sent to, in the same namespace.' }),
      port: portNumber().optional().meta({ description: 'Service port number. Exclusive with portName.' }),
      portName: z.string().min(1).optional().meta({ description: 'Service port name. Exclusive with port.' }),
    })
    .meta({
      description:
        'The workload to scale and the Service to route to; give exactly one of port and portName.',
    }),
  [portXor],
);

const failoverRefSchema = withRules(
  z
    .object({
      service: z.string().min(1).meta({ description: 'Service that takes requests after the timeout.' }),
      port: portNumber().optional().meta({ description: 'Service port number. Exclusive with portName.' }),
      portName: z.string().min(1).optional().meta({ description: 'Service port name. Exclusive with port.' }),
      timeoutSeconds: int32()
        .min(0)
        .default(30)
        .meta({ description: 'Seconds to wait for the backend to become ready before failing over.' }),
    })
    .meta({
      description: 'Where to send a request when the backend is still not ready after timeoutSeconds.',
    }),
  [portXor],
);

const scalingMetricSchema = withRules(
  z
    .object({
      concurrency: concurrencyTargetSchema.optional(),
      requestRate: requestRateTargetSchema.optional(),
    })
    .meta({
      description:
        'What to scale on. On an HTTPScaledObject, concurrency and requestRate exclude each other.',
    }),
  [scalingMetricExclusive],
);

export const httpScaledObjectSpecSchema = z
  .object({
    hosts: z.array(z.string()).optional().meta({
      description:
        'Hosts this route serves. `*.example.com` matches any depth of subdomain; `*`, an empty list or no list means every host.',
    }),
    pathPrefixes: z.array(z.string()).optional().meta({
      description:
        'Path prefixes, matched on whole segments (`/api` matches `/api/x`, not `/apix`); the longest wins. Absent means `/`.',
    }),
    headers: headersField(
      'Headers a request must carry, all of them; an entry without value only needs the header to be present.',
    ),
    scaleTargetRef: scaleTargetRefSchema,
    replicas: z
      .object({
        min: int32().min(0).optional().meta({ description: 'Minimum replicas; KEDA decides when omitted.' }),
        max: int32().min(0).optional().meta({ description: 'Maximum replicas; KEDA decides when omitted.' }),
      })
      .optional()
      .meta({ description: 'Replica bounds copied to the ScaledObject.' }),
    scaledownPeriod: int32().min(0).default(300).meta({
      description:
        'Seconds of inactivity before scaling to zero; becomes cooldownPeriod of the ScaledObject.',
    }),
    initialCooldownPeriod: int32().min(0).optional().meta({
      description:
        'Seconds after creation before the first scale-down; becomes initialCooldownPeriod of the ScaledObject.',
    }),
    targetPendingRequests: int32().min(1).optional().meta({
      description:
        'Deprecated: use scalingMetric. Target requests in flight, used only without scalingMetric (100 when unset).',
    }),
    scalingMetric: scalingMetricSchema.optional(),
    coldStartTimeoutFailoverRef: failoverRefSchema.optional(),
    timeouts: z
      .object({
        conditionWait: duration().optional().meta({
          description: 'How long a request waits for a ready backend; the global setting when unset.',
        }),
        responseHeader: duration().optional().meta({
          description:
            'How long to wait for response headers from the backend; the global setting when unset.',
        }),
      })
      .optional()
      .meta({ description: 'Per-route timeouts that override the global settings of the interceptor.' }),
  })
  .meta({ description: 'Desired state of an HTTPScaledObject.' });

export const httpScaledObjectSchema = z.object({
  apiVersion: z.literal(HTTP_SCALED_OBJECT.apiVersion).default(HTTP_SCALED_OBJECT.apiVersion),
  kind: z.literal(HTTP_SCALED_OBJECT.kind).default(HTTP_SCALED_OBJECT.kind),
  metadata: objectMetaSchema,
  spec: httpScaledObjectSpecSchema,
  // Status is written by the operator and never a reason to reject an object: an unreadable status is dropped.
  status: httpScaledObjectStatusSchema.optional().catch(undefined),
});

export type HTTPScaledObjectSpec = z.output<typeof httpScaledObjectSpecSchema>;
export type HTTPScaledObject = z.output<typeof httpScaledObjectSchema>;
/** What a user writes: defaults not yet applied. */
export type HTTPScaledObjectInput = z.input<typeof httpScaledObjectSchema>;
