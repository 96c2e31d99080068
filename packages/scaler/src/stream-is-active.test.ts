// StreamIsActive over real gRPC: the cadence, the end of a stream when the client goes away, and the
// immediate `true` when a route goes from idle to active, both through the activation long-poll and through a
// regular poll. Ticks and intervals that must not explain a message are set to an hour.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import type { Route } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { waitFor } from '@keda-http/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeInterceptors, type FakeInterceptorGroup } from './testing/fake-interceptors.js';
import { startScalerHarness, type ScalerHarness } from './testing/scaler-harness.js';

const ROUTES: Route[] = [
  testRoute({
    kind: 'HTTPScaledObject',
    namespace: 'apps',
    name: 'web',
    scaling: { targetPendingRequests: 100 },
  }),
];
const web = { name: 'web', namespace: 'apps', scalerMetadata: { httpScaledObject: 'web' } };
const HOUR_MS = '3600000';

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

async function start(env: Record<string, string>): Promise<ScalerHarness> {
  pods = await startFakeInterceptors(3);
  for (const p of pods.pods) p.set('apps/web', 0, 0);
  h = await startScalerHarness({
    kubeconfigPath: cluster.kubeconfigPath,
    interceptors: pods,
    routes: ROUTES,
    env,
  });
  await waitFor('the first poll', () => h?.scaler.totals().routes.has('apps/web'));
  return h;
}

async function metric(h: ScalerHarness, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${h.adminUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('StreamIsActive', () => {
  it('sends at once, then every KEDA_HTTP_SCALER_STREAM_INTERVAL_MS, and stops when the client goes away', async () => {
    const h = await start({
      KEDA_HTTP_QUEUE_TICK_DURATION: '1h',
      KEDA_HTTP_SCALER_STREAM_INTERVAL_MS: '100',
    });
    const stream = h.client.stream(web);
    await waitFor('six messages', () => stream.messages.length >= 6);
    expect(stream.messages.every((m) => !m.result)).toBe(true);
    const gaps = stream.messages.slice(1).map((m, i) => m.atMs - (stream.messages[i]?.atMs ?? 0));
    // A timer never fires early (1 ms of rounding aside); how late it fires depends on the machine.
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(98);
    expect(await metric(h, 'scaler_stream_is_active_streams')).toBe(1);

    stream.cancel();
    expect(await stream.ended).toBeUndefined();
    // The server side forgets the stream and clears its timer: nothing is left running for it.
    await waitFor(
      'the scaler to drop the stream',
      async () => (await metric(h, 'scaler_stream_is_active_streams')) === 0,
    );
  });

  it('ends every stream with status OK when the scaler stops', async () => {
    const h = await start({
      KEDA_HTTP_QUEUE_TICK_DURATION: '1h',
      KEDA_HTTP_SCALER_STREAM_INTERVAL_MS: HOUR_MS,
    });
    const streams = [h.client.stream(web), h.client.stream(web)];
    await waitFor('both streams to get their first message', () =>
      streams.every((s) => s.messages.length === 1),
    );
    await h.scaler.closeServers(1_000);
    for (const s of streams) expect(await s.ended).toBeUndefined();
  });

  it('sends true at once when an activation long-poll shows the route leaving 0', async () => {
    const h = await start({
      KEDA_HTTP_QUEUE_TICK_DURATION: '1h',
      KEDA_HTTP_SCALER_STREAM_INTERVAL_MS: HOUR_MS,
    });
    await waitFor('a watch on every pod', async () => (await metric(h, 'scaler_activation_watches')) === 3);
    const stream = h.client.stream(web);
    await waitFor('the first message', () => stream.messages.length === 1);
    expect(stream.messages[0]?.result).toBe(false);

    const before = pods.pods[1]?.requests.regular;
    pods.pods[1]?.set('apps/web', 1);
    await waitFor('the pushed message', () => stream.messages.length === 2);
    expect(stream.messages[1]?.result).toBe(true);
    // No regular poll happened in between: the long-poll carried it.
    expect(pods.pods[1]?.requests.regular).toBe(before);
    expect(await metric(h, 'scaler_activation_pushes_total')).toBe(1);
    expect(await h.client.isActive(web)).toBe(true);
    stream.cancel();
  });

  it('sends true at once when a regular poll shows the route leaving 0', async () => {
    const h = await start({
      KEDA_HTTP_QUEUE_TICK_DURATION: '1h',
      KEDA_HTTP_SCALER_STREAM_INTERVAL_MS: HOUR_MS,
      KEDA_HTTP_SCALER_ACTIVATION_WATCH: 'false',
    });
    const stream = h.client.stream(web);
    await waitFor('the first message', () => stream.messages.length === 1);
    pods.pods[2]?.set('apps/web', 2);
    expect(stream.messages).toHaveLength(1);
    expect((await fetch(`${h.adminUrl}/queue_ping`)).status).toBe(200);
    await waitFor('the pushed message', () => stream.messages.length === 2);
    expect(stream.messages.map((m) => m.result)).toEqual([false, true]);
    stream.cancel();
  });

  it('leaves pods that send no epoch to the regular poll', async () => {
    pods = await startFakeInterceptors(2);
    for (const p of pods.pods) {
      p.withoutEpoch();
      p.set('apps/web', 0, 0);
    }
    const harness = await startScalerHarness({
      kubeconfigPath: cluster.kubeconfigPath,
      interceptors: pods,
      routes: ROUTES,
      env: { KEDA_HTTP_QUEUE_TICK_DURATION: '100ms' },
    });
    h = harness;
    const stream = harness.client.stream(web);
    await waitFor('the first message', () => stream.messages.length >= 1);
    pods.pods[0]?.set('apps/web', 1);
    await waitFor('a true within a few ticks', () => stream.messages.some((m) => m.result));
    expect(await metric(harness, 'scaler_activation_watches')).toBe(0);
    expect(pods.pods.every((p) => p.requests.watch === 0)).toBe(true);
    stream.cancel();
  });
});
