// The admin and metrics servers on devcluster: /deployments from a Deployment watch, /config, /livez, and the
// three Prometheus series with their labels.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { buildTable, toWire } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import {
  applyObject,
  deploymentObject,
  startBackendService,
  startStandInOperator,
  waitFor,
} from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, startTestInterceptor, type TestInterceptor } from './harness.js';

const ns = 'default';
let dc: DevCluster;
let icp: TestInterceptor;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

beforeAll(async () => {
  dc = await startDevCluster();
  cleanups.push(() => dc.stop());
  const web = await startBackendService(dc.store, { namespace: ns, service: 'web' });
  cleanups.push(() => web.close());
  applyObject(dc.store, deploymentObject(ns, 'web', 2));
  applyObject(dc.store, deploymentObject(ns, 'unrelated', 3));
  const table = buildTable([
    testRoute({
      namespace: ns,
      name: 'web',
      target: { service: 'web', port: 80 },
      scaleTarget: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      rules: [{ hosts: ['web.test'] }],
    }),
    testRoute({
      namespace: ns,
      name: 'missing',
      target: { service: 'web', port: 80 },
      scaleTarget: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'not-created' },
      rules: [{ hosts: ['missing.test'] }],
    }),
    testRoute({
      kind: 'InterceptorRoute',
      namespace: ns,
      name: 'ir',
      target: { service: 'web', port: 80 },
      rules: [{ hosts: ['ir.test'] }],
    }),
  ]);
  const op = await startStandInOperator({ table: toWire(table) });
  cleanups.push(() => op.close());
  icp = await startTestInterceptor({
    kubeconfigPath: dc.kubeconfigPath,
    operatorUrl: op.url,
    env: { KEDA_HTTP_CONNECT_TIMEOUT: '750ms', KEDA_HTTP_OPERATOR_NAMESPACE: 'keda' },
  });
  cleanups.push(() => icp.stop());
});

describe('admin server', () => {
  it('reports the replicas of each route scale target from the Deployment watch', async () => {
    await waitFor('/deployments', async () => {
      const res = await icp.admin('/deployments');
      return JSON.stringify(res.json()) === JSON.stringify({ 'default/web': 2 });
    });
    dc.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' }).scale(ns, 'web', 0);
    await waitFor('the scale to zero on /deployments', async () => {
      const res = await icp.admin('/deployments');
      return JSON.stringify(res.json()) === JSON.stringify({ 'default/web': 0 });
    });
  });

  it('shows the effective settings on /config, keyed by environment variable', async () => {
    const res = await icp.admin('/config');
    expect(res.status).toBe(200);
    const [config] = res.json<{ configs: Record<string, unknown>[] }>().configs;
    expect(config).toMatchObject({
      KEDA_HTTP_CONNECT_TIMEOUT: '750ms',
      KEDA_HTTP_RESPONSE_HEADER_TIMEOUT: '5m0s',
      KEDA_HTTP_DIRECT_POD_ROUTING: true,
      KEDA_HTTP_MAX_IDLE_CONNS_PER_HOST: 200,
    });
  });

  it('is always live', async () => {
    expect((await icp.admin('/livez')).status).toBe(200);
    expect((await icp.admin('/readyz')).status).toBe(200);
  });
});

describe('metrics', () => {
  it('exports request counts, durations and concurrency labelled by route', async () => {
    for (let i = 0; i < 3; i++) expect((await icp.proxy('/', { host: 'web.test' })).status).toBe(200);
    expect((await icp.proxy('/', { host: 'web.test', method: 'POST', body: 'x' })).status).toBe(200);
    const client = createClient();
    cleanups.push(() => client.close());
    const res = await client.send(`http://127.0.0.1:${icp.metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const labels = 'route_name="web",route_namespace="default"';
    expect(res.body).toContain(`interceptor_request_count_total{${labels},code="200",method="GET"} 3`);
    expect(res.body).toContain(`interceptor_request_count_total{${labels},code="200",method="POST"} 1`);
    expect(res.body).toContain(`interceptor_request_duration_seconds_count{${labels}} 4`);
    expect(res.body).toMatch(
      new RegExp(`interceptor_request_duration_seconds_bucket\\{${labels},le="\\+Inf"\\} 4`),
    );
    expect(res.body).toContain(`interceptor_request_concurrency{${labels}} 0`);
    expect(res.body).toContain(
      'interceptor_request_concurrency{route_name="ir",route_namespace="default"} 0',
    );
    expect((await client.send(`http://127.0.0.1:${icp.metricsPort}/other`)).status).toBe(404);
  });
});
