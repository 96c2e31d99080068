// The built operator (`node packages/operator/dist/main.js`) as a child process on devcluster: bad config,
// start-up on port 0, readiness, SIGTERM, and a restart that serves the same table version and content.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { kubeconfigYaml, startDevCluster, type DevCluster } from '@keda-http/devcluster';
import {
  builtinResources,
  createKubeClient,
  loadKubeConfig,
  type KubeClient,
  type KubeObject,
} from '@keda-http/k8s';
import { ROUTING_TABLE_CONFIGMAP, ROUTING_TABLE_CONFIGMAP_KEY } from '@keda-http/routing';
import { installCrds, listen, startProcess, waitFor, type RunningProcess } from '@keda-http/testkit';
import { LEASE_NAME } from './operator.js';
import { httpScaledObjects, interceptorRoutes, services } from './resources.js';
import type { ConfigMap } from './table-configmap.js';
import { testHttpScaledObject, testInterceptorRoute, testNamespace, testService } from './testing.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = `${root}packages/operator/dist/main.js`;

let cluster: DevCluster;
let client: KubeClient;

beforeAll(async () => {
  // The test runs the built process, so build it (incremental: quick when nothing changed).
  await promisify(execFile)(`${root}node_modules/.bin/tsc`, ['-b', 'packages/operator'], { cwd: root });
  cluster = await startDevCluster();
  await installCrds(cluster.url);
  client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
  for (const ns of ['keda', 'apps']) await client.create(builtinResources.namespaces, testNamespace(ns));
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

const baseEnv = (): Record<string, string> => ({
  KUBECONFIG: cluster.kubeconfigPath,
  KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: 'keda-add-ons-http-external-scaler',
  KEDA_HTTP_OPERATOR_ADMIN_PORT: '0',
  KEDA_HTTP_OPERATOR_WATCH_NAMESPACE: '',
  KEDA_HTTP_OPERATOR_NAMESPACE: '',
});

async function startOperator(
  env: Record<string, string> = {},
): Promise<{ proc: RunningProcess; url: string }> {
  const proc = startProcess(process.execPath, { args: [MAIN], env: { ...baseEnv(), ...env } });
  onTestFinished(async () => {
    await proc.stop('SIGKILL');
  });
  const line = await proc.waitForLine(/"msg":"listening"/);
  const { server, port } = JSON.parse(line) as { server: string; port: number };
  expect(server).toBe('admin');
  return { proc, url: `http://127.0.0.1:${port}` };
}

const leaseHolder = async (): Promise<string | undefined> => {
  const lease = await client.get<KubeObject & { spec?: { holderIdentity?: string } }>(
    builtinResources.leases,
    LEASE_NAME,
    'keda',
  );
  return lease?.spec?.holderIdentity;
};

describe('node packages/operator/dist/main.js', () => {
  it('exits 1 with one line per problem when the configuration is bad', async () => {
    const proc = startProcess(process.execPath, {
      args: [MAIN],
      env: {
        ...baseEnv(),
        KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: '',
        KEDA_HTTP_OPERATOR_ADMIN_PORT: 'x',
      },
    });
    expect(await proc.exited()).toBe(1);
    expect(proc.lines).toEqual([
      'operator: KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: required, but not set',
      'operator: KEDA_HTTP_OPERATOR_ADMIN_PORT: expected a port number from 0 to 65535, got "x"',
    ]);
  });

  it('starts on port 0, turns ready, and on SIGTERM releases the Lease and exits 0', async () => {
    const { proc, url } = await startOperator();
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    await waitFor('/readyz to answer 200', async () => (await fetch(`${url}/readyz`)).status === 200);
    await waitFor('the Lease to be held', async () => ((await leaseHolder()) ?? '') !== '');
    expect(await proc.stop('SIGTERM')).toBe(0);
    expect(await leaseHolder()).toBe('');
    expect(proc.lines.some((l) => l.includes('"msg":"shutdown finished"') && l.includes('"ok":true'))).toBe(
      true,
    );
  });

  it('is live but not ready while the API server cannot be reached', async () => {
    // A kubeconfig naming a port where nothing listens any more.
    const closed = await listen(createServer());
    await closed.close();
    const dir = mkdtempSync(join(tmpdir(), 'operator-down-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'kubeconfig'), kubeconfigYaml(closed.url));
    const { proc, url } = await startOperator({ KUBECONFIG: join(dir, 'kubeconfig') });
    await proc.waitForLine(/watch failed; retrying/);
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${url}/routing_table`)).status).toBe(503);
    expect(await proc.stop('SIGTERM')).toBe(0);
  });

  it('serves the same table version and content after a restart', async () => {
    for (const name of ['a', 'b', 'c']) {
      await client.create(services, testService('apps', name));
      await client.create(httpScaledObjects, testHttpScaledObject('apps', name));
    }
    await client.create(
      interceptorRoutes,
      testInterceptorRoute('apps', 'r', { target: { service: 'a', port: 8080 } }),
    );
    const first = await startOperator();
    const body = await waitFor('the table with every route', async () => {
      const res = await fetch(`${first.url}/routing_table`);
      const text = res.status === 200 ? await res.text() : '';
      return ['"apps/a"', '"apps/b"', '"apps/c"', '"apps/r"'].every((k) => text.includes(k)) && text;
    });
    await waitFor('the ConfigMap copy', async () => {
      const cm = await client.get<ConfigMap>(builtinResources.configMaps, ROUTING_TABLE_CONFIGMAP, 'keda');
      return cm?.data?.[ROUTING_TABLE_CONFIGMAP_KEY] === body;
    });
    expect(await first.proc.stop('SIGTERM')).toBe(0);

    const second = await startOperator();
    await waitFor('/readyz to answer 200', async () => (await fetch(`${second.url}/readyz`)).status === 200);
    const again = await fetch(`${second.url}/routing_table`);
    expect(await again.text()).toBe(body);
    expect(again.headers.get('etag')).toBe(`"${(JSON.parse(body) as { version: string }).version}"`);
  });
});
