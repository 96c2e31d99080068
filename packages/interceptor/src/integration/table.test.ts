// Following the routing table on devcluster: the operator found through its admin Service's EndpointSlices,
// the last good table kept while the operator is away, a restart from the ConfigMap copy while it is down,
// /routing_ping, and /readyz waiting for the first table.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import {
  buildTable,
  encodeRoutingTable,
  ROUTING_TABLE_CONFIGMAP,
  ROUTING_TABLE_CONFIGMAP_KEY,
  toWire,
  type RoutingTable,
} from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import {
  applyObject,
  configMapObject,
  endpointSliceObject,
  namespaceObject,
  serviceObject,
  startBackendService,
  startStandInOperator,
  waitFor,
  type StandInOperator,
} from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInterceptor, type TestInterceptor } from './harness.js';

const ns = 'default';
const operatorNs = 'keda';
let dc: DevCluster;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const tableOf = (...names: string[]): RoutingTable =>
  buildTable(
    names.map((name) =>
      testRoute({
        namespace: ns,
        name,
        target: { service: 'web', port: 80 },
        rules: [{ hosts: [`${name}.test`] }],
      }),
    ),
  );
const v1 = tableOf('one');
const v2 = tableOf('one', 'two');

async function startOperator(table: RoutingTable | undefined, port?: number): Promise<StandInOperator> {
  const op = await startStandInOperator({
    ...(table ? { table: toWire(table) } : {}),
    ...(port ? { port } : {}),
  });
  cleanups.push(() => op.close());
  return op;
}

async function startInterceptor(opts: Parameters<typeof startTestInterceptor>[0]): Promise<TestInterceptor> {
  const icp = await startTestInterceptor(opts);
  cleanups.push(() => icp.stop());
  return icp;
}

const versionServed = async (icp: TestInterceptor): Promise<string | undefined> => {
  const res = await icp.admin('/routing_table');
  return res.status === 200 ? res.json<{ version: string }>().version : undefined;
};

/** Lists the stand-in operator as the one ready endpoint of keda/keda-add-ons-http-operator-admin. */
function registerOperator(port: number): void {
  applyObject(
    dc.store,
    serviceObject(operatorNs, 'keda-add-ons-http-operator-admin', [{ name: 'admin', port: 9090 }]),
  );
  applyObject(
    dc.store,
    endpointSliceObject({
      namespace: operatorNs,
      service: 'keda-add-ons-http-operator-admin',
      endpoints: [{ address: '127.0.0.1' }],
      ports: [
        { name: 'metrics', port: 1 },
        { name: 'admin', port },
      ],
    }),
  );
}

function writeConfigMap(table: RoutingTable): void {
  applyObject(
    dc.store,
    configMapObject(operatorNs, ROUTING_TABLE_CONFIGMAP, {
      [ROUTING_TABLE_CONFIGMAP_KEY]: encodeRoutingTable(table),
    }),
  );
}

beforeAll(async () => {
  dc = await startDevCluster();
  cleanups.push(() => dc.stop());
  applyObject(dc.store, namespaceObject(operatorNs));
  const web = await startBackendService(dc.store, { namespace: ns, service: 'web' });
  cleanups.push(() => web.close());
});

describe('following the operator', () => {
  it('finds the operator through its Service, keeps the last good table while it is away, and follows it again', async () => {
    const op = await startOperator(v1);
    registerOperator(op.port);
    const icp = await startInterceptor({ kubeconfigPath: dc.kubeconfigPath });
    expect(await versionServed(icp)).toBe(v1.version);
    expect((await icp.proxy('/', { host: 'one.test' })).status).toBe(200);

    await op.close();
    const ping = await icp.admin('/routing_ping');
    expect(ping.status).toBe(502);
    expect(ping.json<{ reason: string }>().reason).toMatch(/routing_table/);
    expect(await versionServed(icp)).toBe(v1.version);
    expect((await icp.proxy('/', { host: 'one.test' })).status).toBe(200);

    await startOperator(v2, op.port);
    await waitFor('the new table', async () => (await versionServed(icp)) === v2.version, {
      timeoutMs: 30_000,
    });
    expect((await icp.proxy('/', { host: 'two.test' })).status).toBe(200);
    const pinged = await icp.admin('/routing_ping');
    expect(pinged.status).toBe(200);
    expect(pinged.json<{ version: string }>().version).toBe(v2.version);
  });

  it('with the operator down, starts from the ConfigMap copy and routes with it', async () => {
    writeConfigMap(v2);
    const gone = await startOperator(v1);
    await gone.close();
    const icp = await startInterceptor({ kubeconfigPath: dc.kubeconfigPath, operatorUrl: gone.url });
    expect(await versionServed(icp)).toBe(v2.version);
    expect((await icp.proxy('/', { host: 'two.test' })).status).toBe(200);
    expect((await icp.admin('/readyz')).status).toBe(200);
  });

  it('answers /readyz 503 until a first table is loaded', async () => {
    applyObject(dc.store, configMapObject(operatorNs, ROUTING_TABLE_CONFIGMAP, {}));
    const op = await startOperator(undefined);
    const icp = await startInterceptor({
      kubeconfigPath: dc.kubeconfigPath,
      operatorUrl: op.url,
      waitReady: false,
    });
    await waitFor('the watches to sync', async () => {
      const res = await icp.admin('/readyz');
      const failing = res.json<{ failing?: { name: string }[] }>().failing ?? [];
      return failing.every((c) => c.name === 'routing-table');
    });
    expect((await icp.admin('/readyz')).status).toBe(503);
    expect((await icp.admin('/routing_table')).status).toBe(503);
    op.setTable(toWire(v1));
    await waitFor('/readyz 200', async () => (await icp.admin('/readyz')).status === 200);
    expect(await versionServed(icp)).toBe(v1.version);
  });
});
