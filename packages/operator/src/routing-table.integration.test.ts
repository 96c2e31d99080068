// The routing table as served by a running operator on devcluster: a long-poll woken by `kubectl apply`, the
// ConfigMap copy, routes leaving with their objects, the InterceptorRoute winning a shared name, and the
// other admin endpoints.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { createKubectl, type KubectlRunner } from '@keda-http/devcluster/testing';
import { builtinResources, createKubeClient, loadKubeConfig, type KubeClient } from '@keda-http/k8s';
import { decodeRoutingTable, ROUTING_TABLE_CONFIGMAP, ROUTING_TABLE_CONFIGMAP_KEY } from '@keda-http/routing';
import { installCrds, waitFor } from '@keda-http/testkit';
import { httpScaledObjects, interceptorRoutes, services } from './resources.js';
import type { ConfigMap } from './table-configmap.js';
import {
  startTestOperator,
  testHttpScaledObject,
  testInterceptorRoute,
  testNamespace,
  testService,
  type TestOperator,
} from './testing.js';

let cluster: DevCluster;
let client: KubeClient;
let kubectl: KubectlRunner;
let op: TestOperator;

beforeAll(async () => {
  cluster = await startDevCluster();
  await installCrds(cluster.url);
  client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
  kubectl = createKubectl({ kubeconfig: cluster.kubeconfigPath });
  for (const ns of ['keda', 'shop']) await client.create(builtinResources.namespaces, testNamespace(ns));
  op = await startTestOperator({ kubeconfigPath: cluster.kubeconfigPath });
  await waitFor('the operator to lead', () => op.operator.isLeader());
});
afterAll(async () => {
  await op?.stop();
  kubectl?.dispose();
  await cluster?.stop();
});

const table = async () => decodeRoutingTable(await (await fetch(`${op.url}/routing_table`)).text());
const keys = async () => (await table()).routes.map((r) => `${r.kind}:${r.key}`);

const MANIFEST = `
apiVersion: http.keda.sh/v1alpha1
kind: HTTPScaledObject
metadata:
  name: cart
  namespace: shop
spec:
  hosts: [cart.shop.example.com]
  pathPrefixes: [/api]
  scaleTargetRef:
    name: cart
    service: cart
    port: 8080
  scalingMetric:
    requestRate:
      targetValue: 50
      window: 30s
`;

describe('GET /routing_table', () => {
  it('answers a held long-poll when kubectl applies an HTTPScaledObject', async () => {
    const before = await table();
    const poll = fetch(`${op.url}/routing_table?watch=${before.version}&timeoutSeconds=60`);
    await waitFor('the long-poll to be held', () => op.operator.publisher.waiting() >= 1);
    const applied = await kubectl.run(['apply', '-f', '-'], { input: MANIFEST });
    expect(applied.stderr).toBe('');
    const res = await poll;
    expect(res.status).toBe(200);
    const after = decodeRoutingTable(await res.text());
    expect(after.version).not.toBe(before.version);
    expect(res.headers.get('etag')).toBe(`"${after.version}"`);
    expect(after.routes.find((r) => r.key === 'shop/cart')).toMatchObject({
      kind: 'HTTPScaledObject',
      rules: [{ hosts: ['cart.shop.example.com'], paths: ['/api'], headers: [] }],
      target: { service: 'cart', port: 8080 },
      scaleTarget: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' },
      scaling: { requestRate: { targetValue: 50, windowMs: 30_000, granularityMs: 1_000 } },
    });
  });

  it('keeps a durable copy in the ConfigMap, with the version it serves', async () => {
    await client.create(services, testService('shop', 'copy'));
    await client.create(httpScaledObjects, testHttpScaledObject('shop', 'copy'));
    await waitFor('the route', async () => (await keys()).includes('HTTPScaledObject:shop/copy'));
    const served = await fetch(`${op.url}/routing_table`);
    const body = await served.text();
    const version = decodeRoutingTable(body).version;
    const cm = await waitFor('the ConfigMap to hold the served table', async () => {
      const found = await client.get<ConfigMap>(builtinResources.configMaps, ROUTING_TABLE_CONFIGMAP, 'keda');
      return found?.data?.[ROUTING_TABLE_CONFIGMAP_KEY] === body && found;
    });
    expect(cm.metadata?.annotations?.['http.keda.sh/routing-table-version']).toBe(version);
  });

  it('drops a route as soon as its object is being deleted', async () => {
    await client.create(services, testService('shop', 'gone'));
    await client.create(httpScaledObjects, testHttpScaledObject('shop', 'gone'));
    await waitFor('the route', async () => (await keys()).includes('HTTPScaledObject:shop/gone'));
    await client.delete(httpScaledObjects, 'gone', 'shop');
    await waitFor('the route to leave', async () => !(await keys()).includes('HTTPScaledObject:shop/gone'));
  });

  it('serves the InterceptorRoute when it shares a name with an HTTPScaledObject', async () => {
    await client.create(services, testService('shop', 'both'));
    await client.create(httpScaledObjects, testHttpScaledObject('shop', 'both'));
    await client.create(interceptorRoutes, testInterceptorRoute('shop', 'both'));
    await waitFor('the InterceptorRoute to win', async () =>
      (await keys()).includes('InterceptorRoute:shop/both'),
    );
    expect((await keys()).filter((k) => k.endsWith('shop/both'))).toEqual(['InterceptorRoute:shop/both']);
  });
});

