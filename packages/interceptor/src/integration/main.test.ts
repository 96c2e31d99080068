// The built process, `node packages/interceptor/dist/main.js`, as a child process: a bad configuration, start-up
// on devcluster with its "listening" lines, and SIGTERM under load (shutdown order, zero failed requests,
// exit 0). Needs a build first (`npx tsc -b packages/interceptor`; `make test` builds).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { buildTable, toWire } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import {
  startBackendService,
  startProcess,
  startStandInOperator,
  waitFor,
  type BackendService,
  type RunningProcess,
  type StandInOperator,
} from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './harness.js';

const mainJs = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ns = 'default';
let dc: DevCluster;
let op: StandInOperator;
let web: BackendService;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

beforeAll(async () => {
  if (!existsSync(mainJs))
    throw new Error(`${mainJs} is missing: build first with npx tsc -b packages/interceptor`);
  dc = await startDevCluster();
  cleanups.push(() => dc.stop());
  web = await startBackendService(dc.store, { namespace: ns, service: 'web' });
  cleanups.push(() => web.close());
  const table = buildTable([
    testRoute({
      namespace: ns,
      name: 'web',
      target: { service: 'web', port: 80 },
      rules: [{ hosts: ['web.test'] }],
    }),
  ]);
  op = await startStandInOperator({ table: toWire(table) });
  cleanups.push(() => op.close());
});

function start(env: Record<string, string>): RunningProcess {
  const proc = startProcess(process.execPath, { args: [mainJs], env });
  cleanups.push(() => proc.stop('SIGKILL'));
  return proc;
}

const baseEnv = (): Record<string, string> => ({
  KUBECONFIG: dc.kubeconfigPath,
  KEDA_HTTP_OPERATOR_ADMIN_URL: op.url,
  KEDA_HTTP_PROXY_PORT: '0',
  KEDA_HTTP_ADMIN_PORT: '0',
  OTEL_PROM_EXPORTER_PORT: '0',
});

async function portOf(proc: RunningProcess, server: string): Promise<number> {
  const line = await proc.waitForLine(new RegExp(`"server":"${server}".*"msg":"listening"`));
  return (JSON.parse(line) as { port: number }).port;
}

describe('the interceptor process', () => {
  it('refuses a bad configuration with one line per problem and exit code 1', async () => {
    const proc = start({ ...baseEnv(), KEDA_HTTP_PROXY_PORT: 'eighty', KEDA_HTTP_CONNECT_TIMEOUT: 'soon' });
    expect(await proc.exited()).toBe(1);
    expect(proc.lines).toEqual([
      'interceptor: KEDA_HTTP_PROXY_PORT: expected a port number from 0 to 65535, got "eighty"',
      'interceptor: KEDA_HTTP_CONNECT_TIMEOUT: expected a duration like 500ms, got "soon"',
    ]);
  });

  it('starts, logs one listening line per server, turns ready, proxies and logs requests when asked', async () => {
    const proc = start({ ...baseEnv(), KEDA_HTTP_SHUTDOWN_DELAY: '0s', KEDA_HTTP_LOG_REQUESTS: 'true' });
    const [proxy, admin, metrics] = await Promise.all(
      ['proxy', 'admin', 'metrics'].map((s) => portOf(proc, s)),
    );
    expect(proxy).toBeGreaterThan(0);
    expect(metrics).toBeGreaterThan(0);
    const client = createClient();
    cleanups.push(() => client.close());
    await waitFor(
      '/readyz 200',
      async () => (await client.send(`http://127.0.0.1:${admin}/readyz`)).status === 200,
    );
    const res = await client.send(`http://127.0.0.1:${proxy}/`, { host: 'web.test' });
    expect(res.status).toBe(200);
    expect(res.json<{ name: string }>().name).toBe('web');
    const logged = JSON.parse(await proc.waitForLine(/"msg":"request"/)) as Record<string, unknown>;
    expect(logged).toMatchObject({
      method: 'GET',
      url: '/',
      host: 'web.test',
      route: 'default/web',
      status: 200,
    });
    expect(await proc.stop('SIGTERM')).toBe(0);
  });

  it('shuts down on SIGTERM under load without a failed request, in order, and exits 0', async () => {
    const proc = start({ ...baseEnv(), KEDA_HTTP_SHUTDOWN_DELAY: '1s', KEDA_HTTP_DRAIN_TIMEOUT: '20s' });
    const [proxy, admin] = await Promise.all(['proxy', 'admin'].map((s) => portOf(proc, s)));
    const client = createClient();
    cleanups.push(() => client.close());
    await waitFor(
      '/readyz 200',
      async () => (await client.send(`http://127.0.0.1:${admin}/readyz`)).status === 200,
    );

    // Load: workers send requests back to back until the pod leaves the endpoints (here: /readyz says 503,
    // which is what takes a pod out of a Service), as clients behind a Service would.
    let inRotation = true;
    const statuses: (number | string)[] = [];
    const worker = async (): Promise<void> => {
      while (inRotation) {
        const res = await client
          .send(`http://127.0.0.1:${proxy}/load?delay=20ms`, { host: 'web.test' })
          .catch((err: unknown) => ({ status: (err as Error).message }));
        statuses.push(res.status);
      }
    };
    const workers = Array.from({ length: 8 }, () => worker());
    // Plus requests that are still in flight when the listener closes.
    const upstream = web.upstreams[0];
    const held = [1, 2, 3].map(() =>
      client.send(`http://127.0.0.1:${proxy}/held?delay=hold`, { host: 'web.test' }),
    );
    await waitFor('3 held requests at the backend', () => (upstream?.inFlight() ?? 0) >= 3);
    await waitFor('some load', () => statuses.length >= 50);

    proc.child.kill('SIGTERM');
    await waitFor(
      '/readyz 503',
      async () => (await client.send(`http://127.0.0.1:${admin}/readyz`)).status === 503,
    );
    inRotation = false;
    await Promise.all(workers);
    await proc.waitForLine(/"phase":"3\. drain".*shutdown phase started/);
    upstream?.releaseHeld();
    const heldAnswers = await Promise.all(held);
    expect(await proc.exited()).toBe(0);

    expect(heldAnswers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const phases = proc.lines
      .filter((l) => l.includes('shutdown phase started'))
      .map((l) => (JSON.parse(l) as { phase: string }).phase);
    expect(phases).toEqual(['1. readyz 503', '2. shutdown delay', '3. drain', '4. stop']);
  });
});
