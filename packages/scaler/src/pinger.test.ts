// The pinger against real /queue servers listed in a devcluster EndpointSlice: pods that fail, hang, restart,
// join and leave; request-rate windows through all of that and through a table change; and the health that
// KEDA and Kubernetes see.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import type { Route } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { waitFor } from '@keda-http/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_SERVICES } from './grpc/health.js';
import {
  startFakeInterceptors,
  type FakeInterceptor,
  type FakeInterceptorGroup,
} from './testing/fake-interceptors.js';
import { startScalerHarness, type ScalerHarness } from './testing/scaler-harness.js';

const api = (windowMs = 10_000, targetValue = 7): Route =>
  testRoute({
    kind: 'HTTPScaledObject',
    namespace: 'apps',
    name: 'api',
    scaling: { requestRate: { targetValue, windowMs, granularityMs: 1_000 }, targetPendingRequests: 100 },
  });
const web = testRoute({
  kind: 'HTTPScaledObject',
  namespace: 'apps',
  name: 'web',
  scaling: { targetPendingRequests: 100 },
});
const apiRef = { name: 'api', namespace: 'apps', scalerMetadata: { httpScaledObject: 'api' } };

type Queue = Record<string, { Concurrency: number; RPS: number }>;

let cluster: DevCluster;
let pods: FakeInterceptorGroup;
let h: ScalerHarness | undefined;

beforeAll(async () => {
  cluster = await startDevCluster();
});
afterAll(async () => {
  await cluster?.stop();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await pods?.close();
});

async function start(env: Record<string, string>, count = 3): Promise<ScalerHarness> {
  pods = await startFakeInterceptors(count);
  for (const p of pods.pods) {
    p.set('apps/web', 2, 0);
    p.set('apps/api', 0, 100);
  }
  const harness = await startScalerHarness({
    kubeconfigPath: cluster.kubeconfigPath,
    interceptors: pods,
    routes: [api(), web],
    env,
  });
  h = harness;
  await waitFor('the first poll', () => harness.scaler.totals().route('apps/web')?.concurrency === 2 * count);
  return harness;
}

const pod = (i: number): FakeInterceptor => pods.pods[i] as FakeInterceptor;

