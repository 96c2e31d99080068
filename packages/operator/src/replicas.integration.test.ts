// Two operator replicas on one devcluster: one leads (holds the Lease upstream's operator uses), only it
// reconciles, both serve the same routing table from their own informers, and when the leader steps down the
// other takes over and reconciles new objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import {
  builtinResources,
  createKubeClient,
  loadKubeConfig,
  type KubeClient,
  type KubeObject,
} from '@keda-http/k8s';
import { installCrds, waitFor } from '@keda-http/testkit';
import { LEASE_NAME } from './operator.js';
import { httpScaledObjects, services } from './resources.js';
import {
  readyConditionOf,
  startTestOperator,
  testHttpScaledObject,
  testNamespace,
  testService,
  type TestOperator,
} from './testing.js';

// Short leader-election timings so that a take-over happens within a test.
const ELECTION = {
  KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION: '3s',
  KEDA_HTTP_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE: '2s',
  KEDA_HTTP_OPERATOR_LEADER_ELECTION_RETRY_PERIOD: '200ms',
};

let cluster: DevCluster;
let client: KubeClient;
const replicas: Array<{ op: TestOperator; registry: Registry }> = [];

beforeAll(async () => {
  cluster = await startDevCluster();
  await installCrds(cluster.url);
  client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
  for (const ns of ['keda', 'apps']) await client.create(builtinResources.namespaces, testNamespace(ns));
  for (const identity of ['replica-a', 'replica-b']) {
    const registry = new Registry();
    const op = await startTestOperator({
      kubeconfigPath: cluster.kubeconfigPath,
      identity,
      env: ELECTION,
      deps: { metricsRegistry: registry },
    });
    replicas.push({ op, registry });
  }
});
afterAll(async () => {
  for (const r of replicas) await r.op.stop();
  await cluster?.stop();
});

const leaders = () => replicas.filter((r) => r.op.operator.isLeader());
const reconciles = async (registry: Registry): Promise<number> => {
  const metric = await registry.getSingleMetric('controller_runtime_reconcile_total')?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
};
const bodyOf = async (op: TestOperator) => (await fetch(`${op.url}/routing_table`)).text();

async function waitReady(name: string): Promise<void> {
  await waitFor(`${name} to be Ready`, async () => {
    return readyConditionOf(await client.get(httpScaledObjects, name, 'apps'))?.status === 'True';
  });
}

describe('two replicas', () => {
  it('elect exactly one leader, recorded in the Lease', async () => {
    const [leader] = await waitFor('one leader', () => leaders().length === 1 && leaders());
    const lease = await client.get<KubeObject & { spec?: { holderIdentity?: string } }>(
      builtinResources.leases,
      LEASE_NAME,
      'keda',
    );
    expect(lease?.spec?.holderIdentity).toBe(leader!.op.operator.identity);
  });

  it('serve the same table while only the leader reconciles', async () => {
    await client.create(services, testService('apps', 'web'));
    await client.create(httpScaledObjects, testHttpScaledObject('apps', 'web'));
    await waitReady('web');
    await waitFor('both replicas to serve the route', async () => {
      const bodies = await Promise.all(replicas.map((r) => bodyOf(r.op)));
      return bodies.every((b) => b.includes('"apps/web"')) && bodies[0] === bodies[1];
    });
    const [leader] = leaders();
    const follower = replicas.find((r) => r !== leader)!;
    expect(await reconciles(leader!.registry)).toBeGreaterThan(0);
    expect(await reconciles(follower.registry)).toBe(0);
  });

  it('hand over when the leader steps down, and the new leader reconciles', async () => {
    const [leader] = leaders();
    const follower = replicas.find((r) => r !== leader)!;
    await leader!.op.operator.stopLeading();
    await waitFor('the other replica to lead', () => follower.op.operator.isLeader(), { timeoutMs: 15_000 });
    await client.create(services, testService('apps', 'after'));
    await client.create(httpScaledObjects, testHttpScaledObject('apps', 'after'));
    await waitReady('after');
    expect(await reconciles(follower.registry)).toBeGreaterThan(0);
    expect(await bodyOf(leader!.op)).toContain('"apps/after"');
  });
});
