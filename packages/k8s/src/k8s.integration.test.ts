// The wrappers against a real API server (devcluster) with the real client-node underneath.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { waitFor } from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrUpdate } from './apply.js';
import { isConflict, KubeApiError } from './errors.js';
import { createInformer, type ChangeEvent, type LifecycleEvent } from './informer.js';
import { loadKubeConfig } from './kubeconfig.js';
import { createLeaderElector, type LeaderEvent } from './leader-election.js';
import { createEventRecorder } from './object-events.js';
import { createReadyEndpointsCache, endpointPort, type EndpointSlice } from './ready-endpoints.js';
import { builtinResources } from './resources.js';
import { createKubeClient, type KubeClient, type KubeObject } from './rest-client.js';

let cluster: DevCluster;
let client: KubeClient;

beforeAll(async () => {
  cluster = await startDevCluster();
  client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
});
afterAll(async () => {
  await cluster.stop();
});

const cm = (namespace: string, name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

async function namespace(name: string): Promise<string> {
  await client.create(builtinResources.namespaces, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
  return name;
}

describe('KubeClient', () => {
  it('creates, reads, lists, patches, replaces and deletes an object', async () => {
    const ns = await namespace('rest');
    const created = await client.create(builtinResources.configMaps, cm(ns, 'a', { k: '1' }));
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(await client.get(builtinResources.configMaps, 'a', ns)).toMatchObject({ data: { k: '1' } });
    expect(await client.get(builtinResources.configMaps, 'missing', ns)).toBeUndefined();
    const list = await client.list(builtinResources.configMaps, { namespace: ns });
    expect(list.items.map((o) => o.metadata?.name)).toEqual(['a']);
    expect(list.resourceVersion).toMatch(/^\d+$/);
    const patched = await client.patch(builtinResources.configMaps, { name: 'a', namespace: ns }, 'merge', {
      data: { k: '2' },
    });
    expect(patched).toMatchObject({ data: { k: '2' } });
    const replaced = await client.replace(builtinResources.configMaps, { ...patched, data: { k: '3' } });
    expect(replaced).toMatchObject({ data: { k: '3' } });
    expect(await client.delete(builtinResources.configMaps, 'a', ns)).toBe(true);
    expect(await client.delete(builtinResources.configMaps, 'a', ns)).toBe(false);
  });

  it('raises a KubeApiError with the status and reason, such as 409 on a stale write', async () => {
    const ns = await namespace('conflict');
    const first = await client.create(builtinResources.configMaps, cm(ns, 'c'));
    await client.replace(builtinResources.configMaps, { ...first, data: { x: '1' } });
    const stale = client.replace(builtinResources.configMaps, { ...first, data: { x: '2' } });
    await expect(stale).rejects.toBeInstanceOf(KubeApiError);
    await expect(stale).rejects.toSatisfy(isConflict);
    await expect(stale).rejects.toThrow(/PUT \/api\/v1\/namespaces\/conflict\/configmaps\/c: 409 Conflict/);
  });
});

describe('createOrUpdate', () => {
  it('creates, then leaves an unchanged object alone, then updates what changed', async () => {
    const ns = await namespace('apply');
    const merge = (live: KubeObject, desired: KubeObject): KubeObject => ({ ...live, data: desired.data });
    const r1 = await createOrUpdate({
      client,
      resource: builtinResources.configMaps,
      desired: cm(ns, 'x', { a: '1' }),
      merge,
    });
    expect(r1.action).toBe('created');
    const r2 = await createOrUpdate({
      client,
      resource: builtinResources.configMaps,
      desired: cm(ns, 'x', { a: '1' }),
      merge,
    });
    expect(r2.action).toBe('unchanged');
    expect(r2.object.metadata?.resourceVersion).toBe(r1.object.metadata?.resourceVersion);
    const r3 = await createOrUpdate({
      client,
      resource: builtinResources.configMaps,
      desired: cm(ns, 'x', { a: '2' }),
      merge,
    });
    expect(r3.action).toBe('updated');
    expect(r3.object).toMatchObject({ data: { a: '2' } });
  });
});

describe('createInformer', () => {
  it('syncs, then reports added, updated and deleted objects in order', async () => {
    const ns = await namespace('inf');
    await client.create(builtinResources.configMaps, cm(ns, 'before'));
    const informer = createInformer<KubeObject>({
      client,
      resource: builtinResources.configMaps,
      namespace: ns,
    });
    const events: Array<ChangeEvent<KubeObject>> = [];
    informer.onChange((e) => events.push(e));
    informer.start();
    await informer.synced(AbortSignal.timeout(20_000));
    expect(informer.list().map((o) => o.metadata?.name)).toEqual(['before']);
    await client.create(builtinResources.configMaps, cm(ns, 'later', { v: '1' }));
    await client.patch(builtinResources.configMaps, { name: 'later', namespace: ns }, 'merge', {
      data: { v: '2' },
    });
    await client.delete(builtinResources.configMaps, 'later', ns);
    await waitFor('the delete event', () => events.some((e) => e.type === 'deleted'));
    expect(events.map((e) => `${e.type}:${e.object.metadata?.name}`)).toEqual([
      'added:before',
      'added:later',
      'updated:later',
      'deleted:later',
    ]);
    expect(informer.get('later', ns)).toBeUndefined();
    await informer.stop();
  });

  it('re-lists after the server expires its watch (410) and misses nothing', async () => {
    const ns = await namespace('expire');
    const informer = createInformer<KubeObject>({
      client,
      resource: builtinResources.configMaps,
      namespace: ns,
    });
    informer.start();
    await informer.synced(AbortSignal.timeout(20_000));
    await fetch(`${cluster.url}/devcluster/expire-watches`, { method: 'POST' });
    await client.create(builtinResources.configMaps, cm(ns, 'after-expiry'));
    await waitFor('the object created after the expiry', () => informer.get('after-expiry', ns));
    await informer.stop();
  });

  it('reports a handler that throws as a lifecycle event and keeps delivering', async () => {
    const ns = await namespace('throwing');
    const informer = createInformer<KubeObject>({
      client,
      resource: builtinResources.configMaps,
      namespace: ns,
    });
    const lifecycle: LifecycleEvent[] = [];
    const seen: string[] = [];
    informer.onLifecycle((e) => lifecycle.push(e));
    informer.onChange(() => {
      throw new Error('handler bug');
    });
    informer.onChange((e) => seen.push(e.object.metadata?.name ?? ''));
    informer.start();
    await informer.synced(AbortSignal.timeout(20_000));
    await client.create(builtinResources.configMaps, cm(ns, 'one'));
    await waitFor('the second handler to see the object', () => seen.includes('one'));
    expect(
      lifecycle.some((e) => e.type === 'handler-error' && (e.error as Error).message === 'handler bug'),
    ).toBe(true);
    await informer.stop();
  });

  it('keeps retrying with back-off while the API server is down, and syncs once it is up', async () => {
    const spare = await startDevCluster();
    const kubeconfigPath = spare.kubeconfigPath;
    const port = spare.port;
    const c = createKubeClient(loadKubeConfig({ path: kubeconfigPath }));
    await spare.stop();
    const informer = createInformer<KubeObject>({
      client: c,
      resource: builtinResources.configMaps,
      backoff: { initialMs: 20, maxMs: 100 },
    });
    const errors: LifecycleEvent[] = [];
    informer.onLifecycle((e) => e.type === 'error' && errors.push(e));
    informer.start();
    await waitFor('two failed attempts', () => errors.length >= 2);
    const revived = await startDevCluster({ port, kubeconfigPath });
    try {
      await informer.synced(AbortSignal.timeout(20_000));
      expect(informer.hasSynced()).toBe(true);
    } finally {
      await informer.stop();
      await revived.stop();
    }
  });
});

describe('createReadyEndpointsCache', () => {
  const slice = (
    ns: string,
    name: string,
    svc: string,
    endpoints: EndpointSlice['endpoints'],
  ): EndpointSlice => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints,
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  });

  it('wakes a waiter the moment an endpoint turns ready, and drops terminating endpoints', async () => {
    const ns = await namespace('eps');
    const informer = createInformer<EndpointSlice>({
      client,
      resource: builtinResources.endpointSlices,
      namespace: ns,
    });
    informer.start();
    await informer.synced(AbortSignal.timeout(20_000));
    const cache = createReadyEndpointsCache(informer);
    const created = await client.create(
      builtinResources.endpointSlices,
      slice(ns, 'web-abc', 'web', [{ addresses: ['127.0.0.2'], conditions: { ready: false } }]),
    );
    await waitFor('the not-ready endpoint', () => cache.get(ns, 'web').all.length === 1);
    expect(cache.get(ns, 'web').ready).toEqual([]);
    const waiting = cache.waitForReady(ns, 'web', AbortSignal.timeout(20_000));
    await client.replace(builtinResources.endpointSlices, {
      ...created,
      endpoints: [
        { addresses: ['127.0.0.2'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'web-1' } },
        { addresses: ['127.0.0.3'], conditions: { ready: false, terminating: true } },
      ],
    });
    const ready = await waiting;
    expect(ready.ready.map((e) => [e.address, e.podName, endpointPort(e, 'http')])).toEqual([
      ['127.0.0.2', 'web-1', 8080],
    ]);
    expect(ready.all.find((e) => e.address === '127.0.0.3')?.terminating).toBe(true);
    await informer.stop();
  });

  it('rejects a wait when its signal aborts', async () => {
    const ns = await namespace('eps-abort');
    const informer = createInformer<EndpointSlice>({
      client,
      resource: builtinResources.endpointSlices,
      namespace: ns,
    });
    informer.start();
    await informer.synced(AbortSignal.timeout(20_000));
    const cache = createReadyEndpointsCache(informer);
    const ac = new AbortController();
    const waiting = cache.waitForReady(ns, 'nobody', ac.signal);
    ac.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    await informer.stop();
  });
});