async function ping(h: ScalerHarness): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${h.adminUrl}/queue_ping`);
  return { status: res.status, body: await res.json() };
}
async function queue(h: ScalerHarness): Promise<Queue> {
  const { status, body } = await ping(h);
  expect(status).toBe(200);
  return body as Queue;
}
async function metric(h: ScalerHarness, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${h.adminUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}
async function healthOf(h: ScalerHarness): Promise<string[]> {
  return Promise.all(HEALTH_SERVICES.map((s) => h.client.health(s)));
}

describe('polling the interceptors', () => {
  it('keeps the last concurrency of an unreachable pod that is still listed, and forgets pods that left', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '1h' });
    expect((await queue(h))['apps/web']?.Concurrency).toBe(6);

    await pod(2).breakWith('refuse');
    expect((await queue(h))['apps/web']?.Concurrency).toBe(6);
    expect(await metric(h, 'scaler_pinger_unreachable_pods')).toBe(1);
    expect(await metric(h, 'scaler_pinger_endpoints')).toBe(3);

    await h.setEndpoints([pod(0), pod(1)], [pod(2)]);
    await waitFor(
      'the pod that left to be forgotten',
      async () => (await queue(h))['apps/web']?.Concurrency === 4,
    );
    expect(await metric(h, 'scaler_pinger_unreachable_pods')).toBe(0);
    expect(await metric(h, 'scaler_pinger_endpoints')).toBe(2);
  });

  it('treats a pod that accepts but never answers as unreachable after the per-pod timeout', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '1h', KEDA_HTTP_SCALER_POLL_TIMEOUT: '300ms' });
    await queue(h);
    await pod(0).breakWith('hang');
    pod(1).set('apps/web', 5);
    expect((await queue(h))['apps/web']?.Concurrency).toBe(9);
    const text = await (await fetch(`${h.adminUrl}/metrics`)).text();
    expect(text).toContain('scaler_pinger_pod_fetch_errors_total{code="QUEUE_TIMEOUT"} 1');
  });

  it('answers /queue_ping with 502 and every pod error when no pod answers', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '1h' });
    await pod(0).breakWith('refuse');
    await pod(1).breakWith('status-500');
    await pod(2).breakWith('status-500');
    const { status, body } = await ping(h);
    expect(status).toBe(502);
    const b = body as {
      code: string;
      endpoints: number;
      failures: { address: string; code: string; error: string }[];
    };
    expect(b.code).toBe('SCALER_ALL_INTERCEPTORS_FAILED');
    expect(b.endpoints).toBe(3);
    expect(Object.fromEntries(b.failures.map((f) => [f.address, f.code]))).toEqual({
      [pod(0).address]: 'QUEUE_CONNECTION',
      [pod(1).address]: 'QUEUE_STATUS',
      [pod(2).address]: 'QUEUE_STATUS',
    });
    expect(b.failures.find((f) => f.address === pod(1).address)?.error).toContain(
      'expected status 200, got 500',
    );
    // The cached concurrency still counts while the pods are listed.
    expect((await (await fetch(`${h.adminUrl}/queue`)).json()) as Queue).toMatchObject({
      'apps/web': { Concurrency: 6 },
    });
  });

  it('does not poll endpoints that are not ready', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '1h' });
    await h.setEndpoints([pod(0)], [pod(1), pod(2)]);
    await waitFor('only the ready pod to count', async () => (await queue(h))['apps/web']?.Concurrency === 2);
    const before = pod(1).requests.regular;
    await queue(h);
    expect(pod(1).requests.regular).toBe(before);
  });
});

describe('health', () => {
  it('turns NOT_SERVING when every pod is unreachable for two ticks, and SERVING when one answers again', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '200ms' });
    await waitFor('SERVING', async () => (await healthOf(h)).every((s) => s === 'SERVING'));
    await waitFor('/readyz 200', async () => (await fetch(`${h.adminUrl}/readyz`)).status === 200);

    for (const p of pods.pods) await p.breakWith('refuse');
    await waitFor('NOT_SERVING', async () => (await healthOf(h)).every((s) => s === 'NOT_SERVING'));
    const readyz = await fetch(`${h.adminUrl}/readyz`);
    expect(readyz.status).toBe(503);
    expect(JSON.stringify(await readyz.json())).toContain('interceptor-poll');
    expect((await fetch(`${h.adminUrl}/livez`)).status).toBe(200);

    await pod(1).heal();
    await waitFor('SERVING again', async () => (await healthOf(h)).every((s) => s === 'SERVING'));
  });

  it('turns NOT_SERVING when the Service has no ready endpoint', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '200ms' });
    await waitFor('SERVING', async () => (await healthOf(h)).every((s) => s === 'SERVING'));
    await h.setEndpoints([]);
    await waitFor('NOT_SERVING', async () => (await healthOf(h)).every((s) => s === 'NOT_SERVING'));
    const { status, body } = await ping(h);
    expect(status).toBe(502);
    expect(body).toMatchObject({
      code: 'SCALER_NO_INTERCEPTOR_ENDPOINTS',
      error: 'no ready endpoints for Service keda/keda-add-ons-http-interceptor-admin',
      failures: [],
    });
  });
});

describe('request rate', () => {
  it('counts the new RequestCount of a restarted pod, so the rate turns positive', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '1h' });
    expect((await queue(h))['apps/api']?.RPS).toBe(0);
    pod(0).restart();
    pod(0).addRequests('apps/api', 7);
    const rps = (await queue(h))['apps/api']?.RPS ?? 0;
    expect(rps).toBeGreaterThan(0);
    expect(rps).toBeLessThanOrEqual(7);
  });

  it('adds nothing for a new pod, however high its RequestCount', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '1h' });
    pod(0).addRequests('apps/api', 5);
    const before = (await queue(h))['apps/api']?.RPS ?? 0;
    expect(before).toBeGreaterThan(0);
    const joined = await pods.add();
    joined.set('apps/api', 0, 1_000_000);
    await h.setEndpoints(pods.pods);
    await waitFor('the new pod to be polled', async () => (await queue(h)) && joined.requests.regular > 0);
    const after = (await queue(h))['apps/api']?.RPS ?? 0;
    expect(after).toBeLessThanOrEqual(before);
  });

  it('resets the window when the route changes its window, and keeps it for other changes', async () => {
    const h = await start({ KEDA_HTTP_QUEUE_TICK_DURATION: '1h' });
    pod(0).addRequests('apps/api', 30);
    expect((await queue(h))['apps/api']?.RPS).toBeGreaterThan(0);

    h.operator.setRoutes([api(10_000, 9), web]);
    await waitFor('the new target', async () => (await h.client.getMetricSpec(apiRef))[0]?.targetSize === 9);
    expect((await queue(h))['apps/api']?.RPS).toBeGreaterThan(0);

    h.operator.setRoutes([api(20_000, 9), web]);
    await waitFor('the reset window', () => h?.scaler.totals().route('apps/api')?.rate === 0);
    expect((await queue(h))['apps/api']?.RPS).toBe(0);
    expect((await h.client.getMetrics(apiRef))[0]?.metricValue).toBe(0);
    pod(1).addRequests('apps/api', 4);
    expect((await queue(h))['apps/api']?.RPS).toBeGreaterThan(0);
  });
});
