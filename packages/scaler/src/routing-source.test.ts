// Where the scaler gets its routing table when KEDA_HTTP_OPERATOR_ADMIN_URL is not set: the operator admin
// Service's EndpointSlice (its port named admin), and until the operator answers, the ConfigMap copy.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { SERVICE_NAME_LABEL, builtinResources } from '@keda-http/k8s';
import {
  ROUTING_TABLE_CONFIGMAP,
  ROUTING_TABLE_CONFIGMAP_KEY,
  buildTable,
  encodeRoutingTable,
  type Route,
} from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { waitFor } from '@keda-http/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeInterceptors, type FakeInterceptorGroup } from './testing/fake-interceptors.js';
import { startFakeOperator, type FakeOperator } from './testing/fake-operator.js';
import { TEST_NAMESPACE, startScalerHarness, type ScalerHarness } from './testing/scaler-harness.js';

const hso = (name: string, targetPendingRequests: number): Route =>
  testRoute({ kind: 'HTTPScaledObject', namespace: 'apps', name, scaling: { targetPendingRequests } });
const ref = (name: string) => ({ name, namespace: 'apps', scalerMetadata: { httpScaledObject: name } });
const NO_URL = { KEDA_HTTP_OPERATOR_ADMIN_URL: '' };

let cluster: DevCluster;
let pods: FakeInterceptorGroup;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cluster = await startDevCluster();
  pods = await startFakeInterceptors(1);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await pods?.close();
  await cluster?.stop();
});

async function harness(routes: Route[] = []): Promise<ScalerHarness> {
  const h = await startScalerHarness({
    kubeconfigPath: cluster.kubeconfigPath,
    interceptors: pods,
    routes,
    env: NO_URL,
  });
  cleanups.push(() => h.close());
  return h;
}

function ensureNamespace(): void {
  const namespaces = cluster.store.resource({ apiVersion: 'v1', kind: 'Namespace' });
  if (namespaces.get(undefined, TEST_NAMESPACE) === undefined) {
    namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: TEST_NAMESPACE } });
  }
}

describe('the routing table without KEDA_HTTP_OPERATOR_ADMIN_URL', () => {
  it('follows the operator found through its admin Service, on the port named admin', async () => {
    const operator: FakeOperator = await startFakeOperator([hso('web', 11)]);
    cleanups.push(() => operator.close());
    const port = Number(new URL(operator.url).port);
    ensureNamespace();
    const slices = cluster.store.resource({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' });
    slices.create({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'operator-admin',
        namespace: TEST_NAMESPACE,
        labels: { [SERVICE_NAME_LABEL]: 'keda-add-ons-http-operator-admin' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [
        { name: 'metrics', port: 1, protocol: 'TCP' },
        { name: 'admin', port, protocol: 'TCP' },
      ],
    });
    cleanups.push(async () => slices.delete(TEST_NAMESPACE, 'operator-admin'));
    // Ready means a table came: there is no ConfigMap, so it came from the operator.
    const h = await harness();
    await waitFor(
      'the table from the operator',
      async () => (await h.client.getMetricSpec(ref('web')).catch(() => []))[0]?.targetSize === 11,
    );
    operator.setRoutes([hso('web', 11), hso('api', 22)]);
    await waitFor(
      'the new route',
      async () => (await h.client.getMetricSpec(ref('api')).catch(() => []))[0]?.targetSize === 22,
    );
  });

  it('loads the ConfigMap copy while no operator answers', async () => {
    ensureNamespace();
    cluster.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' }).create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: ROUTING_TABLE_CONFIGMAP, namespace: TEST_NAMESPACE },
      data: { [ROUTING_TABLE_CONFIGMAP_KEY]: encodeRoutingTable(buildTable([hso('cached', 44)])) },
    });
    const h = await harness();
    cleanups.push(() => h.kube.delete(builtinResources.configMaps, ROUTING_TABLE_CONFIGMAP, TEST_NAMESPACE));
    expect(await h.client.getMetricSpec(ref('cached'))).toEqual([
      { metricName: 'http-apps_002Fcached', targetSize: 44, targetSizeFloat: 0 },
    ]);
    expect(h.logs.join('\n')).toContain('routing table loaded from the ConfigMap');
  });
});
