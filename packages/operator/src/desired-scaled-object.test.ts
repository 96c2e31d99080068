import { describe, expect, it } from 'vitest';
import { validateHTTPScaledObject, type HTTPScaledObject, type HTTPScaledObjectInput } from '@keda-http/api';
import {
  LAST_APPLIED_ANNOTATION,
  desiredScaledObject,
  foreignController,
  isOwnedBy,
  mergeScaledObject,
  scalerAddress,
  type ScaledObject,
} from './desired-scaled-object.js';

const UID = 'uid-1';
const ADDRESS = scalerAddress('keda-add-ons-http-external-scaler', 'keda', 9090);

function hso(
  spec: Partial<HTTPScaledObjectInput['spec']> = {},
  metadata: Record<string, unknown> = {},
): HTTPScaledObject {
  const result = validateHTTPScaledObject({
    apiVersion: 'http.keda.sh/v1alpha1',
    kind: 'HTTPScaledObject',
    metadata: { name: 'web', namespace: 'apps', uid: UID, ...metadata },
    spec: { scaleTargetRef: { name: 'web', service: 'web', port: 8080 }, ...spec },
  });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.value;
}

describe('scalerAddress', () => {
  it('is <service>.<namespace>:<port>', () => {
    expect(ADDRESS).toBe('keda-add-ons-http-external-scaler.keda:9090');
  });
});

describe('desiredScaledObject', () => {
  it('builds the ScaledObject SPEC §3 describes from a minimal HTTPScaledObject', () => {
    expect(desiredScaledObject(hso(), { scalerAddress: ADDRESS })).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: {
        name: 'web',
        namespace: 'apps',
        ownerReferences: [
          {
            apiVersion: 'http.keda.sh/v1alpha1',
            kind: 'HTTPScaledObject',
            name: 'web',
            uid: UID,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        pollingInterval: 15,
        cooldownPeriod: 300,
        advanced: { restoreToOriginalReplicaCount: true },
        triggers: [
          {
            type: 'external-push',
            metadata: {
              scalerAddress: 'keda-add-ons-http-external-scaler.keda:9090',
              httpScaledObject: 'web',
            },
          },
        ],
      },
    });
  });

  it.each<[string, Partial<HTTPScaledObjectInput['spec']>, Record<string, unknown>]>([
    [
      'copies min and max replicas',
      { replicas: { min: 0, max: 10 } },
      { minReplicaCount: 0, maxReplicaCount: 10 },
    ],
    ['copies only the bound that is set', { replicas: { max: 3 } }, { maxReplicaCount: 3 }],
    ['turns scaledownPeriod into cooldownPeriod', { scaledownPeriod: 60 }, { cooldownPeriod: 60 }],
    ['copies initialCooldownPeriod', { initialCooldownPeriod: 120 }, { initialCooldownPeriod: 120 }],
    [
      'targets any workload with a scale subresource',
      {
        scaleTargetRef: { name: 'db', kind: 'StatefulSet', apiVersion: 'apps/v1', service: 'db', port: 5432 },
      },
      { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' } },
    ],
  ])('%s', (_name, spec, expected) => {
    const so = desiredScaledObject(hso(spec), { scalerAddress: ADDRESS });
    expect(so.spec).toMatchObject(expected);
  });

  it('copies labels and annotations, except kubectl last-applied bookkeeping', () => {
    const so = desiredScaledObject(
      hso(
        {},
        {
          labels: { app: 'web', team: 'a' },
          annotations: { note: 'x', [LAST_APPLIED_ANNOTATION]: '{"big":"json"}' },
        },
      ),
      { scalerAddress: ADDRESS },
    );
    expect(so.metadata?.labels).toEqual({ app: 'web', team: 'a' });
    expect(so.metadata?.annotations).toEqual({ note: 'x' });
  });

  it('carries no ownerReference with the orphan annotation', () => {
    const so = desiredScaledObject(
      hso({}, { annotations: { 'httpscaledobject.keda.sh/orphan-scaledobject': 'true' } }),
      { scalerAddress: ADDRESS },
    );
    expect(so.metadata?.ownerReferences).toBeUndefined();
  });
});

describe('mergeScaledObject', () => {
  const desired = desiredScaledObject(hso({}, { labels: { app: 'web' } }), { scalerAddress: ADDRESS });
  const live: ScaledObject = {
    ...desired,
    metadata: {
      ...desired.metadata,
      uid: 'so-uid',
      resourceVersion: '42',
      finalizers: ['finalizer.keda.sh'],
      labels: { app: 'web', 'scaledobject.keda.sh/name': 'web' },
    },
    status: { conditions: [] },
  };

  it('changes nothing on an object already in the desired state', () => {
    expect(mergeScaledObject(live, desired, UID)).toEqual(live);
  });

  it('reverts a hand edit of the spec', () => {
    const edited: ScaledObject = {
      ...live,
      spec: { ...live.spec!, maxReplicaCount: 99, pollingInterval: 1, idleReplicaCount: 0 },
    };
    expect(mergeScaledObject(edited, desired, UID).spec).toEqual(desired.spec);
  });

  it("keeps KEDA's finalizer and label, the status and the resourceVersion", () => {
    const merged = mergeScaledObject(live, desired, UID);
    expect(merged.metadata).toMatchObject({
      resourceVersion: '42',
      finalizers: ['finalizer.keda.sh'],
      labels: { 'scaledobject.keda.sh/name': 'web', app: 'web' },
    });
    expect(merged.status).toEqual({ conditions: [] });
  });

  it('adds our ownerReference next to foreign ones and keeps them', () => {
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'cm' };
    const merged = mergeScaledObject(
      { ...live, metadata: { ...live.metadata, ownerReferences: [other] } },
      desired,
      UID,
    );
    expect(merged.metadata?.ownerReferences?.map((r) => r.uid)).toEqual(['cm', UID]);
  });

  it('removes only our ownerReference when the desired object has none (orphan)', () => {
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'cm' };
    const orphaned = { ...desired, metadata: { ...desired.metadata, ownerReferences: [] } };
    const owned = {
      ...live,
      metadata: { ...live.metadata, ownerReferences: [...desired.metadata!.ownerReferences!, other] },
    };
    expect(mergeScaledObject(owned, orphaned, UID).metadata?.ownerReferences).toEqual([other]);
    const onlyOurs = mergeScaledObject(live, orphaned, UID);
    expect(onlyOurs.metadata?.ownerReferences).toBeUndefined();
  });

  it('does not modify its inputs', () => {
    const before = structuredClone(live);
    mergeScaledObject(live, { ...desired, spec: { ...desired.spec!, maxReplicaCount: 5 } }, UID);
    expect(live).toEqual(before);
  });
});

describe('ownership', () => {
  const ref = (uid: string, controller: boolean) => ({
    apiVersion: 'x/v1',
    kind: 'Thing',
    name: 'thing',
    uid,
    controller,
  });
  it.each([
    ['no ownerReferences', [], undefined, false],
    ['ours as controller', [ref(UID, true)], undefined, true],
    ['another controller', [ref('other', true)], 'other', false],
    ['another owner that does not control', [ref('other', false)], undefined, false],
  ])('with %s', (_name, refs, foreign, owned) => {
    const so: ScaledObject = { metadata: { name: 'web', ownerReferences: refs } };
    expect(foreignController(so, UID)?.uid).toBe(foreign);
    expect(isOwnedBy(so, UID)).toBe(owned);
  });
});
