// The four RPCs over real gRPC, answered by a running scaler that polls three real /queue servers listed in a
// devcluster EndpointSlice. The tick is long, so every poll in this file is one this file asked for
// (GET /queue_ping): the answers are deterministic.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  credentials,
  loadPackageDefinition,
  status,
  type Client,
  type ClientDuplexStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { fetchScalerQueue } from '@keda-http/queue';
import type { Route } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeInterceptors, type FakeInterceptorGroup } from './testing/fake-interceptors.js';
import { startScalerHarness, type ScalerHarness } from './testing/scaler-harness.js';

const rate = (targetValue: number) => ({ targetValue, windowMs: 10_000, granularityMs: 1_000 });
const route = (kind: Route['kind'], name: string, scaling: Route['scaling']): Route =>
  testRoute({ kind, namespace: 'apps', name, scaling, rules: [{ hosts: [`${name}.example.com`] }] });

const ROUTES = [
  route('InterceptorRoute', 'shop', { concurrency: { targetValue: 10 }, requestRate: rate(5) }),
  route('InterceptorRoute', 'search', { requestRate: rate(3) }),
  route('HTTPScaledObject', 'web', { concurrency: { targetValue: 12 }, targetPendingRequests: 100 }),
  route('HTTPScaledObject', 'api', { requestRate: rate(7), targetPendingRequests: 100 }),
  route('HTTPScaledObject', 'legacy', { targetPendingRequests: 33 }),
  route('HTTPScaledObject', 'quiet', { targetPendingRequests: 100 }),
];

const ir = (name: string) => ({ name: 'so', namespace: 'apps', scalerMetadata: { interceptorRoute: name } });
const hso = (name: string) => ({ name: name, namespace: 'apps', scalerMetadata: { httpScaledObject: name } });
const interceptorSO = {
  name: 'keda-add-ons-http-interceptor',
  namespace: 'keda',
  scalerMetadata: { interceptorTargetPendingRequests: '200' },
};

let cluster: DevCluster;
let pods: FakeInterceptorGroup;
let h: ScalerHarness;
/** The scaler's /queue after the last poll this file asked for. */
let queue: Record<string, { Concurrency: number; RPS: number }>;

const poll = async (): Promise<void> => {
  const res = await fetch(`${h.adminUrl}/queue_ping`);
  expect(res.status).toBe(200);
  queue = (await res.json()) as typeof queue;
};

beforeAll(async () => {
  cluster = await startDevCluster();
  pods = await startFakeInterceptors(3);
  const [a, b, c] = pods.pods as [(typeof pods.pods)[0], (typeof pods.pods)[0], (typeof pods.pods)[0]];
  for (const p of pods.pods) for (const r of ROUTES) p.set(r.key, 0, 100);
  h = await startScalerHarness({
    kubeconfigPath: cluster.kubeconfigPath,
    interceptors: pods,
    routes: ROUTES,
    env: { KEDA_HTTP_QUEUE_TICK_DURATION: '1h', KEDA_HTTP_SCALER_ACTIVATION_WATCH: 'false' },
  });
  await poll(); // the baseline of every RequestCount
  a.set('apps/shop', 1);
  b.set('apps/shop', 2);
  c.set('apps/shop', 3);
  a.set('apps/web', 4);
  a.set('apps/legacy', 5);
  for (const p of pods.pods) {
    p.addRequests('apps/shop', 4);
    p.addRequests('apps/search', 2);
    p.addRequests('apps/api', 10);
  }
  await poll();
});

afterAll(async () => {
  await h?.close();
  await pods?.close();
  await cluster?.stop();
});

