import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types.js';
import { startDevCluster, type DevCluster } from '../start.js';

let cluster: DevCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function start(): Promise<DevCluster> {
  cluster = await startDevCluster({ builtinCrds: false });
  return cluster;
}

const cm = (
  name: string,
  namespace: string,
  owner?: KubeObject,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name,
    namespace,
    ...(owner
      ? {
          ownerReferences: [
            {
              apiVersion: owner.apiVersion,
              kind: owner.kind,
              name: owner.metadata.name ?? '',
              uid: owner.metadata.uid ?? '',
            },
          ],
        }
      : {}),
    ...extra,
  },
});

describe('garbage collector', () => {
  it('deletes dependents in the background once their owner is gone, down the whole chain', async () => {
    const c = await start();
    const cms = c.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const owner = cms.create(cm('owner', 'default'));
    const child = cms.create(cm('child', 'default', owner));
    cms.create(cm('grandchild', 'default', child));
    cms.create(cm('bystander', 'default'));
    cms.delete('default', 'owner');
    await c.idle();
    expect(cms.list({ namespace: 'default' }).items.map((o) => o.metadata.name)).toEqual(['bystander']);
  });

  it('drops the reference to a gone owner when another owner remains', async () => {
    const c = await start();
    const cms = c.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const a = cms.create(cm('a', 'default'));
    const b = cms.create(cm('b', 'default'));
    const dep = cm('dep', 'default', a);
    dep.metadata.ownerReferences?.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'b',
      uid: b.metadata.uid ?? '',
    });
    cms.create(dep);
    cms.delete('default', 'a');
    await c.idle();
    expect(cms.get('default', 'dep')?.metadata.ownerReferences?.map((r) => r.name)).toEqual(['b']);
  });

  it('orphans dependents with propagationPolicy Orphan', async () => {
    const c = await start();
    const cms = c.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const owner = cms.create(cm('owner', 'default'));
    cms.create(cm('dep', 'default', owner));
    expect(cms.delete('default', 'owner', { propagationPolicy: 'Orphan' }).deleted).toBe(false);
    await c.idle();
    expect(cms.get('default', 'owner')).toBeUndefined();
    expect(cms.get('default', 'dep')?.metadata.ownerReferences).toEqual([]);
  });

  it('keeps the owner until its dependents are gone with propagationPolicy Foreground', async () => {
    const c = await start();
    const cms = c.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const owner = cms.create(cm('owner', 'default'));
    cms.create(cm('dep', 'default', owner, { finalizers: ['test/hold'] }));
    cms.delete('default', 'owner', { propagationPolicy: 'Foreground' });
    await c.idle();
    expect(cms.get('default', 'owner')?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(cms.get('default', 'dep')?.metadata.deletionTimestamp).toBeDefined();
    cms.mutate('default', 'dep', (d) => (d.metadata.finalizers = []));
    await c.idle();
    expect(cms.get('default', 'owner')).toBeUndefined();
  });
});

describe('namespace lifecycle', () => {
  it('gives a new namespace its default ServiceAccount', async () => {
    const c = await start();
    c.store
      .resource({ apiVersion: 'v1', kind: 'Namespace' })
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    await c.idle();
    expect(
      c.store.resource({ apiVersion: 'v1', kind: 'ServiceAccount' }).get('team', 'default'),
    ).toBeDefined();
  });

  it('deletes everything in a deleted namespace, waits for finalizers, then removes the namespace', async () => {
    const c = await start();
    const namespaces = c.store.resource({ apiVersion: 'v1', kind: 'Namespace' });
    const cms = c.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    cms.create(cm('a', 'team'));
    cms.create(cm('held', 'team', undefined, { finalizers: ['test/hold'] }));
    const result = namespaces.delete(undefined, 'team');
    expect(result.object['status']).toEqual({ phase: 'Terminating' });
    await c.idle();
    expect(cms.list({ namespace: 'team' }).items.map((o) => o.metadata.name)).toEqual(['held']);
    expect(namespaces.get(undefined, 'team')).toBeDefined();
    expect(() => cms.create(cm('late', 'team'))).toThrow(/because it is being terminated/);
    cms.mutate('team', 'held', (d) => (d.metadata.finalizers = []));
    await c.idle();
    expect(namespaces.get(undefined, 'team')).toBeUndefined();
    expect(
      c.store.resource({ apiVersion: 'v1', kind: 'ServiceAccount' }).list({ namespace: 'team' }).items,
    ).toEqual([]);
  });
});

describe('CRD lifecycle', () => {
  const crd: KubeObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'string' } } } },
            },
          },
        },
      ],
    },
  };

  it('serves the custom resource as soon as the CRD is created, and stops once it is deleted with its objects', async () => {
    const c = await start();
    const crds = c.store.resource({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
    });
    const created = crds.create(crd);
    expect(created.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    expect(
      (created['status'] as { conditions: { type: string; status: string }[] }).conditions.map(
        (x) => `${x.type}=${x.status}`,
      ),
    ).toEqual(['NamesAccepted=True', 'Established=True']);
    const widgets = c.store.resource({ apiVersion: 'example.com/v1', kind: 'Widget' });
    const w = widgets.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'default' },
      spec: { size: 'xl', extra: 1 },
    });
    expect(w['spec']).toEqual({ size: 'xl' });
    crds.delete(undefined, 'widgets.example.com');
    await c.idle();
    expect(crds.get(undefined, 'widgets.example.com')).toBeUndefined();
    expect(() => c.store.resource({ apiVersion: 'example.com/v1', kind: 'Widget' })).toThrow(
      /could not find the requested resource/,
    );
  });
});