describe('the admin endpoints', () => {
  it('are live and ready once the caches synced and the table is built', async () => {
    expect((await fetch(`${op.url}/livez`)).status).toBe(200);
    const ready = await fetch(`${op.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      checks: [
        { name: 'informers-synced', ready: true },
        { name: 'routing-table-built', ready: true },
      ],
    });
  });

  it('show the effective settings at /config', async () => {
    const body = (await (await fetch(`${op.url}/config`)).json()) as {
      configs: Array<Record<string, unknown>>;
    };
    expect(body.configs[0]).toMatchObject({
      KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: 'keda-add-ons-http-external-scaler',
      KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_PORT: 9090,
      KEDA_HTTP_OPERATOR_NAMESPACE: 'keda',
      KEDA_HTTP_OPERATOR_WATCH_NAMESPACE: '',
      KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION: '15s',
    });
  });

  it('export reconcile counts, the table version and leadership at /metrics', async () => {
    const text = await (await fetch(`${op.url}/metrics`)).text();
    const version = (await table()).version;
    expect(text).toContain(`keda_http_operator_routing_table_version_info{version="${version}"} 1`);
    expect(text).toMatch(
      /controller_runtime_reconcile_total\{controller="httpscaledobject",result="success"\} [1-9]/,
    );
    expect(text).toContain('controller_runtime_reconcile_time_seconds_bucket');
    expect(text).toContain('leader_election_master_status{name="http-add-on.keda.sh"} 1');
  });
});

describe('without KEDA installed', () => {
  it('still serves the routing table and is ready', async () => {
    const bare = await startDevCluster({ builtinCrds: false });
    onTestFinished(() => bare.stop());
    await installCrds(bare.url);
    const bareClient = createKubeClient(loadKubeConfig({ path: bare.kubeconfigPath }));
    await bareClient.create(builtinResources.namespaces, testNamespace('shop'));
    await bareClient.create(httpScaledObjects, testHttpScaledObject('shop', 'web'));
    const test = await startTestOperator({
      kubeconfigPath: bare.kubeconfigPath,
      waitForStart: false,
      logLevel: 'error',
    });
    onTestFinished(() => test.stop());
    await waitFor('/readyz to answer 200', async () => (await fetch(`${test.url}/readyz`)).status === 200);
    const served = decodeRoutingTable(await (await fetch(`${test.url}/routing_table`)).text());
    expect(served.routes.map((r) => r.key)).toEqual(['shop/web']);
  });
});

describe('KEDA_HTTP_OPERATOR_WATCH_NAMESPACE', () => {
  it('limits what one operator sees to its namespace', async () => {
    for (const ns of ['keda-team', 'team-a', 'team-b']) {
      await client.create(builtinResources.namespaces, testNamespace(ns));
    }
    for (const ns of ['team-a', 'team-b']) {
      await client.create(services, testService(ns, 'web'));
      await client.create(httpScaledObjects, testHttpScaledObject(ns, 'web'));
    }
    // Its own namespace, so that it campaigns for its own Lease beside the operator of the other tests.
    const scoped = await startTestOperator({
      kubeconfigPath: cluster.kubeconfigPath,
      env: { KEDA_HTTP_OPERATOR_WATCH_NAMESPACE: 'team-a', KEDA_HTTP_OPERATOR_NAMESPACE: 'keda-team' },
    });
    onTestFinished(() => scoped.stop());
    const served = decodeRoutingTable(await (await fetch(`${scoped.url}/routing_table`)).text());
    expect(served.routes.map((r) => r.key)).toEqual(['team-a/web']);
    const copy = await waitFor('its ConfigMap copy', async () => {
      const cm = await client.get<ConfigMap>(
        builtinResources.configMaps,
        ROUTING_TABLE_CONFIGMAP,
        'keda-team',
      );
      return cm?.data?.[ROUTING_TABLE_CONFIGMAP_KEY];
    });
    expect(decodeRoutingTable(copy).routes.map((r) => r.key)).toEqual(['team-a/web']);
  });
});
