// Status of both kinds: standard metav1.Condition entries (a list map keyed by `type`), the generation the
// operator last acted on, and for HTTPScaledObject the resolved workload and Service shown in printer columns.
import { z } from 'zod';
import { listMap } from './schema-building.js';

// A qualified name: an optional DNS-subdomain prefix and a slash, then a name.
const CONDITION_TYPE_PATTERN =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;

export const conditionSchema = z
  .object({
    type: z
      .string()
      .max(316)
      .regex(CONDITION_TYPE_PATTERN)
      .meta({ description: 'Condition type in CamelCase; this add-on reports `Ready`.' }),
    status: z.enum(['True', 'False', 'Unknown']).meta({ description: 'True, False or Unknown.' }),
    observedGeneration: z
      .int()
      .min(0)
      .optional()
      .meta({ description: 'The metadata.generation this condition was computed from.' }),
    lastTransitionTime: z
      .string()
      .meta({ description: 'When the status last changed (RFC 3339).', format: 'date-time' }),
    reason: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/)
      .meta({ description: 'Machine-readable CamelCase reason, such as Reconciled or CreateError.' }),
    message: z.string().max(32768).meta({ description: 'Human-readable detail; may be empty.' }),
  })
  .meta({ description: 'One aspect of the current state, in the standard Kubernetes condition shape.' });

export type Condition = z.output<typeof conditionSchema>;

const conditions = z
  .array(conditionSchema)
  .optional()
  .meta({ description: 'Current conditions; one entry per type.', ...listMap('type') });

const observedGeneration = z
  .int()
  .min(0)
  .optional()
  .meta({ description: 'The metadata.generation the operator last reconciled.' });

export const httpScaledObjectStatusSchema = z
  .object({
    conditions,
    observedGeneration,
    targetWorkload: z
      .string()
      .optional()
      .meta({ description: 'The scaled workload as apiVersion/kind/name, e.g. apps/v1/Deployment/web.' }),
    targetService: z
      .string()
      .optional()
      .meta({ description: 'The Service and port requests go to, as service:port.' }),
  })
  .meta({ description: 'Observed state of an HTTPScaledObject, written by the operator.' });

export type HTTPScaledObjectStatus = z.output<typeof httpScaledObjectStatusSchema>;

export const interceptorRouteStatusSchema = z
  .object({ conditions, observedGeneration })
  .meta({ description: 'Observed state of an InterceptorRoute, written by the operator.' });

export type InterceptorRouteStatus = z.output<typeof interceptorRouteStatusSchema>;
