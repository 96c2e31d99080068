import { describe, expect, it } from 'vitest';
import { compileCrdSchemas, type StatusCause } from '../schema/index.js';
import { builtinCrds, scaledObjectCrd } from './index.js';

const scaledObjects = compileCrdSchemas(scaledObjectCrd());

/** A ScaledObject as KEDA's documentation writes one, with every section filled in. */
const kedaExample = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'scaledobject.keda.sh/transfer-hpa-ownership': 'true' },
  },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', envSourceContainerName: 'web' },
    pollingInterval: 30,
    cooldownPeriod: 300,
    initialCooldownPeriod: 0,
    idleReplicaCount: 0,
    minReplicaCount: 1,
    maxReplicaCount: 100,
    fallback: { failureThreshold: 3, replicas: 6, behavior: 'currentReplicasIfHigher' },
    advanced: {
      restoreToOriginalReplicaCount: true,
      horizontalPodAutoscalerConfig: {
        name: 'keda-hpa-web',
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 300,
            policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
          },
          scaleUp: {
            selectPolicy: 'Max',
            policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }],
            tolerance: '0.05',
          },
        },
      },
      scalingModifiers: {
        formula: '(rps + cpu) / 2',
        target: '100',
        activationTarget: '10',
        metricType: 'AverageValue',
      },
    },
    triggers: [
      {
        type: 'prometheus',
        name: 'rps',
        metricType: 'AverageValue',
        useCachedMetrics: false,
        metadata: {
          serverAddress: 'http://prometheus:9090',
          query: 'sum(rate(http_requests_total[1m]))',
          threshold: '100',
        },
        authenticationRef: { name: 'prom-auth', kind: 'TriggerAuthentication' },
      },
      { type: 'cpu', name: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
    ],
  },
};

/** The ScaledObject the operator creates for an HTTPScaledObject (SPEC §3). */
const operatorScaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: {
    name: 'web',
    namespace: 'default',
    ownerReferences: [
      {
        apiVersion: 'http.keda.sh/v1alpha1',
        kind: 'HTTPScaledObject',
        name: 'web',
        uid: 'u-1',
        controller: true,
      },
    ],
  },
  spec: {
    scaleTargetRef: { name: 'web', kind: 'Deployment', apiVersion: 'apps/v1' },
    pollingInterval: 15,
    cooldownPeriod: 300,
    minReplicaCount: 0,
    maxReplicaCount: 10,
    advanced: { restoreToOriginalReplicaCount: true },
    triggers: [
      {
        type: 'external-push',
        metadata: { scalerAddress: 'keda-add-ons-http-external-scaler.keda:9090', httpScaledObject: 'web' },
      },
    ],
  },
};

function admit(object: unknown, old?: unknown): { object: Record<string, unknown>; causes: StatusCause[] } {
  return scaledObjects.admit('v1alpha1', object, old);
}

