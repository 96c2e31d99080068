// KEDA's scale executor, as a pure decision: given whether the triggers are active (and whether any failed),
// the target's current replicas and the ScaledObject's timing, what to scale to, how the Active and Ready
// conditions read, and whether lastActiveTime moves to now.
// - Active at 0 (or below min with idleReplicaCount set): straight to max(minReplicaCount, 1).
// - Inactive with replicas above 0 (min 0) or above idle: down to idle or min, but only once cooldownPeriod
//   has passed since lastActiveTime (or initialCooldownPeriod since creation when never active).
// - Inactive below minReplicaCount (no idle): up to min.
// - A trigger error while inactive (there is no fallback) changes nothing and says Ready False.
import type { ScaleReason } from '../timeline/event-timeline.js';

export interface Condition {
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

export interface DecisionInput {
  readonly isActive: boolean;
  readonly isError: boolean;
  /** What failed, for the Ready condition's message. */
  readonly errorDetail?: string;
  readonly currentReplicas: number;
  readonly minReplicas: number;
  readonly idleReplicas: number | undefined;
  readonly cooldownMs: number;
  readonly initialCooldownMs: number;
  readonly lastActiveMs: number | undefined;
  readonly createdMs: number;
  readonly nowMs: number;
}

export interface Decision {
  readonly scaleTo?: { readonly replicas: number; readonly reason: ScaleReason };
  readonly active: Condition;
  readonly ready: Condition;
  readonly touchLastActive: boolean;
}

export const READY_OK: Condition = {
  status: 'True',
  reason: 'ScaledObjectReady',
  message: 'ScaledObject is defined correctly and is ready for scaling',
};
const ACTIVE: Condition = {
  status: 'True',
  reason: 'ScalerActive',
  message: 'Scaling is performed because triggers are active',
};
const NOT_ACTIVE: Condition = {
  status: 'False',
  reason: 'ScalerNotActive',
  message: 'Scaling is not performed because triggers are not active',
};
const COOLING: Condition = {
  status: 'False',
  reason: 'ScalerCooldown',
  message: 'Scaler cooling down because triggers are not active',
};

const detail = (d: string | undefined): string => (d === undefined ? '' : `: ${d}`);

export function decideScale(i: DecisionInput): Decision {
  if (i.isActive) {
    if ((i.idleReplicas !== undefined && i.currentReplicas < i.minReplicas) || i.currentReplicas === 0) {
      const replicas = i.minReplicas > 0 ? i.minReplicas : 1;
      return {
        scaleTo: { replicas, reason: 'activated' },
        active: ACTIVE,
        ready: READY_OK,
        touchLastActive: true,
      };
    }
    if (i.isError) {
      const ready: Condition = {
        status: 'Unknown',
        reason: 'PartialTriggerError',
        message: `Some triggers defined in ScaledObject are not working correctly${detail(i.errorDetail)}`,
      };
      return { active: ACTIVE, ready, touchLastActive: false };
    }
    return { active: ACTIVE, ready: READY_OK, touchLastActive: true };
  }
  if (i.isError) {
    const ready: Condition = {
      status: 'False',
      reason: 'TriggerError',
      message: `Triggers defined in ScaledObject are not working correctly${detail(i.errorDetail)}`,
    };
    return { active: NOT_ACTIVE, ready, touchLastActive: false };
  }
  const aboveIdle = i.idleReplicas !== undefined && i.currentReplicas > i.idleReplicas;
  if (aboveIdle || (i.currentReplicas > 0 && i.minReplicas === 0)) {
    const cooled =
      i.lastActiveMs === undefined
        ? i.createdMs + i.initialCooldownMs < i.nowMs
        : i.lastActiveMs + i.cooldownMs < i.nowMs;
    if (!cooled) return { active: COOLING, ready: READY_OK, touchLastActive: false };
    const replicas = i.idleReplicas ?? i.minReplicas;
    return {
      scaleTo: { replicas, reason: 'cooldown' },
      active: NOT_ACTIVE,
      ready: READY_OK,
      touchLastActive: false,
    };
  }
  if (i.idleReplicas === undefined && i.currentReplicas < i.minReplicas) {
    return {
      scaleTo: { replicas: i.minReplicas, reason: 'min' },
      active: NOT_ACTIVE,
      ready: READY_OK,
      touchLastActive: false,
    };
  }
  return { active: NOT_ACTIVE, ready: READY_OK, touchLastActive: false };
}
