// HTTPScaledObject → ScaledObject against devcluster with the real client-node: create, update, delete (the
// finalizer is removed and the garbage collector takes the ScaledObject), the hand-edit revert, both
// annotations, and CreateError when another controller owns the ScaledObject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import {
  builtinResources,
  createKubeClient,
  loadKubeConfig,
  type KubeClient,
  type KubeObject,
} from '@keda-http/k8s';
import { installCrds, waitFor } from '@keda-http/testkit';
import type { ScaledObject } from './desired-scaled-object.js';
import { SCALED_OBJECT_SKIPPED } from './desired-status.js';
import { httpScaledObjects, scaledObjects, services } from './resources.js';
import {
  readyConditionOf,
  startTestOperator,
  testHttpScaledObject,
  testNamespace,
  testService,
  type TestOperator,
} from './testing.js';

let cluster: DevCluster;
let client: KubeClient;
let op: TestOperator;

beforeAll(async () => {
  cluster = await startDevCluster();
  await installCrds(cluster.url);
  client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
  await client.create(builtinResources.namespaces, testNamespace('keda'));
  op = await startTestOperator({ kubeconfigPath: cluster.kubeconfigPath });
  await waitFor('the operator to lead', () => op.operator.isLeader());
});
afterAll(async () => {
  await op?.stop();
  await cluster?.stop();
});

async function givenApp(
  ns: string,
  name: string,
  spec: Record<string, unknown> = {},
  meta = {},
): Promise<KubeObject> {
  if ((await client.get(builtinResources.namespaces, ns)) === undefined) {
    await client.create(builtinResources.namespaces, testNamespace(ns));
  }
  await client.create(services, testService(ns, name));
  return client.create(httpScaledObjects, testHttpScaledObject(ns, name, spec, meta));
}

const getSO = (ns: string, name: string) => client.get<ScaledObject>(scaledObjects, name, ns);
const getHSO = (ns: string, name: string) => client.get(httpScaledObjects, name, ns);

async function waitReady(ns: string, name: string, generation = 1): Promise<KubeObject> {
  return waitFor(`${ns}/${name} to be Ready at generation ${generation}`, async () => {
    const obj = await getHSO(ns, name);
    const ready = readyConditionOf(obj);
    return ready?.status === 'True' && ready.observedGeneration === generation && obj;
  });
}

describe('an HTTPScaledObject', () => {
  it('gets a ScaledObject, a finalizer and a Ready status, follows spec changes, and is cleaned up on delete', async () => {
    const created = await givenApp(
      'crud',
      'web',
      { replicas: { min: 1, max: 5 }, scaledownPeriod: 120 },
      {
        labels: { team: 'a' },
      },
    );
    const so = await waitFor('the ScaledObject', () => getSO('crud', 'web'));
    expect(so.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'http.keda.sh/v1alpha1',
        kind: 'HTTPScaledObject',
        name: 'web',
        uid: created.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(so.metadata?.labels).toMatchObject({ team: 'a' });
    expect(so.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      pollingInterval: 15,
      cooldownPeriod: 120,
      minReplicaCount: 1,
      maxReplicaCount: 5,
      advanced: { restoreToOriginalReplicaCount: true },
      triggers: [
        {
          type: 'external-push',
          metadata: { scalerAddress: 'keda-add-ons-http-external-scaler.keda:9090', httpScaledObject: 'web' },
        },
      ],
    });
    const ready = await waitReady('crud', 'web');
    expect(ready.metadata?.finalizers).toEqual(['httpscaledobject.http.keda.sh']);
    expect(readyConditionOf(ready)).toMatchObject({
      reason: 'Reconciled',
      message: 'ScaledObject created and configured',
    });
    expect(ready.status).toMatchObject({
      observedGeneration: 1,
      targetWorkload: 'apps/v1/Deployment/web',
      targetService: 'web:8080',
    });

    await client.patch(httpScaledObjects, { name: 'web', namespace: 'crud' }, 'merge', {
      spec: { replicas: { max: 10 } },
    });
    await waitFor(
      'maxReplicaCount 10',
      async () => (await getSO('crud', 'web'))?.spec?.maxReplicaCount === 10,
    );
    await waitReady('crud', 'web', 2);

    await client.delete(httpScaledObjects, 'web', 'crud');
    await waitFor('the HTTPScaledObject to be gone', async () => (await getHSO('crud', 'web')) === undefined);
    await waitFor('the ScaledObject to be collected', async () => (await getSO('crud', 'web')) === undefined);
  });

  it('reverts a hand edit of its ScaledObject', async () => {
    await givenApp('edit', 'web', { replicas: { max: 3 } });
    const so = await waitFor('the ScaledObject', () => getSO('edit', 'web'));
    await client.replace(scaledObjects, {
      ...so,
      spec: { ...so.spec!, maxReplicaCount: 99, triggers: [{ type: 'cpu', metadata: { value: '50' } }] },
    });
    await waitFor('the edit to be reverted', async () => {
      const now = await getSO('edit', 'web');
      return now?.spec?.maxReplicaCount === 3 && now.spec.triggers[0]?.type === 'external-push';
    });
  });
});

