import { describe, expect, it } from 'vitest';
import { decideScale, type DecisionInput } from './scale-decision.js';

const base: DecisionInput = {
  isActive: false,
  isError: false,
  currentReplicas: 0,
  minReplicas: 0,
  idleReplicas: undefined,
  cooldownMs: 300_000,
  initialCooldownMs: 0,
  lastActiveMs: undefined,
  createdMs: 0,
  nowMs: 1_000_000,
};

describe("KEDA's scale decision", () => {
  it.each<[string, Partial<DecisionInput>, number | undefined, string, string]>([
    ['activates from zero to one', { isActive: true }, 1, 'activated', 'ScalerActive'],
    [
      'activates from zero to minReplicaCount',
      { isActive: true, minReplicas: 3 },
      3,
      'activated',
      'ScalerActive',
    ],
    [
      'leaves an active target above zero to the HPA',
      { isActive: true, currentReplicas: 4 },
      undefined,
      '',
      'ScalerActive',
    ],
    [
      'activates from idle to min when idleReplicaCount is set',
      { isActive: true, currentReplicas: 0, idleReplicas: 0, minReplicas: 2 },
      2,
      'activated',
      'ScalerActive',
    ],
    [
      'waits out the cooldown after the last activity',
      { currentReplicas: 2, lastActiveMs: 1_000_000 - 299_999 },
      undefined,
      '',
      'ScalerCooldown',
    ],
    [
      'scales to zero once the cooldown has passed',
      { currentReplicas: 2, lastActiveMs: 1_000_000 - 300_001 },
      0,
      'cooldown',
      'ScalerNotActive',
    ],
    [
      'scales to zero at once when never active and no initial cooldown',
      { currentReplicas: 2 },
      0,
      'cooldown',
      'ScalerNotActive',
    ],
    [
      'honours initialCooldownPeriod after creation',
      { currentReplicas: 2, initialCooldownMs: 2_000_000 },
      undefined,
      '',
      'ScalerCooldown',
    ],
    [
      'scales down to idleReplicaCount rather than min',
      { currentReplicas: 3, idleReplicas: 0, minReplicas: 1, lastActiveMs: 0 },
      0,
      'cooldown',
      'ScalerNotActive',
    ],
    [
      'leaves a minReplicaCount above zero to the HPA',
      { currentReplicas: 3, minReplicas: 1, lastActiveMs: 0 },
      undefined,
      '',
      'ScalerNotActive',
    ],
    [
      'raises a target below minReplicaCount to min',
      { currentReplicas: 0, minReplicas: 2 },
      2,
      'min',
      'ScalerNotActive',
    ],
    [
      'does not scale to zero while a trigger fails',
      { currentReplicas: 2, isError: true },
      undefined,
      '',
      'ScalerNotActive',
    ],
  ])('%s', (_name, input, replicas, reason, active) => {
    const d = decideScale({ ...base, ...input });
    expect(d.scaleTo?.replicas).toBe(replicas);
    expect(d.scaleTo?.reason ?? '').toBe(reason);
    expect(d.active.reason).toBe(active);
  });

  it.each<[string, Partial<DecisionInput>, string, string]>([
    ['is Ready when every trigger answers', {}, 'True', 'ScaledObjectReady'],
    [
      'is not Ready when inactive triggers fail',
      { isError: true, errorDetail: 'scaler down' },
      'False',
      'TriggerError',
    ],
    [
      'is Unknown when some triggers are active and some fail',
      { isError: true, isActive: true, currentReplicas: 1 },
      'Unknown',
      'PartialTriggerError',
    ],
  ])('%s', (_name, input, status, reason) => {
    const d = decideScale({ ...base, ...input });
    expect(d.ready.status).toBe(status);
    expect(d.ready.reason).toBe(reason);
    if (input.errorDetail !== undefined) expect(d.ready.message).toContain(input.errorDetail);
  });

  it('moves lastActiveTime on activity only', () => {
    expect(decideScale({ ...base, isActive: true, currentReplicas: 2 }).touchLastActive).toBe(true);
    expect(decideScale({ ...base, isActive: false, currentReplicas: 2 }).touchLastActive).toBe(false);
  });
});
