import { describe, expect, it } from 'vitest';
import { ApiStatusError } from '../errors.js';
import type { KubeObject } from '../api/types.js';
import { builtinResources } from '../registry/builtin-resources.js';
import { createRegistry } from '../registry/registry.js';
import type { WatchEvent } from './resource-client.js';
import { createStore } from './store.js';

function newStore() {
  const registry = createRegistry();
  registry.register('builtin', builtinResources());
  const { store, internals } = createStore({ registry });
  store
    .resource({ apiVersion: 'v1', kind: 'Namespace' })
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return { store, internals };
}

function failure(fn: () => unknown): ApiStatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiStatusError) return err;
    throw err;
  }
  throw new Error('expected an ApiStatusError');
}

const configMap = (
  name: string,
  data: Record<string, string> = { a: '1' },
  labels?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
  data,
});

const deployment = (name: string, replicas = 1, image = 'nginx:1.25'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
  },
});

describe('store writes', () => {
  it('create sets uid, creationTimestamp, generation 1 and the next global resourceVersion', () => {
    const { store } = newStore();
    const before = Number(store.resourceVersion);
    const created = store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' }).create(deployment('web'));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.resourceVersion).toBe(String(before + 1));
    expect(store.resourceVersion).toBe(String(before + 1));
  });

  it('a second create of the same name is 409 AlreadyExists', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    cms.create(configMap('a'));
    const err = failure(() => cms.create(configMap('a')));
    expect([err.httpCode, err.reason, err.message]).toEqual([
      409,
      'AlreadyExists',
      'configmaps "a" already exists',
    ]);
  });

  it('generateName gets a random suffix', () => {
    const { store } = newStore();
    const created = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' }).create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { generateName: 'gen-', namespace: 'default' },
    });
    expect(created.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('an update with a stale resourceVersion is 409 Conflict', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const created = cms.create(configMap('a'));
    cms.update({ ...structuredClone(created), data: { a: '2' } });
    const err = failure(() => cms.update({ ...structuredClone(created), data: { a: '3' } }));
    expect(err.httpCode).toBe(409);
    expect(err.message).toBe(
      'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('a no-op update neither bumps the resourceVersion nor emits an event', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const created = cms.create(configMap('a'));
    const events: WatchEvent[] = [];
    const watch = cms.watch({ resourceVersion: created.metadata.resourceVersion }, (e) => events.push(e));
    const same = cms.update(structuredClone(created));
    watch.stop();
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(store.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(events).toEqual([]);
  });

  it.each([
    [
      'a spec change bumps generation',
      (d: KubeObject) => ((d['spec'] as { replicas: number }).replicas = 3),
      2,
    ],
    ['a label change does not', (d: KubeObject) => (d.metadata.labels = { x: 'y' }), 1],
    ['a status sent to the main endpoint is ignored', (d: KubeObject) => (d['status'] = { replicas: 5 }), 1],
  ])('%s', (_name, change, generation) => {
    const { store } = newStore();
    const deployments = store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
    deployments.create(deployment('web'));
    const updated = deployments.mutate('default', 'web', change);
    expect(updated?.metadata.generation).toBe(generation);
    expect(updated?.['status']).toEqual({});
  });

  it('a /status write changes only the status', () => {
    const { store } = newStore();
    const deployments = store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
    deployments.create(deployment('web'));
    const updated = deployments.mutate(
      'default',
      'web',
      (d) => {
        d['status'] = { replicas: 1, readyReplicas: 1 };
        (d['spec'] as { replicas: number }).replicas = 9;
        d.metadata.labels = { ignored: 'yes' };
      },
      { subresource: 'status' },
    );
    expect(updated?.['status']).toEqual({ replicas: 1, readyReplicas: 1 });
    expect((updated?.['spec'] as { replicas: number }).replicas).toBe(1);
    expect(updated?.metadata.labels).toBeUndefined();
    expect(updated?.metadata.generation).toBe(1);
  });

  it('built-in defaults are applied consistently, so re-sending the manifest changes nothing', () => {
    const { store } = newStore();
    const deployments = store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
    const created = deployments.create(deployment('web'));
    const spec = created['spec'] as Record<string, unknown>;
    expect(spec['strategy']).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    expect(spec['revisionHistoryLimit']).toBe(10);
    const again = deployments.patch('default', 'web', { type: 'merge', body: deployment('web') });
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('a Service gets a cluster IP, type and port defaults that survive a replace without them', () => {
    const { store } = newStore();
    const services = store.resource({ apiVersion: 'v1', kind: 'Service' });
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    };
    const created = services.create(svc);
    const spec = created['spec'] as Record<string, unknown>;
    expect(spec['type']).toBe('ClusterIP');
    expect(spec['clusterIP']).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(spec['ports']).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    const replaced = services.update(structuredClone(svc));
    expect((replaced['spec'] as Record<string, unknown>)['clusterIP']).toBe(spec['clusterIP']);
    expect(replaced.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it.each([['a missing namespace', 'nowhere', 404, 'namespaces "nowhere" not found']])(
    'creating in %s is refused',
    (_name, namespace, code, message) => {
      const { store } = newStore();
      const err = failure(() =>
        store
          .resource({ apiVersion: 'v1', kind: 'ConfigMap' })
          .create({ ...configMap('a'), metadata: { name: 'a', namespace } }),
      );
      expect([err.httpCode, err.message]).toEqual([code, message]);
    },
  );

  it('an invalid object is 422 naming the field', () => {
    const { store } = newStore();
    const bad = deployment('web');
    (bad['spec'] as Record<string, unknown>)['selector'] = { matchLabels: { app: 'other' } };
    const err = failure(() => store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' }).create(bad));
    expect(err.httpCode).toBe(422);
    expect(err.message).toContain(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value',
    );
  });
});

describe('store deletes', () => {
  it('an object with finalizers gets a deletionTimestamp and goes when the last finalizer is removed', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    cms.create({ ...configMap('a'), metadata: { name: 'a', namespace: 'default', finalizers: ['x/y'] } });
    const events: string[] = [];
    cms.watch({ resourceVersion: store.resourceVersion }, (e) => events.push(e.type));
    const first = cms.delete('default', 'a');
    expect(first.deleted).toBe(false);
    expect(first.object.metadata.deletionTimestamp).toBeDefined();
    expect(cms.delete('default', 'a').object.metadata.resourceVersion).toBe(
      first.object.metadata.resourceVersion,
    );
    const err = failure(() =>
      cms.mutate('default', 'a', (d) => (d.metadata.finalizers = ['x/y', 'new/one'])),
    );
    expect(err.httpCode).toBe(422);
    cms.mutate('default', 'a', (d) => (d.metadata.finalizers = []));
    expect(cms.get('default', 'a')).toBeUndefined();
    expect(events).toEqual(['MODIFIED', 'DELETED']);
  });

  it('a uid precondition that does not match is 409', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    cms.create(configMap('a'));
    const err = failure(() => cms.delete('default', 'a', { preconditions: { uid: 'other' } }));
    expect(err.httpCode).toBe(409);
    expect(cms.get('default', 'a')).toBeDefined();
  });
});

describe('store scale subresource', () => {
  it('reads and writes spec.replicas through a Scale with a string selector', () => {
    const { store } = newStore();
    const deployments = store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
    deployments.create(deployment('web'));
    expect(deployments.getScale('default', 'web')).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { replicas: 0, selector: 'app=web' },
    });
    expect(deployments.scale('default', 'web', 4)).toMatchObject({ spec: { replicas: 4 } });
    expect(deployments.get('default', 'web')?.metadata.generation).toBe(2);
    expect(failure(() => deployments.scale('default', 'web', -1)).httpCode).toBe(422);
  });
});

describe('store watch', () => {
  it('starts with ADDED for what exists, then follows live events', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    cms.create(configMap('a'));
    const seen: string[] = [];
    const w = cms.watch({}, (e) =>
      seen.push(`${e.type} ${e.type === 'ERROR' ? '' : (e.object.metadata.name ?? '')}`),
    );
    cms.create(configMap('b'));
    cms.delete('default', 'a');
    w.stop();
    cms.create(configMap('c'));
    expect(seen).toEqual(['ADDED a', 'ADDED b', 'DELETED a']);
  });

  it('replays everything after a resourceVersion', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const a = cms.create(configMap('a'));
    cms.create(configMap('b'));
    cms.mutate('default', 'a', (d) => (d['data'] = { a: '2' }));
    const seen: string[] = [];
    cms
      .watch({ resourceVersion: a.metadata.resourceVersion }, (e) =>
        seen.push(`${e.type} ${e.type === 'ERROR' ? '' : (e.object.metadata.name ?? '')}`),
      )
      .stop();
    expect(seen).toEqual(['ADDED b', 'MODIFIED a']);
  });

  it('turns selector transitions into ADDED and DELETED', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    cms.create(configMap('a', { a: '1' }, { tier: 'web' }));
    const seen: string[] = [];
    const w = cms.watch({ labelSelector: 'tier=web', resourceVersion: store.resourceVersion }, (e) =>
      seen.push(e.type),
    );
    cms.mutate('default', 'a', (d) => (d.metadata.labels = { tier: 'db' }));
    cms.mutate('default', 'a', (d) => (d['data'] = { a: '2' }));
    cms.mutate('default', 'a', (d) => (d.metadata.labels = { tier: 'web' }));
    cms.mutate('default', 'a', (d) => (d['data'] = { a: '3' }));
    w.stop();
    expect(seen).toEqual(['DELETED', 'ADDED', 'MODIFIED']);
  });

  it('answers 410 Expired for a resourceVersion older than the history, and ends open watches on expireWatches', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const a = cms.create(configMap('a'));
    const seen: WatchEvent[] = [];
    cms.watch({ resourceVersion: store.resourceVersion }, (e) => seen.push(e));
    expect(store.expireWatches()).toBe(1);
    expect(seen.map((e) => e.type)).toEqual(['ERROR']);
    expect(seen[0]?.object).toMatchObject({ code: 410, reason: 'Expired' });
    const err = failure(() =>
      cms.watch({ resourceVersion: String(Number(a.metadata.resourceVersion) - 1) }, () => undefined),
    );
    expect([err.httpCode, err.reason]).toEqual([410, 'Expired']);
    expect(() => cms.watch({ resourceVersion: store.resourceVersion }, () => undefined).stop()).not.toThrow();
  });

  it('keeps delivery in order when a listener writes while handling an event', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const first: string[] = [];
    const second: string[] = [];
    cms.watch({ resourceVersion: store.resourceVersion }, (e) => {
      if (e.type === 'ERROR') return;
      first.push(e.object.metadata.name ?? '');
      if (e.object.metadata.name === 'a') cms.create(configMap('b'));
    });
    cms.watch({ resourceVersion: store.resourceVersion }, (e) =>
      second.push(e.type === 'ERROR' ? '' : (e.object.metadata.name ?? '')),
    );
    cms.create(configMap('a'));
    expect(first).toEqual(['a', 'b']);
    expect(second).toEqual(['a', 'b']);
  });
});

