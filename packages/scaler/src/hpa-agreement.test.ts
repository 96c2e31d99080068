// The scaler's half of "the scaler and devcluster's KEDA emulation agree" (issue 7): what the HPA computes from
// the scaler's GetMetricSpec and GetMetrics over real gRPC, for an HTTPScaledObject with a concurrency target of
// 10 and 35 requests pending across 3 interceptor pods, is 4 replicas. The other half, devcluster driving a
// Deployment to 4 replicas from the same answers, needs its KEDA + HPA emulation and is wired in there.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
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

let cluster: DevCluster;
let pods: FakeInterceptorGroup;
let h: ScalerHarness;

beforeAll(async () => {
  cluster = await startDevCluster();
  pods = await startFakeInterceptors(3);
  const pending = [12, 11, 12];
  pods.pods.forEach((p, i) => p.set('apps/web', pending[i] ?? 0, 0));
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

it('an HTTPScaledObject with target 10 and 35 pending requests over 3 interceptors asks the HPA for 4 replicas', async () => {
  const ref = { name: 'web', namespace: 'apps', scalerMetadata: { httpScaledObject: 'web' } };
  expect(await h.client.isActive(ref)).toBe(true);
  const [spec] = await h.client.getMetricSpec(ref);
  const [value] = await h.client.getMetrics(ref, spec?.metricName);
  expect(spec).toMatchObject({ metricName: 'http-apps_002Fweb', targetSize: 10 });
  expect(value).toMatchObject({ metricName: 'http-apps_002Fweb', metricValue: 35 });
  // From one replica (KEDA's activation), and from any other count: AverageValue makes it absolute.
  for (const current of [1, 2, 4, 7]) {
    expect(hpaReplicas(current, value?.metricValue ?? 0, spec?.targetSize ?? 0)).toBe(4);
  }
});
