// "What the status should say" (DESIGN habit 10): the Ready condition and the other status fields of an
// HTTPScaledObject or InterceptorRoute for the outcome of a reconcile, computed from the object as the
// server sent it. Pure: the clock is an argument. lastTransitionTime moves only when the condition's status
// flips, as metav1 conditions do, so a reconcile that changes nothing computes the status already stored and
// the operator writes nothing (its own status write must not start a write loop).
import { isDeepStrictEqual } from 'node:util';
import {
  CONDITION_READY,
  ConditionMessage,
  ConditionReason,
  formatIssues,
  type Condition,
  type ValidationIssue,
} from '@keda-http/api';
import type { KubeObject } from '@keda-http/k8s';

export type ReconcileOutcome =
  | { readonly type: 'reconciled'; readonly message: string }
  | { readonly type: 'invalid'; readonly issues: readonly ValidationIssue[] }
  | { readonly type: 'create-error'; readonly detail: string };

/** The message of an InterceptorRoute that reconciled. */
export const INTERCEPTOR_ROUTE_RECONCILED = 'InterceptorRoute reconciled';
/** The message of an HTTPScaledObject whose ScaledObject is skipped by annotation. */
export const SCALED_OBJECT_SKIPPED =
  'ScaledObject creation skipped (httpscaledobject.keda.sh/skip-scaledobject-creation); the route is served';

export interface ObjectStatus {
  conditions?: Condition[];
  observedGeneration?: number;
  targetWorkload?: string;
  targetService?: string;
}

/** RFC 3339 with whole seconds, as metav1.Time is serialised. */
export const conditionTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function readyCondition(
  outcome: ReconcileOutcome,
  generation: number | undefined,
  previous: Condition | undefined,
  nowMs: number,
): Condition {
  const [status, reason, message] =
    outcome.type === 'reconciled'
      ? (['True', ConditionReason.Reconciled, outcome.message] as const)
      : outcome.type === 'invalid'
        ? (['False', ConditionReason.InvalidSpec, formatIssues(outcome.issues)] as const)
        : (['False', ConditionReason.CreateError, ConditionMessage.createError(outcome.detail)] as const);
  return {
    type: CONDITION_READY,
    status,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastTransitionTime:
      previous !== undefined && previous.status === status
        ? previous.lastTransitionTime
        : conditionTime(nowMs),
    reason,
    message,
  };
}

/** Replaces the Ready condition in a list of conditions, keeping the other types in place. */
export function withCondition(conditions: readonly Condition[] | undefined, next: Condition): Condition[] {
  const list = [...(conditions ?? [])];
  const at = list.findIndex((c) => c.type === next.type);
  if (at === -1) list.push(next);
  else list[at] = next;
  return list;
}

const currentStatus = (obj: KubeObject): ObjectStatus => (obj.status as ObjectStatus | undefined) ?? {};
const readyOf = (obj: KubeObject): Condition | undefined =>
  currentStatus(obj).conditions?.find((c) => c.type === CONDITION_READY);

interface RawTargetRef {
  apiVersion?: unknown;
  kind?: unknown;
  name?: unknown;
  service?: unknown;
  port?: unknown;
  portName?: unknown;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/** `apps/v1/Deployment/web` and `web-svc:8080` (or `web-svc:http`), read from the object as sent. */
export function targetsOf(obj: KubeObject): { targetWorkload?: string; targetService?: string } {
  const ref = ((obj.spec ?? {}) as { scaleTargetRef?: RawTargetRef }).scaleTargetRef;
  if (ref === undefined || ref === null || typeof ref !== 'object') return {};
  const workload = `${text(ref.apiVersion) ?? 'apps/v1'}/${text(ref.kind) ?? 'Deployment'}/${text(ref.name) ?? ''}`;
  const service = text(ref.service);
  const port = text(ref.port) ?? text(ref.portName);
  return {
    targetWorkload: workload,
    ...(service !== undefined ? { targetService: port !== undefined ? `${service}:${port}` : service } : {}),
  };
}

/** An InterceptorRoute's status; an HTTPScaledObject's adds its targets. */
export function desiredHttpScaledObjectStatus(
  obj: KubeObject,
  outcome: ReconcileOutcome,
  nowMs: number,
): ObjectStatus {
  return { ...desiredInterceptorRouteStatus(obj, outcome, nowMs), ...targetsOf(obj) };
}

/** The Ready condition (merged into the conditions already there) and observedGeneration. */
export function desiredInterceptorRouteStatus(
  obj: KubeObject,
  outcome: ReconcileOutcome,
  nowMs: number,
): ObjectStatus {
  const generation = obj.metadata?.generation;
  const ready = readyCondition(outcome, generation, readyOf(obj), nowMs);
  return {
    conditions: withCondition(currentStatus(obj).conditions, ready),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
}

const STATUS_FIELDS = ['conditions', 'observedGeneration', 'targetWorkload', 'targetService'] as const;

/**
 * The merge patch that turns the object's status into `desired`, or undefined when it already is. Fields
 * the desired status leaves out are removed (null in a merge patch).
 */
export function statusPatch(
  obj: KubeObject,
  desired: ObjectStatus,
): { status: Record<string, unknown> } | undefined {
  const current = currentStatus(obj);
  const changed = STATUS_FIELDS.filter((f) => !isDeepStrictEqual(current[f], desired[f]));
  if (changed.length === 0) return undefined;
  const status: Record<string, unknown> = {};
  for (const f of STATUS_FIELDS) status[f] = desired[f] ?? null;
  return { status };
}

/** The Ready condition's reason and message changed to a failure: worth a Warning Event. */
export function isNewFailure(obj: KubeObject, desired: ObjectStatus): Condition | undefined {
  const next = desired.conditions?.find((c) => c.type === CONDITION_READY);
  if (next === undefined || next.status !== 'False') return undefined;
  const prev = readyOf(obj);
  return prev?.reason === next.reason && prev.message === next.message ? undefined : next;
}