describe('the skip-scaledobject-creation annotation', () => {
  const skip = { annotations: { 'httpscaledobject.keda.sh/skip-scaledobject-creation': 'true' } };

  it('creates no ScaledObject and still reports Ready', async () => {
    await givenApp('skip', 'fresh', {}, skip);
    const ready = await waitReady('skip', 'fresh');
    expect(readyConditionOf(ready)?.message).toBe(SCALED_OBJECT_SKIPPED);
    expect(await getSO('skip', 'fresh')).toBeUndefined();
  });

  it('deletes a ScaledObject the HTTPScaledObject owns once the annotation is added', async () => {
    await givenApp('skip', 'owned');
    await waitFor('the ScaledObject', () => getSO('skip', 'owned'));
    await client.patch(httpScaledObjects, { name: 'owned', namespace: 'skip' }, 'merge', { metadata: skip });
    await waitFor('the ScaledObject to be deleted', async () => (await getSO('skip', 'owned')) === undefined);
  });

  it('leaves alone a ScaledObject the user made for it', async () => {
    await client.create(builtinResources.namespaces, testNamespace('skip-own'));
    await client.create(scaledObjects, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'mine', namespace: 'skip-own' },
      spec: {
        scaleTargetRef: { name: 'mine' },
        triggers: [
          { type: 'external-push', metadata: { scalerAddress: 'x:9090', httpScaledObject: 'mine' } },
        ],
      },
    });
    await givenApp('skip-own', 'mine', {}, skip);
    await waitReady('skip-own', 'mine');
    expect((await getSO('skip-own', 'mine'))?.spec?.scaleTargetRef).toEqual({ name: 'mine' });
  });
});

describe('the orphan-scaledobject annotation', () => {
  it('drops the ownerReference so that the ScaledObject outlives the HTTPScaledObject', async () => {
    await givenApp('orphan', 'web');
    await waitFor('the ScaledObject', () => getSO('orphan', 'web'));
    await client.patch(httpScaledObjects, { name: 'web', namespace: 'orphan' }, 'merge', {
      metadata: { annotations: { 'httpscaledobject.keda.sh/orphan-scaledobject': 'true' } },
    });
    await waitFor('the ownerReference to be dropped', async () => {
      const so = await getSO('orphan', 'web');
      return so !== undefined && (so.metadata?.ownerReferences ?? []).length === 0;
    });
    await client.delete(httpScaledObjects, 'web', 'orphan');
    await waitFor(
      'the HTTPScaledObject to be gone',
      async () => (await getHSO('orphan', 'web')) === undefined,
    );
    await cluster.idle();
    expect(await getSO('orphan', 'web')).toBeDefined();
  });

  it('orphans on delete even when the annotation arrives with the deletion', async () => {
    await givenApp('orphan-late', 'web');
    await waitFor('the ScaledObject', () => getSO('orphan-late', 'web'));
    await op.operator.stopLeading();
    try {
      await client.patch(httpScaledObjects, { name: 'web', namespace: 'orphan-late' }, 'merge', {
        metadata: { annotations: { 'httpscaledobject.keda.sh/orphan-scaledobject': 'true' } },
      });
      await client.delete(httpScaledObjects, 'web', 'orphan-late');
    } finally {
      await op.stop();
      op = await startTestOperator({ kubeconfigPath: cluster.kubeconfigPath });
    }
    await waitFor(
      'the HTTPScaledObject to be gone',
      async () => (await getHSO('orphan-late', 'web')) === undefined,
    );
    await cluster.idle();
    const so = await getSO('orphan-late', 'web');
    expect(so?.metadata?.ownerReferences ?? []).toEqual([]);
  });
});

describe('CreateError', () => {
  it('is reported while another controller owns the ScaledObject, and clears once it lets go', async () => {
    await client.create(builtinResources.namespaces, testNamespace('taken'));
    // A real owner: the garbage collector removes dependents whose owner does not exist.
    const owner = await client.create<KubeObject>(builtinResources.configMaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner', namespace: 'taken' },
    });
    const other = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'owner',
      uid: owner.metadata!.uid!,
      controller: true,
    };
    await client.create(scaledObjects, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'web', namespace: 'taken', ownerReferences: [other] },
      spec: { scaleTargetRef: { name: 'web' }, triggers: [{ type: 'cpu', metadata: { value: '1' } }] },
    });
    await givenApp('taken', 'web');
    const failed = await waitFor('CreateError', async () => {
      const c = readyConditionOf(await getHSO('taken', 'web'));
      return c?.reason === 'CreateError' && c;
    });
    expect(failed).toMatchObject({
      status: 'False',
      message:
        'Failed to create scaled objects: it is controlled by ConfigMap owner, not by this HTTPScaledObject',
    });
    const so = (await getSO('taken', 'web'))!;
    await client.replace(scaledObjects, { ...so, metadata: { ...so.metadata, ownerReferences: [] } });
    await waitReady('taken', 'web');
    expect((await getSO('taken', 'web'))?.spec?.triggers[0]?.type).toBe('external-push');
  });
});
