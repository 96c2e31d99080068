import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@keda-http/k8s';
import {
  INTERCEPTOR_ROUTE_RECONCILED,
  conditionTime,
  desiredHttpScaledObjectStatus,
  desiredInterceptorRouteStatus,
  isNewFailure,
  statusPatch,
  targetsOf,
  type ReconcileOutcome,
} from './desired-status.js';

const T0 = Date.parse('2026-11-28T10:00:00.123Z');
const T1 = Date.parse('2026-11-28T10:05:00Z');
const reconciled: ReconcileOutcome = { type: 'reconciled', message: 'ScaledObject created and configured' };
const invalid: ReconcileOutcome = {
  type: 'invalid',
  issues: [
    {
      path: 'spec.scalingMetric',
      message: "spec.scalingMetric: must define either the 'concurrency' or the 'requestRate', not both",
    },
  ],
};
const createError: ReconcileOutcome = { type: 'create-error', detail: 'admission webhook said no' };

const hso = (status?: unknown, generation = 3): KubeObject => ({
  metadata: { name: 'web', namespace: 'apps', generation },
  spec: { scaleTargetRef: { name: 'web', service: 'web-svc', port: 8080 } },
  ...(status !== undefined ? { status } : {}),
});

describe('desiredHttpScaledObjectStatus', () => {
  it.each<[string, ReconcileOutcome, string, string, string]>([
    ['success', reconciled, 'True', 'Reconciled', 'ScaledObject created and configured'],
    [
      'an invalid spec',
      invalid,
      'False',
      'InvalidSpec',
      "spec.scalingMetric: must define either the 'concurrency' or the 'requestRate', not both",
    ],
    [
      'a failed ScaledObject write',
      createError,
      'False',
      'CreateError',
      'Failed to create scaled objects: admission webhook said no',
    ],
  ])('reports %s in the Ready condition', (_name, outcome, status, reason, message) => {
    expect(desiredHttpScaledObjectStatus(hso(), outcome, T0)).toEqual({
      conditions: [
        {
          type: 'Ready',
          status,
          observedGeneration: 3,
          lastTransitionTime: '2026-11-28T10:00:00Z',
          reason,
          message,
        },
      ],
      observedGeneration: 3,
      targetWorkload: 'apps/v1/Deployment/web',
      targetService: 'web-svc:8080',
    });
  });

  it('keeps lastTransitionTime while the condition status stays the same', () => {
    const first = desiredHttpScaledObjectStatus(hso(), invalid, T0);
    const second = desiredHttpScaledObjectStatus(hso(first), createError, T1);
    expect(second.conditions?.[0]?.lastTransitionTime).toBe(conditionTime(T0));
    expect(second.conditions?.[0]?.reason).toBe('CreateError');
  });

  it('moves lastTransitionTime when the condition status flips', () => {
    const first = desiredHttpScaledObjectStatus(hso(), invalid, T0);
    const second = desiredHttpScaledObjectStatus(hso(first), reconciled, T1);
    expect(second.conditions?.[0]?.lastTransitionTime).toBe('2026-11-28T10:05:00Z');
  });

  it('keeps conditions of other types in place', () => {
    const other = { type: 'Paused', status: 'False', lastTransitionTime: 'x', reason: 'No', message: '' };
    const status = desiredHttpScaledObjectStatus(hso({ conditions: [other] }), reconciled, T0);
    expect(status.conditions?.map((c) => c.type)).toEqual(['Paused', 'Ready']);
  });
});

describe('targetsOf', () => {
  it.each([
    [
      'a port number',
      { name: 'web', service: 's', port: 80 },
      { targetWorkload: 'apps/v1/Deployment/web', targetService: 's:80' },
    ],
    [
      'a port name',
      { name: 'web', service: 's', portName: 'http' },
      { targetWorkload: 'apps/v1/Deployment/web', targetService: 's:http' },
    ],
    [
      'another workload kind',
      { name: 'db', kind: 'StatefulSet', apiVersion: 'apps/v1', service: 's', port: 1 },
      { targetWorkload: 'apps/v1/StatefulSet/db', targetService: 's:1' },
    ],
    ['no scaleTargetRef', undefined, {}],
  ])('reads %s', (_name, ref, expected) => {
    expect(targetsOf({ spec: ref === undefined ? {} : { scaleTargetRef: ref } })).toEqual(expected);
  });
});

describe('desiredInterceptorRouteStatus', () => {
  it('reports a reconciled InterceptorRoute', () => {
    const status = desiredInterceptorRouteStatus(
      { metadata: { name: 'r', namespace: 'apps', generation: 1 } },
      { type: 'reconciled', message: INTERCEPTOR_ROUTE_RECONCILED },
      T0,
    );
    expect(status).toEqual({
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          observedGeneration: 1,
          lastTransitionTime: '2026-11-28T10:00:00Z',
          reason: 'Reconciled',
          message: 'InterceptorRoute reconciled',
        },
      ],
      observedGeneration: 1,
    });
  });
});

describe('statusPatch', () => {
  it('is undefined when the object already carries the desired status, so nothing is written', () => {
    const desired = desiredHttpScaledObjectStatus(hso(), reconciled, T0);
    const again = desiredHttpScaledObjectStatus(hso(desired), reconciled, T1);
    expect(statusPatch(hso(desired), again)).toBeUndefined();
  });

  it('sends every status field, null for those to remove', () => {
    const desired = desiredInterceptorRouteStatus(hso({ targetService: 'stale:1' }), reconciled, T0);
    expect(statusPatch(hso({ targetService: 'stale:1' }), desired)).toEqual({
      status: {
        conditions: desired.conditions,
        observedGeneration: 3,
        targetWorkload: null,
        targetService: null,
      },
    });
  });

  it('writes again when the generation moved on', () => {
    const desired = desiredHttpScaledObjectStatus(hso(undefined, 3), reconciled, T0);
    const next = desiredHttpScaledObjectStatus(hso(desired, 4), reconciled, T0);
    expect(statusPatch(hso(desired, 4), next)?.status.observedGeneration).toBe(4);
  });
});

describe('isNewFailure', () => {
  it.each<[string, ReconcileOutcome | undefined, ReconcileOutcome, boolean]>([
    ['a first failure', undefined, invalid, true],
    ['success after failure', invalid, reconciled, false],
    ['the same failure again', invalid, invalid, false],
    ['a different failure', invalid, createError, true],
  ])('%s → %s', (_name, before, after, expected) => {
    const obj = hso(before === undefined ? undefined : desiredHttpScaledObjectStatus(hso(), before, T0));
    const desired = desiredHttpScaledObjectStatus(obj, after, T1);
    expect(isNewFailure(obj, desired) !== undefined).toBe(expected);
  });
});
