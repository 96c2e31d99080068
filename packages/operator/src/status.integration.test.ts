// Every status path against devcluster. The CRDs are installed without their CEL rules here, standing for an
// older CRD, so that objects the current CRD would reject reach the operator and its own validation
// (InvalidSpec) can be seen.
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
import {
  installCrds,
  startRecordingProxy,
  waitFor,
  withoutValidationRules,
  type RecordingProxy,
} from '@keda-http/testkit';
import { httpScaledObjects, interceptorRoutes, scaledObjects, services } from './resources.js';
import {
  readyConditionOf,
  startTestOperator,
  testHttpScaledObject,
  testInterceptorRoute,
  testNamespace,
  testService,
  type TestOperator,
} from './testing.js';

let cluster: DevCluster;
let client: KubeClient;
let op: TestOperator;
let proxy: RecordingProxy;
const registry = new Registry();

beforeAll(async () => {
  cluster = await startDevCluster();
  await installCrds(cluster.url, { transform: withoutValidationRules });
  client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
  for (const ns of ['keda', 'apps']) await client.create(builtinResources.namespaces, testNamespace(ns));
  // The operator talks to the API server through a recording proxy, so that its writes can be counted.
  proxy = await startRecordingProxy(cluster.url);
  op = await startTestOperator({ kubeconfigPath: proxy.kubeconfigPath, deps: { metricsRegistry: registry } });
  await waitFor('the operator to lead', () => op.operator.isLeader());
});
afterAll(async () => {
  await op?.stop();
  await proxy?.close();
  await cluster?.stop();
});

type Resource = typeof httpScaledObjects;
const condition = async (resource: Resource, name: string) =>
  readyConditionOf(await client.get(resource, name, 'apps'));

async function waitForReason(resource: Resource, name: string, reason: string) {
  return waitFor(`${resource.kind} ${name} to report ${reason}`, async () => {
    const c = await condition(resource, name);
    return c?.reason === reason && c;
  });
}

async function warningsFor(name: string): Promise<Array<{ reason: string; message: string }>> {
  const events = await client.list<KubeObject & { reason: string; message: string; type: string }>(
    builtinResources.events,
    { namespace: 'apps' },
  );
  return events.items
    .filter((e) => e.type === 'Warning' && (e.involvedObject as { name?: string }).name === name)
    .map((e) => ({ reason: e.reason, message: e.message }));
}

const reconciles = async (): Promise<number> => {
  const metric = await registry.getSingleMetric('controller_runtime_reconcile_total')?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
};

describe('HTTPScaledObject status', () => {
  it('is InvalidSpec, with a Warning Event, while its Service is missing, and Ready once it appears', async () => {
    await client.create(httpScaledObjects, testHttpScaledObject('apps', 'late'));
    const invalid = await waitForReason(httpScaledObjects, 'late', 'InvalidSpec');
    expect(invalid).toMatchObject({
      status: 'False',
      message: 'spec.scaleTargetRef.service: Service "late" not found in namespace "apps"',
    });
    await waitFor('the Warning Event', async () => (await warningsFor('late')).length > 0);
    expect(await warningsFor('late')).toEqual([{ reason: 'InvalidSpec', message: invalid.message }]);
    expect(await client.get(scaledObjects, 'late', 'apps')).toBeUndefined();

    await client.create(services, testService('apps', 'late'));
    await waitForReason(httpScaledObjects, 'late', 'Reconciled');
    expect(await client.get(scaledObjects, 'late', 'apps')).toBeDefined();
  });

  it('names the port name the Service lacks, and recovers when the port is added', async () => {
    await client.create(services, testService('apps', 'ports', [{ name: 'grpc', port: 9000 }]));
    await client.create(
      httpScaledObjects,
      testHttpScaledObject('apps', 'ports', {
        scaleTargetRef: { name: 'ports', service: 'ports', portName: 'http' },
      }),
    );
    const invalid = await waitForReason(httpScaledObjects, 'ports', 'InvalidSpec');
    expect(invalid.message).toBe(
      'spec.scaleTargetRef.portName: Service "ports" has no port named "http" (it has grpc (9000))',
    );
    await client.patch(services, { name: 'ports', namespace: 'apps' }, 'merge', {
      spec: {
        ports: [
          { name: 'grpc', port: 9000 },
          { name: 'http', port: 8080 },
        ],
      },
    });
    await waitForReason(httpScaledObjects, 'ports', 'Reconciled');
  });

  it('names both scaling metrics when both are set, makes no ScaledObject and no route', async () => {
    await client.create(services, testService('apps', 'both'));
    await client.create(
      httpScaledObjects,
      testHttpScaledObject('apps', 'both', { scalingMetric: { concurrency: {}, requestRate: {} } }),
    );
    const invalid = await waitForReason(httpScaledObjects, 'both', 'InvalidSpec');
    expect(invalid.message).toBe(
      "spec.scalingMetric: must define either the 'concurrency' or the 'requestRate', not both",
    );
    await waitFor('the Warning Event', async () => (await warningsFor('both')).length > 0);
    expect(await client.get(scaledObjects, 'both', 'apps')).toBeUndefined();
    expect(op.operator.publisher.current()?.routes.some((r) => r.name === 'both')).toBe(false);
  });

  it('is not written again when a reconcile finds nothing to change', async () => {
    await client.create(services, testService('apps', 'steady'));
    await client.create(httpScaledObjects, testHttpScaledObject('apps', 'steady'));
    await waitForReason(httpScaledObjects, 'steady', 'Reconciled');
    const before = await reconciles();
    const statusWrites = (): number =>
      proxy.requests.filter(
        (r) => r.method === 'PATCH' && r.path.endsWith('/httpscaledobjects/steady/status'),
      ).length;
    expect(statusWrites()).toBe(1);
    await client.patch(httpScaledObjects, { name: 'steady', namespace: 'apps' }, 'merge', {
      metadata: { labels: { touched: 'yes' } },
    });
    await waitFor('a reconcile after the label change', async () => (await reconciles()) > before);
    await waitFor('the ScaledObject to carry the label', async () => {
      const so = await client.get(scaledObjects, 'steady', 'apps');
      return so?.metadata?.labels?.touched === 'yes';
    });
    await op.operator.idle();
    expect(statusWrites()).toBe(1);
  });
});

describe('InterceptorRoute status', () => {
  it('is Ready with "InterceptorRoute reconciled"', async () => {
    await client.create(services, testService('apps', 'route'));
    await client.create(interceptorRoutes, testInterceptorRoute('apps', 'route'));
    const ready = await waitForReason(interceptorRoutes, 'route', 'Reconciled');
    expect(ready).toMatchObject({
      status: 'True',
      message: 'InterceptorRoute reconciled',
      observedGeneration: 1,
    });
    expect(await client.get(scaledObjects, 'route', 'apps')).toBeUndefined();
  });

  it.each([
    [
      'a missing target Service',
      'no-svc',
      {},
      'spec.target.service: Service "no-svc" not found in namespace "apps"',
    ],
    [
      'no scaling metric',
      'no-metric',
      { target: { service: 'route', port: 8080 }, scalingMetric: {} },
      "spec.scalingMetric: must define at least one of 'concurrency' or 'requestRate'",
    ],
  ])('is InvalidSpec with %s', async (_name, name, spec, message) => {
    await client.create(interceptorRoutes, testInterceptorRoute('apps', name, spec));
    const invalid = await waitForReason(interceptorRoutes, name, 'InvalidSpec');
    expect(invalid.message).toBe(message);
    await waitFor('the Warning Event', async () => (await warningsFor(name)).length > 0);
  });
});