describe('createLeaderElector', () => {
  it('elects exactly one of two candidates, and the other takes over when the leader steps down', async () => {
    const ns = await namespace('election');
    const timing = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 100 };
    const events: Record<string, LeaderEvent[]> = { a: [], b: [] };
    const make = (id: 'a' | 'b') =>
      createLeaderElector({
        client,
        namespace: ns,
        name: 'lock',
        identity: id,
        ...timing,
        onEvent: (e) => events[id]?.push(e),
      });
    const a = make('a');
    const b = make('b');
    const stopA = new AbortController();
    const stopB = new AbortController();
    const runA = a.run(stopA.signal);
    await waitFor('a to lead', () => a.isLeader());
    const runB = b.run(stopB.signal);
    await waitFor('b to observe a', () => b.leader() === 'a');
    expect(b.isLeader()).toBe(false);
    stopA.abort();
    await runA;
    await waitFor('b to take over', () => b.isLeader());
    expect(events.a?.map((e) => e.type)).toContain('stopped-leading');
    stopB.abort();
    await runB;
  });
});

describe('createEventRecorder', () => {
  it('records a Kubernetes Event about an object', async () => {
    const ns = await namespace('events');
    const obj = await client.create(builtinResources.configMaps, cm(ns, 'subject'));
    const record = createEventRecorder({ client, component: 'k8s-test' });
    expect(
      await record(obj, { type: 'Warning', reason: 'InvalidSpec', message: 'both fields set' }),
    ).toBeUndefined();
    const events = await client.list<KubeObject>(builtinResources.events, { namespace: ns });
    expect(events.items).toEqual([
      expect.objectContaining({
        type: 'Warning',
        reason: 'InvalidSpec',
        message: 'both fields set',
        involvedObject: expect.objectContaining({
          kind: 'ConfigMap',
          name: 'subject',
          uid: obj.metadata?.uid,
        }),
      }),
    ]);
  });
});
