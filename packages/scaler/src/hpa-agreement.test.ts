// The scaler and devcluster's KEDA + HPA emulation agree (issue 7): an HTTPScaledObject with a concurrency
// target of 10 and 35 requests pending across 3 interceptor pods drives its Deployment to 4 replicas. KEDA is
// devcluster's: it reads the ScaledObject, opens StreamIsActive to the scaler over real gRPC, and scales the
// Deployment through /scale with the HPA formula on GetMetricSpec / GetMetrics. The formula is also written
// out here, from the scaler's own answers, so a disagreement shows which side moved.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { deploymentManifest } from '@keda-http/devcluster/testing';
import { testRoute } from '@keda-http/routing/testing';
import { waitFor } from '@keda-http/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeInterceptors, type FakeInterceptorGroup } from './testing/fake-interceptors.js';
import { startScalerHarness, type ScalerHarness } from './testing/scaler-harness.js';

/**
 * The HPA's replica count for one external metric with an AverageValue target (what KEDA creates for its
 * scalers): ceil(current × usage ratio), where the ratio is value ÷ (target × current); within the 10 %
 * tolerance, the current count stays.
 */
function hpaReplicas(current: number, value: number, target: number): number {
  const ratio = value / (target * current);
  if (Math.abs(ratio - 1) <= 0.1) return current;
  return Math.ceil(current * ratio);
}

const ref = { name: 'web', namespace: 'apps', scalerMetadata: { httpScaledObject: 'web' } };
let cluster: DevCluster;
let pods: FakeInterceptorGroup;
let h: ScalerHarness;

beforeAll(async () => {
  cluster = await startDevCluster({
    hpaSyncPeriodMs: 300,
    kedaRetry: { initialMs: 100, maxMs: 1_000 },
    podIpStart: '127.0.91.1',
    // The workload's pods play no part: a sleeping process per replica keeps them cheap.
    images: { 'test/idle': { command: ['sleep', '3600'] } },
  });
  pods = await startFakeInterceptors(3);
  [12, 11, 12].forEach((pending, i) => pods.pods[i]?.set('apps/web', pending, 0));
  h = await startScalerHarness({
    kubeconfigPath: cluster.kubeconfigPath,
    interceptors: pods,
    routes: [
      testRoute({
        kind: 'HTTPScaledObject',
        namespace: 'apps',
        name: 'web',
        scaling: { concurrency: { targetValue: 10 }, targetPendingRequests: 100 },
      }),
    ],
  });
  await waitFor('the first poll', () => h.scaler.totals().route('apps/web')?.concurrency === 35);
});

afterAll(async () => {
  await h?.close();
  await pods?.close();
  await cluster?.stop();
});

it("the scaler's answers put the HPA formula at 4 replicas, from any current count", async () => {
  expect(await h.client.isActive(ref)).toBe(true);
  const [spec] = await h.client.getMetricSpec(ref);
  const [value] = await h.client.getMetrics(ref, spec?.metricName);
  expect(spec).toMatchObject({ metricName: 'http-apps_002Fweb', targetSize: 10 });
  expect(value).toMatchObject({ metricName: 'http-apps_002Fweb', metricValue: 35 });
  for (const current of [1, 2, 4, 7]) {
    expect(hpaReplicas(current, value?.metricValue ?? 0, spec?.targetSize ?? 0)).toBe(4);
  }
});

it("devcluster's KEDA and HPA drive the Deployment from 0 to 4 replicas on the scaler's answers", async () => {
  const store = cluster.store;
  store.resource({ apiVersion: 'v1', kind: 'Namespace' }).create({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'apps' },
  });
  const deployments = store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
  deployments.create(deploymentManifest({ name: 'web', namespace: 'apps', image: 'test/idle', replicas: 0 }));
  // The ScaledObject the operator writes for an HTTPScaledObject (SPEC §3), pointing at this scaler.
  store.resource({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' }).create({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'web', namespace: 'apps' },
    spec: {
      scaleTargetRef: { name: 'web', kind: 'Deployment', apiVersion: 'apps/v1' },
      minReplicaCount: 0,
      maxReplicaCount: 10,
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: [
        {
          type: 'external-push',
          metadata: { scalerAddress: `127.0.0.1:${h.grpcPort}`, httpScaledObject: 'web' },
        },
      ],
    },
  });
  const replicas = (): unknown =>
    (deployments.get('apps', 'web')?.['spec'] as { replicas?: number } | undefined)?.replicas;
  await waitFor('the Deployment at 4 replicas', () => replicas() === 4, { timeoutMs: 60_000 });
  // The HPA's own record of the decision: the scaler's metric, 35 against a target of 10, asked for 4.
  const to4 = cluster.timeline
    .since()
    .find((e) => e.kind === 'scale' && e.scaledObject === 'apps/web' && e.to === 4);
  expect(to4).toMatchObject({
    metrics: [
      { metricName: 'http-apps_002Fweb', value: 35, target: 10, metricType: 'AverageValue', desired: 4 },
    ],
  });
});
