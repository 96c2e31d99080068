// KEDA + HPA emulation against a real gRPC external scaler written for these tests: activation from a
// stream message, the HPA formula end to end, cooldown, restoreToOriginalReplicaCount, status, and bad input.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { JsonObject, KubeObject } from '../api/types.js';
import { startDevCluster, type DevCluster } from '../start.js';
import {
  deploymentManifest,
  startTestScaler,
  waitFor,
  waitForTimeline,
  type TestScaler,
} from '../testing.js';
import type { TimelineEntry } from '../timeline/event-timeline.js';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster({
    builtinCrds: true,
    hpaSyncPeriodMs: 300,
    kedaRetry: { initialMs: 100, maxMs: 1000 },
    podIpStart: '127.0.70.1',
    // The pods play no part here: a sleeping process per replica keeps them cheap.
    images: { 'test/idle': { command: ['sleep', '3600'] } },
  });
});
afterAll(() => cluster.stop());

const scaledObjects = () => cluster.store.resource({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' });
const deployments = () => cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
const obj = (v: unknown): JsonObject => (typeof v === 'object' && v !== null ? (v as JsonObject) : {});

async function scaler(): Promise<TestScaler> {
  const s = await startTestScaler();
  onTestFinished(() => s.close());
  return s;
}

let nsCount = 0;
function namespace(): string {
  const ns = `keda-${++nsCount}`;
  cluster.store
    .resource({ apiVersion: 'v1', kind: 'Namespace' })
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return ns;
}

function scaledObject(ns: string, spec: JsonObject, name = 'so'): KubeObject {
  return scaledObjects().create({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace: ns },
    spec: { scaleTargetRef: { name: 'web' }, ...spec },
  });
}

const replicas = (ns: string): number => obj(deployments().get(ns, 'web')?.['spec'])['replicas'] as number;
const condition = (ns: string, type: string, name = 'so'): JsonObject | undefined => {
  const conditions = obj(scaledObjects().get(ns, name)?.['status'])['conditions'];
  return Array.isArray(conditions) ? (conditions as JsonObject[]).find((c) => c['type'] === type) : undefined;
};
const scaleOf = (ns: string) => (e: TimelineEntry) => e.kind === 'scale' && e.scaledObject === `${ns}/so`;

describe('KEDA emulation', () => {
  it('activates from zero on one StreamIsActive message, then the HPA scales on the metrics', async () => {
    const ns = namespace();
    const s = await scaler();
    s.metricSpecs = [{ metricName: 'queue', targetSize: 2 }];
    // The float wins when it is non-zero: 7, not 999.
    s.metricValues = { queue: { metricValue: 999, metricValueFloat: 7 } };
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 0 }));
    scaledObject(ns, {
      pollingInterval: 300, // no second poll during the test: activation must come from the stream
      maxReplicaCount: 10,
      triggers: [{ type: 'external-push', metadata: { scalerAddress: s.address, host: 'example.com' } }],
    });
    await waitFor(() => s.openStreams() === 1 && s.calls.some((c) => c.method === 'IsActive'));
    await waitFor(() => condition(ns, 'Active')?.['reason'] === 'ScalerNotActive');
    expect(replicas(ns)).toBe(0);

    const beforePush = cluster.timeline.lastSeq;
    expect(s.push(true)).toBe(1);
    const activated = await waitForTimeline(cluster.timeline, scaleOf(ns), { since: beforePush });
    expect(activated).toMatchObject({ reason: 'activated', from: 0, to: 1, target: `Deployment ${ns}/web` });
    const stream = cluster.timeline.since(beforePush).filter((e) => e.kind === 'stream');
    expect(stream.map((e) => e.kind === 'stream' && e.active)).toEqual([true]);
    expect(s.calls.filter((c) => c.method === 'IsActive')).toHaveLength(1);
    expect(replicas(ns)).toBe(1);

    const hpa = await waitForTimeline(cluster.timeline, scaleOf(ns), { since: activated.seq });
    expect(hpa).toMatchObject({
      reason: 'hpa',
      from: 1,
      to: 4,
      metrics: [
        { trigger: 0, metricName: 'queue', value: 7, target: 2, metricType: 'AverageValue', desired: 4 },
      ],
    });
    expect(replicas(ns)).toBe(4);
    const getMetrics = s.calls.find((c) => c.method === 'GetMetrics');
    expect(getMetrics?.request).toEqual({
      scaledObjectRef: {
        name: 'so',
        namespace: ns,
        scalerMetadata: { scalerAddress: s.address, host: 'example.com' },
      },
      metricName: 'queue',
    });

    const so = scaledObjects().get(ns, 'so');
    expect(so?.metadata.finalizers).toEqual(['finalizer.keda.sh']);
    expect(so?.metadata.labels).toEqual({ 'scaledobject.keda.sh/name': 'so' });
    expect(so?.['status']).toMatchObject({
      scaleTargetKind: 'apps/v1.Deployment',
      scaleTargetGVKR: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments' },
      originalReplicaCount: 0,
      externalMetricNames: ['s0-queue'],
      triggersTypes: 'external-push',
      lastActiveTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(condition(ns, 'Ready')).toMatchObject({ status: 'True', reason: 'ScaledObjectReady' });
    expect(condition(ns, 'Active')).toMatchObject({ status: 'True', reason: 'ScalerActive' });
    expect(condition(ns, 'Fallback')).toMatchObject({ status: 'False', reason: 'NoFallbackFound' });
  });

  it('reopens StreamIsActive with back-off when the scaler restarts, and acts on the new stream', async () => {
    const ns = namespace();
    const first = await startTestScaler();
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 0 }));
    scaledObject(ns, {
      pollingInterval: 300,
      triggers: [{ type: 'external-push', metadata: { scalerAddress: first.address } }],
    });
    await waitFor(() => first.openStreams() === 1);
    await first.close();
    const second = await startTestScaler({ port: first.port });
    onTestFinished(() => second.close());
    await waitFor(() => second.openStreams() === 1, { timeoutMs: 20_000 });
    const since = cluster.timeline.lastSeq;
    second.push(true);
    expect(await waitForTimeline(cluster.timeline, scaleOf(ns), { since })).toMatchObject({
      reason: 'activated',
      to: 1,
    });
    const ended = cluster.timeline
      .since(0)
      .filter((e) => e.kind === 'scaler' && e.scaledObject === `${ns}/so` && e.status === 'error');
    expect(ended.map((e) => (e.kind === 'scaler' ? e.message : ''))[0]).toMatch(
      /^StreamIsActive to 127\.0\.0\.1:\d+ ended: /,
    );
  });

  it('scales to zero only once the cooldown has passed since the last activity', async () => {
    const ns = namespace();
    const s = await scaler();
    s.active = true;
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 0 }));
    const start = cluster.timeline.lastSeq;
    scaledObject(ns, {
      pollingInterval: 1,
      cooldownPeriod: 3,
      triggers: [{ type: 'external', metadata: { scalerAddress: s.address } }],
    });
    const activated = await waitForTimeline(
      cluster.timeline,
      (e) => scaleOf(ns)(e) && e.kind === 'scale' && e.reason === 'activated',
      { since: start },
    );
    s.active = false;
    await waitFor(() => condition(ns, 'Active')?.['reason'] === 'ScalerCooldown');
    expect(replicas(ns)).toBe(1);
    const cooldown = await waitForTimeline(cluster.timeline, scaleOf(ns), { since: activated.seq });
    const lastActive = Math.max(...s.calls.filter((c) => c.answer === true).map((c) => c.ms));
    expect(cooldown).toMatchObject({ reason: 'cooldown', from: 1, to: 0 });
    expect(cooldown.ms - lastActive).toBeGreaterThanOrEqual(3000);
    expect(replicas(ns)).toBe(0);
    expect(condition(ns, 'Active')).toMatchObject({ status: 'False', reason: 'ScalerNotActive' });
  });

  it('restores the original replica count when a ScaledObject with restoreToOriginalReplicaCount is deleted', async () => {
    const ns = namespace();
    const s = await scaler();
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 2 }));
    const start = cluster.timeline.lastSeq;
    scaledObject(ns, {
      advanced: { restoreToOriginalReplicaCount: true },
      triggers: [{ type: 'external', metadata: { scalerAddress: s.address } }],
    });
    // Never active, no initialCooldownPeriod: KEDA scales it to zero at once.
    const down = await waitForTimeline(cluster.timeline, scaleOf(ns), { since: start });
    expect(down).toMatchObject({ reason: 'cooldown', from: 2, to: 0 });
    expect(obj(scaledObjects().get(ns, 'so')?.['status'])['originalReplicaCount']).toBe(2);
    scaledObjects().delete(ns, 'so');
    const restored = await waitForTimeline(cluster.timeline, scaleOf(ns), { since: down.seq });
    expect(restored).toMatchObject({ reason: 'restore', from: 0, to: 2 });
    expect(replicas(ns)).toBe(2);
    await waitFor(() => scaledObjects().get(ns, 'so') === undefined);
  });

  it('honours the paused-replicas annotation', async () => {
    const ns = namespace();
    const s = await scaler();
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 0 }));
    scaledObjects().create({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'so', namespace: ns, annotations: { 'autoscaling.keda.sh/paused-replicas': '3' } },
      spec: {
        scaleTargetRef: { name: 'web' },
        triggers: [{ type: 'external', metadata: { scalerAddress: s.address } }],
      },
    });
    await waitFor(() => replicas(ns) === 3);
    expect(condition(ns, 'Paused')).toMatchObject({ status: 'True', reason: 'ScaledObjectPaused' });
    expect(s.calls).toEqual([]);
  });
});

