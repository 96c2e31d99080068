// EndpointSlices and Endpoints follow the pods behind a Service: readiness from a probe that flips, and a
// slow-to-stop process that keeps serving after SIGTERM (terminating, then SIGKILL after the grace period).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../api/types.js';
import { startDevCluster, type DevCluster } from '../start.js';
import {
  deploymentManifest,
  nodeScriptImage,
  processAlive,
  serviceManifest,
  waitFor,
  waitForTimeline,
} from '../testing.js';

// Serves /healthz as 200 or 503 (flipped by /toggle); on SIGTERM it says so and keeps serving.
const TOGGLE_SERVER = `
let healthy = true;
require('http').createServer((q, s) => {
  if (q.url === '/toggle') { healthy = !healthy; return s.end(String(healthy)); }
  if (q.url === '/healthz') { s.statusCode = healthy ? 200 : 503; return s.end(); }
  s.end(process.env.HOSTNAME);
}).listen(Number(process.env.PORT));
process.on('SIGTERM', () => console.log('SIGTERM: still serving'));
`;

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster({
    builtinCrds: false,
    keda: false,
    probePeriodCapMs: 100,
    podIpStart: '127.0.80.1',
    images: { 'test/toggle': nodeScriptImage(TOGGLE_SERVER) },
  });
});
afterAll(() => cluster.stop());

