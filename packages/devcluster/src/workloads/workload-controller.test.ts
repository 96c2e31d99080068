// The Deployment and StatefulSet controllers with real pods: scale-down order, a rollout on a template
// change, and a StatefulSet's ordered start and stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../api/types.js';
import { startDevCluster, type DevCluster } from '../start.js';
import { deploymentManifest, statefulSetManifest, waitFor } from '../testing.js';
import type { TimelineEntry } from '../timeline/event-timeline.js';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster({
    builtinCrds: false,
    keda: false,
    probePeriodCapMs: 100,
    podIpStart: '127.0.65.1',
  });
});
afterAll(() => cluster.stop());

const obj = (v: unknown): JsonObject => (typeof v === 'object' && v !== null ? (v as JsonObject) : {});
const pods = () => cluster.store.resource({ apiVersion: 'v1', kind: 'Pod' });
const deployments = () => cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
const statefulSets = () => cluster.store.resource({ apiVersion: 'apps/v1', kind: 'StatefulSet' });
const podsIn = (ns: string): KubeObject[] => pods().list({ namespace: ns }).items;
const statusOf = (o: KubeObject | undefined): JsonObject => obj(o?.['status']);
const isReady = (p: KubeObject): boolean =>
  ((statusOf(p)['conditions'] as JsonObject[] | undefined) ?? []).some(
    (c) => c['type'] === 'Ready' && c['status'] === 'True',
  );

let nsCount = 0;
function namespace(): string {
  const ns = `ctrl-${++nsCount}`;
  cluster.store
    .resource({ apiVersion: 'v1', kind: 'Namespace' })
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return ns;
}

const readyCount = (ns: string, kind: 'Deployment' | 'StatefulSet', name: string): number => {
  const client = kind === 'Deployment' ? deployments() : statefulSets();
  return (statusOf(client.get(ns, name))['readyReplicas'] as number | undefined) ?? 0;
};

const podEvents = (since: number, ns: string, milestone: string): TimelineEntry[] =>
  cluster.timeline
    .since(since)
    .filter((e) => e.kind === 'pod' && e.pod.startsWith(`${ns}/`) && e.milestone === milestone);

describe('workload controllers', () => {
  it('removes the newest pods first on scale-down, and rolls the pods when the template changes', async () => {
    const ns = namespace();
    const since = cluster.timeline.lastSeq;
    deployments().create(deploymentManifest({ name: 'roll', namespace: ns, replicas: 3 }));
    await waitFor(() => readyCount(ns, 'Deployment', 'roll') === 3, { timeoutMs: 60_000 });
    const created = podEvents(since, ns, 'created').map((e) => (e.kind === 'pod' ? e.pod : ''));
    const mark = cluster.timeline.lastSeq;
    deployments().scale(ns, 'roll', 1);
    await waitFor(() => podsIn(ns).length === 1, { timeoutMs: 30_000 });
    const terminated = podEvents(mark, ns, 'terminating').map((e) => (e.kind === 'pod' ? e.pod : ''));
    expect(terminated.sort()).toEqual(created.slice(1).sort());
    expect(`${ns}/${podsIn(ns)[0]?.metadata.name ?? ''}`).toBe(created[0]);

    const before = podsIn(ns)[0]?.metadata.labels?.['pod-template-hash'];
    deployments().mutate(ns, 'roll', (d) => {
      const spec = obj(obj(obj(d['spec'])['template'])['spec']);
      const [app] = spec['containers'] as JsonObject[];
      if (app !== undefined) app['env'] = [{ name: 'VERSION', value: '2' }];
    });
    await waitFor(
      () => {
        const [only, ...more] = podsIn(ns);
        return (
          only !== undefined &&
          more.length === 0 &&
          only.metadata.labels?.['pod-template-hash'] !== before &&
          isReady(only)
        );
      },
      { timeoutMs: 60_000 },
    );
    await waitFor(() => statusOf(deployments().get(ns, 'roll'))['observedGeneration'] === 3);
    expect(statusOf(deployments().get(ns, 'roll'))).toMatchObject({
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
    });
  });

  it('creates StatefulSet pods in order, each once the one before is ready, and removes them from the top', async () => {
    const ns = namespace();
    const since = cluster.timeline.lastSeq;
    statefulSets().create(
      statefulSetManifest({
        name: 'db',
        namespace: ns,
        replicas: 3,
        readinessProbe: { tcpSocket: { port: 'http' } },
      }),
    );
    await waitFor(() => readyCount(ns, 'StatefulSet', 'db') === 3, { timeoutMs: 60_000 });
    const order = cluster.timeline
      .since(since)
      .filter(
        (e) =>
          e.kind === 'pod' &&
          e.pod.startsWith(`${ns}/`) &&
          (e.milestone === 'created' || e.milestone === 'ready'),
      )
      .map((e) => (e.kind === 'pod' ? `${e.pod.slice(ns.length + 1)} ${e.milestone}` : ''));
    expect(order).toEqual([
      'db-0 created',
      'db-0 ready',
      'db-1 created',
      'db-1 ready',
      'db-2 created',
      'db-2 ready',
    ]);
    expect(podsIn(ns).map((p) => p.metadata.labels?.['apps.kubernetes.io/pod-index'])).toEqual([
      '0',
      '1',
      '2',
    ]);
    const mark = cluster.timeline.lastSeq;
    statefulSets().scale(ns, 'db', 1);
    await waitFor(() => podsIn(ns).length === 1, { timeoutMs: 30_000 });
    const down = cluster.timeline
      .since(mark)
      .filter((e) => e.kind === 'pod' && (e.milestone === 'terminating' || e.milestone === 'gone'))
      .map((e) => (e.kind === 'pod' ? `${e.pod.slice(ns.length + 1)} ${e.milestone}` : ''));
    expect(down).toEqual(['db-2 terminating', 'db-2 gone', 'db-1 terminating', 'db-1 gone']);
    expect(statusOf(statefulSets().get(ns, 'db'))).toMatchObject({
      replicas: 1,
      readyReplicas: 1,
      currentReplicas: 1,
    });
  });
});