describe('store patches', () => {
  it.each([
    ['merge', { data: { b: '2' } }, { a: '1', b: '2' }],
    ['json', [{ op: 'add', path: '/data/b', value: '2' }], { a: '1', b: '2' }],
    ['strategic', { data: { a: null } }, undefined],
  ] as const)('applies a %s patch', (type, patch, data) => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    cms.create(configMap('a'));
    expect(cms.patch('default', 'a', { type, body: patch })['data']).toEqual(data ?? {});
  });

  it('a failing json patch test op is 422 and changes nothing', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    const created = cms.create(configMap('a'));
    const err = failure(() =>
      cms.patch('default', 'a', {
        type: 'json',
        body: [
          { op: 'test', path: '/data/a', value: 'nope' },
          { op: 'remove', path: '/data' },
        ],
      }),
    );
    expect(err.httpCode).toBe(422);
    expect(cms.get('default', 'a')).toEqual(created);
  });

  it('an apply patch creates the object when it is missing, and needs a field manager', () => {
    const { store } = newStore();
    const cms = store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(failure(() => cms.patch('default', 'a', { type: 'apply', body: configMap('a') })).httpCode).toBe(
      422,
    );
    const created = cms.patch(
      'default',
      'a',
      { type: 'apply', body: configMap('a') },
      { fieldManager: 'test' },
    );
    expect(created['data']).toEqual({ a: '1' });
    expect(
      cms.patch(
        'default',
        'a',
        { type: 'apply', body: configMap('a', { b: '2' }) },
        { fieldManager: 'test' },
      )['data'],
    ).toEqual({ a: '1', b: '2' });
  });
});