const obj = (v: unknown): JsonObject => (typeof v === 'object' && v !== null ? (v as JsonObject) : {});
const slicesOf = (ns: string, service: string): KubeObject[] =>
  cluster.store
    .resource({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' })
    .list({ namespace: ns, labelSelector: `kubernetes.io/service-name=${service}` }).items;
const endpointsOf = (ns: string, service: string): JsonObject[] =>
  slicesOf(ns, service).flatMap((s) => (s['endpoints'] as JsonObject[] | undefined) ?? []);
const conditionsOf = (ns: string, service: string): JsonObject[] =>
  endpointsOf(ns, service).map((e) => obj(e['conditions']));

let nsCount = 0;
function namespace(): string {
  const ns = `ep-${++nsCount}`;
  cluster.store
    .resource({ apiVersion: 'v1', kind: 'Namespace' })
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return ns;
}

describe('EndpointSlices and Endpoints', () => {
  it('publish one slice per Service, following a readiness probe both ways', async () => {
    const ns = namespace();
    cluster.store
      .resource({ apiVersion: 'v1', kind: 'Service' })
      .create(serviceManifest({ name: 'web', namespace: ns }));
    // Before any pod: one empty slice, managed by the controller and owned by the Service.
    await waitFor(() => slicesOf(ns, 'web').length === 1);
    expect(slicesOf(ns, 'web')[0]).toMatchObject({
      metadata: {
        name: expect.stringMatching(/^web-[a-z0-9]{5}$/),
        labels: {
          'kubernetes.io/service-name': 'web',
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        },
        ownerReferences: [{ kind: 'Service', name: 'web', controller: true }],
      },
      addressType: 'IPv4',
      endpoints: [],
    });
    cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' }).create(
      deploymentManifest({
        name: 'web',
        namespace: ns,
        image: 'test/toggle',
        port: 18_941,
        readinessProbe: {
          httpGet: { path: '/healthz', port: 'http' },
          periodSeconds: 10,
          failureThreshold: 1,
        },
      }),
    );
    await waitFor(() => conditionsOf(ns, 'web')[0]?.['ready'] === true, { timeoutMs: 60_000 });
    const [slice] = slicesOf(ns, 'web');
    const pod = cluster.store.resource({ apiVersion: 'v1', kind: 'Pod' }).list({ namespace: ns })
      .items[0] as KubeObject;
    const ip = obj(pod['status'])['podIP'] as string;
    expect(slice).toMatchObject({
      endpoints: [
        {
          addresses: [ip],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: 'devcluster',
          targetRef: { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid },
        },
      ],
      ports: [{ name: 'http', port: 18_941, protocol: 'TCP' }],
    });
    const endpoints = cluster.store.resource({ apiVersion: 'v1', kind: 'Endpoints' }).get(ns, 'web');
    expect(endpoints?.['subsets']).toMatchObject([
      { addresses: [{ ip }], ports: [{ name: 'http', port: 18_941 }] },
    ]);

    await fetch(`http://${ip}:18941/toggle`);
    await waitFor(() => conditionsOf(ns, 'web')[0]?.['ready'] === false);
    expect(conditionsOf(ns, 'web')).toEqual([{ ready: false, serving: false, terminating: false }]);
    expect(
      cluster.store.resource({ apiVersion: 'v1', kind: 'Endpoints' }).get(ns, 'web')?.['subsets'],
    ).toMatchObject([{ notReadyAddresses: [{ ip }] }]);
    await fetch(`http://${ip}:18941/toggle`);
    await waitFor(() => conditionsOf(ns, 'web')[0]?.['ready'] === true);

    // Through the Service proxy, which reads the same slices.
    const res = await fetch(`${cluster.url}/api/v1/namespaces/${ns}/services/web:80/proxy/`);
    expect(await res.text()).toBe(pod.metadata.name);
  });

  it('mark a deleted pod terminating at once, keep it while its process ignores SIGTERM, and drop it once SIGKILL ends it', async () => {
    const ns = namespace();
    cluster.store
      .resource({ apiVersion: 'v1', kind: 'Service' })
      .create(serviceManifest({ name: 'web', namespace: ns }));
    cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' }).create(
      deploymentManifest({
        name: 'web',
        namespace: ns,
        image: 'test/toggle',
        port: 18_942,
        terminationGracePeriodSeconds: 2,
      }),
    );
    await waitFor(() => conditionsOf(ns, 'web')[0]?.['ready'] === true, { timeoutMs: 60_000 });
    const pod = cluster.store.resource({ apiVersion: 'v1', kind: 'Pod' }).list({ namespace: ns })
      .items[0] as KubeObject;
    const pid = Number(
      /\d+$/.exec(
        String(obj((obj(pod['status'])['containerStatuses'] as JsonObject[])[0])['containerID']),
      )?.[0],
    );
    const since = cluster.timeline.lastSeq;
    cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' }).scale(ns, 'web', 0);

    await waitFor(() => conditionsOf(ns, 'web')[0]?.['terminating'] === true);
    expect(conditionsOf(ns, 'web')).toEqual([{ ready: false, serving: true, terminating: true }]);
    const terminating = cluster.store
      .resource({ apiVersion: 'v1', kind: 'Pod' })
      .get(ns, pod.metadata.name ?? '');
    expect(terminating?.metadata.deletionTimestamp).toBeDefined();
    expect(terminating?.metadata.deletionGracePeriodSeconds).toBe(2);
    expect(processAlive(pid)).toBe(true);
    // Terminating pods leave the legacy Endpoints at once.
    await waitFor(
      () =>
        cluster.store.resource({ apiVersion: 'v1', kind: 'Endpoints' }).get(ns, 'web')?.['subsets'] ===
        undefined,
    );

    const isPod = (milestone: string) => (e: { kind: string; milestone?: string; pod?: string }) =>
      e.kind === 'pod' && e.pod === `${ns}/${pod.metadata.name ?? ''}` && e.milestone === milestone;
    const term = await waitForTimeline(cluster.timeline, isPod('terminating'), { since });
    const killed = await waitForTimeline(cluster.timeline, isPod('killed'), { since });
    await waitForTimeline(cluster.timeline, isPod('gone'), { since });
    // libuv measures the timer from its cached loop time, which can trail the wall clock by a few ms.
    expect(killed.ms - term.ms).toBeGreaterThanOrEqual(1950);
    expect(processAlive(pid)).toBe(false);
    await waitFor(() => endpointsOf(ns, 'web').length === 0);
    expect(
      cluster.store.resource({ apiVersion: 'v1', kind: 'Pod' }).get(ns, pod.metadata.name ?? ''),
    ).toBeUndefined();
    const log = await fetch(`${cluster.url}/api/v1/namespaces/${ns}/pods/${pod.metadata.name ?? ''}/log`);
    expect(log.status).toBe(404);
  });

  it('leave slices they do not manage alone, and go with their Service', async () => {
    const ns = namespace();
    const slices = cluster.store.resource({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' });
    cluster.store
      .resource({ apiVersion: 'v1', kind: 'Service' })
      .create(serviceManifest({ name: 'web', namespace: ns }));
    slices.create({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'by-hand', namespace: ns, labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'http', port: 1 }],
    });
    await waitFor(() => slicesOf(ns, 'web').length === 2);
    cluster.store.resource({ apiVersion: 'v1', kind: 'Service' }).delete(ns, 'web');
    await cluster.idle();
    expect(slicesOf(ns, 'web').map((s) => s.metadata.name)).toEqual(['by-hand']);
    expect(cluster.store.resource({ apiVersion: 'v1', kind: 'Endpoints' }).get(ns, 'web')).toBeUndefined();
  });
});