describe('the built-in KEDA ScaledObject CRD', () => {
  it('is what builtinCrds installs, with KEDA names, short name and status subresource', () => {
    const [crd] = builtinCrds();
    expect(crd).toEqual(scaledObjectCrd());
    expect(crd?.metadata?.name).toBe('scaledobjects.keda.sh');
    expect(crd?.spec.names).toMatchObject({
      kind: 'ScaledObject',
      plural: 'scaledobjects',
      shortNames: ['so'],
    });
    expect(crd?.spec.versions.map((v) => [v.name, v.served, v.storage, v.subresources])).toEqual([
      ['v1alpha1', true, true, { status: {} }],
    ]);
  });

  it('shows KEDA printer columns', () => {
    const columns = scaledObjectCrd().spec.versions[0]?.additionalPrinterColumns as Array<{ name: string }>;
    expect(columns.map((c) => c.name)).toEqual([
      'ScaleTargetKind', 'ScaleTargetName', 'Min', 'Max', 'Ready', 'Active', 'Fallback', 'Paused', 'Triggers', 'Authentications', 'Age',
    ]); // prettier-ignore
  });

  it.each<[string, Record<string, unknown>]>([
    ['a ScaledObject as KEDA documents it', kedaExample],
    ['the ScaledObject the operator writes', operatorScaledObject],
  ])('accepts %s unchanged', (_name, object) => {
    const result = admit(object);
    expect(result.causes).toEqual([]);
    expect(result.object).toEqual(object);
  });

  it('defaults fallback.behavior to static', () => {
    const object = {
      ...operatorScaledObject,
      spec: { ...operatorScaledObject.spec, fallback: { failureThreshold: 3, replicas: 2 } },
    };
    expect((admit(object).object.spec as { fallback: unknown }).fallback).toEqual({
      failureThreshold: 3,
      replicas: 2,
      behavior: 'static',
    });
  });

  it('prunes fields KEDA does not have', () => {
    const object = {
      ...operatorScaledObject,
      spec: {
        ...operatorScaledObject.spec,
        unknownTopLevel: 1,
        scaleTargetRef: { name: 'web', port: 80 },
        triggers: [{ type: 'external-push', metadata: { a: 'b' }, bogus: true }],
      },
    };
    const result = admit(object);
    expect(result.causes).toEqual([]);
    expect(result.object.spec).toEqual({
      ...operatorScaledObject.spec,
      scaleTargetRef: { name: 'web' },
      triggers: [{ type: 'external-push', metadata: { a: 'b' } }],
    });
  });

  it.each<[string, Record<string, unknown>, Partial<StatusCause>]>([
    ['a missing spec', {}, { field: 'spec', reason: 'FieldValueRequired' }],
    [
      'missing triggers',
      { scaleTargetRef: { name: 'web' } },
      { field: 'spec.triggers', reason: 'FieldValueRequired' },
    ],
    [
      'a trigger without metadata',
      { scaleTargetRef: { name: 'web' }, triggers: [{ type: 'cpu' }] },
      { field: 'spec.triggers[0].metadata', reason: 'FieldValueRequired' },
    ],
    [
      'a trigger without type',
      { scaleTargetRef: { name: 'web' }, triggers: [{ metadata: {} }] },
      { field: 'spec.triggers[0].type', reason: 'FieldValueRequired' },
    ],
    [
      'a scale target without name',
      { scaleTargetRef: {}, triggers: [] },
      { field: 'spec.scaleTargetRef.name', reason: 'FieldValueRequired' },
    ],
    [
      'trigger metadata that is not a string',
      { scaleTargetRef: { name: 'web' }, triggers: [{ type: 'cpu', metadata: { value: 60 } }] },
      { field: 'spec.triggers[0].metadata.value', reason: 'FieldValueTypeInvalid' },
    ],
    [
      'an unknown fallback behavior',
      {
        scaleTargetRef: { name: 'web' },
        triggers: [],
        fallback: { failureThreshold: 1, replicas: 1, behavior: 'sometimes' },
      },
      { field: 'spec.fallback.behavior', reason: 'FieldValueNotSupported' },
    ],
    [
      'a replica count that is not an integer',
      { scaleTargetRef: { name: 'web' }, triggers: [], maxReplicaCount: 'ten' },
      { field: 'spec.maxReplicaCount', reason: 'FieldValueTypeInvalid' },
    ],
  ])('rejects %s', (_name, spec, cause) => {
    const body = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'web' },
      ...(Object.keys(spec).length > 0 ? { spec } : {}),
    };
    expect(admit(body).causes).toContainEqual(expect.objectContaining(cause));
  });

  it('validates the status KEDA writes', () => {
    const withStatus = {
      ...operatorScaledObject,
      status: {
        scaleTargetKind: 'apps/v1.Deployment',
        scaleTargetGVKR: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments' },
        originalReplicaCount: 1,
        lastActiveTime: '2024-05-01T10:00:00Z',
        externalMetricNames: ['s0-http-default_002Fweb'],
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'ScaledObjectReady',
            message: 'ScaledObject is defined correctly and is ready for scaling',
          },
        ],
        health: { 's0-http-default_002Fweb': { numberOfFailures: 0, status: 'Happy' } },
        hpaName: 'keda-hpa-web',
        triggersTypes: 'external-push',
      },
    };
    expect(admit(withStatus, operatorScaledObject).causes).toEqual([]);
    const broken = { ...withStatus, status: { ...withStatus.status, scaleTargetGVKR: { group: 'apps' } } };
    expect(admit(broken, withStatus).causes.map((c) => c.field)).toEqual([
      'status.scaleTargetGVKR.kind',
      'status.scaleTargetGVKR.resource',
      'status.scaleTargetGVKR.version',
    ]);
  });

  it('hands out a fresh copy each time', () => {
    const a = scaledObjectCrd();
    a.spec.names.kind = 'Changed';
    expect(scaledObjectCrd().spec.names.kind).toBe('ScaledObject');
  });
});