describe('the scaler over gRPC', () => {
  it('sums concurrency over the three interceptor pods, as /queue shows', async () => {
    expect(queue['apps/shop']?.Concurrency).toBe(6);
    expect((await fetchScalerQueue(`${h.adminUrl}/queue`))['apps/web']).toEqual({ Concurrency: 4, RPS: 0 });
  });

  it.each([
    [
      'an InterceptorRoute with both metrics has a float target for each',
      ir('shop'),
      [
        { metricName: 'http_shop_concurrency', targetSize: 0, targetSizeFloat: 10 },
        { metricName: 'http_shop_rate', targetSize: 0, targetSizeFloat: 5 },
      ],
    ],
    [
      'an InterceptorRoute with requestRate only has one',
      ir('search'),
      [{ metricName: 'http_search_rate', targetSize: 0, targetSizeFloat: 3 }],
    ],
    [
      'an HTTPScaledObject on concurrency targets its concurrency as an integer',
      hso('web'),
      [{ metricName: 'http-apps_002Fweb', targetSize: 12, targetSizeFloat: 0 }],
    ],
    [
      'an HTTPScaledObject on requestRate targets the rate',
      hso('api'),
      [{ metricName: 'http-apps_002Fapi', targetSize: 7, targetSizeFloat: 0 }],
    ],
    [
      'an HTTPScaledObject without scalingMetric targets targetPendingRequests',
      hso('legacy'),
      [{ metricName: 'http-apps_002Flegacy', targetSize: 33, targetSizeFloat: 0 }],
    ],
    [
      "the interceptor's own ScaledObject targets interceptorTargetPendingRequests",
      interceptorSO,
      [{ metricName: 'http-keda_002Fkeda-add-ons-http-interceptor', targetSize: 200, targetSizeFloat: 0 }],
    ],
  ])('GetMetricSpec: %s', async (_name, ref, want) => {
    expect(await h.client.getMetricSpec(ref)).toEqual(want);
  });

  it('GetMetrics: an InterceptorRoute reports concurrency and the request rate as floats', async () => {
    const rps = queue['apps/shop']?.RPS ?? 0;
    expect(rps).toBeGreaterThan(0);
    expect(await h.client.getMetrics(ir('shop'))).toEqual([
      { metricName: 'http_shop_concurrency', metricValue: 0, metricValueFloat: 6 },
      { metricName: 'http_shop_rate', metricValue: 0, metricValueFloat: rps },
    ]);
  });

  it('GetMetrics: an HTTPScaledObject on requestRate reports ceil(rate) as an integer', async () => {
    const rps = queue['apps/api']?.RPS ?? 0;
    expect(rps).toBeGreaterThan(0);
    expect(await h.client.getMetrics(hso('api'))).toEqual([
      { metricName: 'http-apps_002Fapi', metricValue: Math.ceil(rps), metricValueFloat: 0 },
    ]);
  });

  it.each([
    ['an HTTPScaledObject on concurrency reports its concurrency', hso('web'), 4],
    ['an HTTPScaledObject without scalingMetric reports its concurrency', hso('legacy'), 5],
    ['an HTTPScaledObject with no counts yet reports 0, not an error', hso('quiet'), 0],
    ["the interceptor's own metric is the concurrency over every route", interceptorSO, 15],
  ])('GetMetrics: %s', async (_name, ref, value) => {
    const [metric, ...rest] = await h.client.getMetrics(ref);
    expect(rest).toEqual([]);
    expect(metric?.metricValue).toBe(value);
    expect(metric?.metricValueFloat).toBe(0);
  });

  it.each([
    ['a metricName returns only that metric', 'http_shop_rate', ['http_shop_rate']],
    ['the other metricName returns the other one', 'http_shop_concurrency', ['http_shop_concurrency']],
    ['an unknown metricName returns an empty list', 'http_nothing_rate', []],
    ['no metricName returns every metric', '', ['http_shop_concurrency', 'http_shop_rate']],
  ])('GetMetrics filtering: %s', async (_name, metricName, names) => {
    const values = await h.client.getMetrics(ir('shop'), metricName);
    expect(values.map((v) => v.metricName)).toEqual(names);
  });

  it.each([
    ['a route with requests in flight is active', hso('web'), true],
    ['a route whose only metric is a positive rate is active', ir('search'), true],
    ['a route with no counts is not active', hso('quiet'), false],
  ])('IsActive: %s', async (_name, ref, want) => {
    expect(await h.client.isActive(ref)).toBe(want);
  });

  const failures: [string, Parameters<ScalerHarness['client']['getMetrics']>[0], status, string][] = [
    [
      'an unknown InterceptorRoute is NOT_FOUND naming the key',
      ir('nope'),
      status.NOT_FOUND,
      'scalerMetadata.interceptorRoute: "nope": no InterceptorRoute apps/nope in the routing table',
    ],
    [
      'an unknown HTTPScaledObject is NOT_FOUND naming the key',
      hso('nope'),
      status.NOT_FOUND,
      'scalerMetadata.httpScaledObject: "nope": no HTTPScaledObject apps/nope in the routing table',
    ],
    [
      'metadata that names no route is INVALID_ARGUMENT naming the keys',
      { name: 'so', namespace: 'apps', scalerMetadata: { host: 'x' } },
      status.INVALID_ARGUMENT,
      'scalerMetadata: needs one of interceptorRoute, httpScaledObject or interceptorTargetPendingRequests; got keys "host"',
    ],
    [
      'a bad interceptorTargetPendingRequests is INVALID_ARGUMENT naming it',
      { name: 'so', namespace: 'keda', scalerMetadata: { interceptorTargetPendingRequests: 'x' } },
      status.INVALID_ARGUMENT,
      'scalerMetadata.interceptorTargetPendingRequests: expected a whole number of at least 1, got "x"',
    ],
    [
      'a missing namespace is INVALID_ARGUMENT',
      { name: 'so', scalerMetadata: { httpScaledObject: 'web' } },
      status.INVALID_ARGUMENT,
      'namespace: must not be empty',
    ],
  ];

  it.each(failures)('errors: %s', async (_name, ref, code, details) => {
    for (const rpc of [
      () => h.client.getMetricSpec(ref),
      () => h.client.getMetrics(ref),
      () => h.client.isActive(ref),
    ]) {
      const err = (await rpc().then(
        () => undefined,
        (e: unknown) => e,
      )) as ServiceError | undefined;
      expect(err?.code).toBe(code);
      expect(err?.details).toBe(details);
    }
  });

  it('errors: StreamIsActive ends with the same status', async () => {
    for (const [, ref, code, details] of failures) {
      const stream = h.client.stream(ref);
      const err = await stream.ended;
      expect(err?.code).toBe(code);
      expect(err?.details).toBe(details);
    }
  });

  it('serves gRPC reflection for the ExternalScaler and Health services', async () => {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json'));
    const def = loadSync(join(pkgDir, 'build/proto/grpc/reflection/v1/reflection.proto'), { keepCase: true });
    const pkg = loadPackageDefinition(def) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: new (t: string, c: unknown) => Client } } };
    };
    const reflection = new pkg.grpc.reflection.v1.ServerReflection(
      `127.0.0.1:${h.grpcPort}`,
      credentials.createInsecure(),
    ) as Client & { ServerReflectionInfo(): ClientDuplexStream<object, Record<string, unknown>> };
    try {
      const call = reflection.ServerReflectionInfo();
      const answers: Record<string, unknown>[] = [];
      const done = new Promise<void>((resolve, reject) => {
        call.on('data', (m: Record<string, unknown>) => answers.push(m));
        call.on('end', resolve);
        call.on('error', reject);
      });
      call.write({ list_services: '*' });
      call.write({ file_containing_symbol: 'externalscaler.ExternalScaler' });
      call.end();
      await done;
      const services = (answers[0]?.list_services_response as { service: { name: string }[] }).service;
      expect(services.map((s) => s.name).sort()).toEqual(
        expect.arrayContaining(['externalscaler.ExternalScaler', 'grpc.health.v1.Health']) as string[],
      );
      const files = (answers[1]?.file_descriptor_response as { file_descriptor_proto: Buffer[] })
        .file_descriptor_proto;
      expect(Buffer.concat(files).toString('latin1')).toContain('GetMetricSpecResponse');
    } finally {
      reflection.close();
    }
  });

  it('a missing ScaledObjectRef in GetMetrics is INVALID_ARGUMENT', async () => {
    const err = (await h.client.getMetrics(undefined as never).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toBe('scaledObjectRef: is required');
  });
});