describe('KEDA emulation with bad input', () => {
  it.each([
    [
      'an unknown trigger type',
      { triggers: [{ type: 'cpu', metadata: { value: '50' } }] },
      'spec.triggers[0].type: no scaler found for type "cpu" (devcluster emulates only external and external-push)',
    ],
    [
      'a trigger without scalerAddress',
      { triggers: [{ type: 'external-push', metadata: {} }] },
      'spec.triggers[0].metadata.scalerAddress is required for external-push triggers',
    ],
    [
      'a missing scale target',
      {
        scaleTargetRef: { name: 'nope' },
        triggers: [{ type: 'external', metadata: { scalerAddress: '127.0.0.1:1' } }],
      },
      'scaleTargetRef: Deployment NS/nope not found',
    ],
  ])('says why %s cannot work, and keeps retrying', async (_name, spec, message) => {
    const ns = namespace();
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 0 }));
    scaledObject(ns, spec);
    await waitFor(() => condition(ns, 'Ready')?.['status'] === 'False');
    expect(condition(ns, 'Ready')).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ScaledObjectCheckFailed',
      message: message.replace('NS', ns),
    });
  });

  it('reports an unreachable scaler, then recovers once the Service behind scalerAddress gets a ready endpoint', async () => {
    const ns = namespace();
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 1 }));
    cluster.store.resource({ apiVersion: 'v1', kind: 'Service' }).create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'scaler', namespace: ns },
      spec: { ports: [{ name: 'grpc', port: 9090, targetPort: 9090 }] },
    });
    scaledObject(ns, {
      minReplicaCount: 1,
      pollingInterval: 30,
      triggers: [{ type: 'external', metadata: { scalerAddress: `scaler.${ns}.svc.cluster.local:9090` } }],
    });
    await waitFor(() => condition(ns, 'Ready')?.['reason'] === 'TriggerError');
    expect(condition(ns, 'Ready')?.['message']).toBe(
      `Triggers defined in ScaledObject are not working correctly: trigger 0: scaler scaler.${ns}.svc.cluster.local:9090 unreachable: no ready endpoints for service ${ns}/scaler:9090`,
    );
    const s = await scaler();
    s.active = true;
    cluster.store.resource({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }).create({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'scaler-1', namespace: ns, labels: { 'kubernetes.io/service-name': 'scaler' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'grpc', port: s.port }],
    });
    // The retry comes with back-off (well before the 30 s polling interval).
    await waitFor(() => condition(ns, 'Ready')?.['status'] === 'True', { timeoutMs: 20_000 });
    expect(condition(ns, 'Active')).toMatchObject({ status: 'True', reason: 'ScalerActive' });
    expect(s.calls.some((c) => c.method === 'IsActive')).toBe(true);
  });

  it('is not Ready while its scale target is gone, and picks it up again when it is back', async () => {
    const ns = namespace();
    const s = await scaler();
    s.active = true;
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 1 }));
    scaledObject(ns, {
      pollingInterval: 1,
      triggers: [{ type: 'external', metadata: { scalerAddress: s.address } }],
    });
    await waitFor(() => condition(ns, 'Active')?.['status'] === 'True');
    deployments().delete(ns, 'web');
    await waitFor(() => condition(ns, 'Ready')?.['reason'] === 'ScaledObjectCheckFailed');
    expect(condition(ns, 'Ready')?.['message']).toBe(`scaleTargetRef: Deployment ${ns}/web not found`);
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, image: 'test/idle', replicas: 0 }));
    await waitFor(() => replicas(ns) === 1, { timeoutMs: 20_000 });
    expect(condition(ns, 'Ready')).toMatchObject({ status: 'True', reason: 'ScaledObjectReady' });
  });

  it('keeps serving the API while a ScaledObject fails', async () => {
    const res = await fetch(`${cluster.url}/api/v1/namespaces`);
    expect(res.status).toBe(200);
  });
});
