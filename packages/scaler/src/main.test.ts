// The built process, `node packages/scaler/dist/main.js`, as a child process: start-up (one JSON line per
// listener, readiness, real gRPC answers), a bad configuration, and SIGTERM's numbered shutdown. The package is
// built first (incrementally; tsc -b does nothing when dist is current).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { testRoute } from '@keda-http/routing/testing';
import { startProcess, waitFor, type RunningProcess } from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeInterceptors, type FakeInterceptorGroup } from './testing/fake-interceptors.js';
import { startFakeOperator, type FakeOperator } from './testing/fake-operator.js';
import { createScalerClient } from './testing/scaler-client.js';
import { TEST_NAMESPACE, TEST_SERVICE, startScalerHarness } from './testing/scaler-harness.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

let cluster: DevCluster;
let pods: FakeInterceptorGroup;
let operator: FakeOperator;
const running: RunningProcess[] = [];

beforeAll(async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-b', 'packages/scaler'], { cwd: root });
  cluster = await startDevCluster();
  pods = await startFakeInterceptors(2);
  for (const p of pods.pods) p.set('apps/web', 3, 10);
  operator = await startFakeOperator([
    testRoute({
      kind: 'HTTPScaledObject',
      namespace: 'apps',
      name: 'web',
      scaling: { targetPendingRequests: 100 },
    }),
  ]);
  // The harness writes the EndpointSlice of the interceptor admin Service; its own scaler is stopped at once.
  const harness = await startScalerHarness({
    kubeconfigPath: cluster.kubeconfigPath,
    interceptors: pods,
    routes: operator.table.routes,
  });
  await harness.close();
}, 120_000);

afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL');
  await operator?.close();
  await pods?.close();
  await cluster?.stop();
});

function run(env: Record<string, string>): RunningProcess {
  const p = startProcess(process.execPath, { args: [main], env });
  running.push(p);
  return p;
}

const listening = async (p: RunningProcess, server: string): Promise<number> => {
  const line = await p.waitForLine(new RegExp(`"server":"${server}".*"msg":"listening"`));
  return (JSON.parse(line) as { port: number }).port;
};

describe('node packages/scaler/dist/main.js', () => {
  it('starts, logs each listener with its port, becomes ready, answers KEDA and exits 0 on SIGTERM', async () => {
    const p = run({
      KUBECONFIG: cluster.kubeconfigPath,
      KEDA_HTTP_SCALER_PORT: '0',
      KEDA_HTTP_HEALTH_PORT: '0',
      KEDA_HTTP_SCALER_TARGET_ADMIN_NAMESPACE: TEST_NAMESPACE,
      KEDA_HTTP_SCALER_TARGET_ADMIN_SERVICE: TEST_SERVICE,
      KEDA_HTTP_SCALER_TARGET_ADMIN_PORT: String(pods.port),
      KEDA_HTTP_OPERATOR_ADMIN_URL: operator.url,
      KEDA_HTTP_QUEUE_TICK_DURATION: '250ms',
    });
    const grpcPort = await listening(p, 'grpc');
    const adminPort = await listening(p, 'admin');
    await waitFor(
      '/readyz 200',
      async () => (await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status === 200,
    );

    const client = createScalerClient(`127.0.0.1:${grpcPort}`);
    try {
      await waitFor('readiness SERVING', async () => (await client.health('readiness')) === 'SERVING');
      const ref = { name: 'web', namespace: 'apps', scalerMetadata: { httpScaledObject: 'web' } };
      const want = [{ metricName: 'http-apps_002Fweb', metricValue: 6, metricValueFloat: 0 }];
      await waitFor(
        'both pods counted',
        async () => JSON.stringify(await client.getMetrics(ref)) === JSON.stringify(want),
      );
    } finally {
      client.close();
    }
    const config = (await (await fetch(`http://127.0.0.1:${adminPort}/config`)).json()) as {
      configs: Record<string, unknown>[];
    };
    expect(config.configs[0]).toMatchObject({
      KEDA_HTTP_QUEUE_TICK_DURATION: '250ms',
      KEDA_HTTP_SCALER_STREAM_INTERVAL_MS: 200,
    });

    expect(await p.stop('SIGTERM')).toBe(0);
    const phases = p.lines
      .map((l) => JSON.parse(l) as { msg?: string; phase?: string })
      .filter((l) => l.msg === 'shutdown phase completed')
      .map((l) => l.phase);
    expect(phases).toEqual([
      '1. stop reporting ready',
      '2. close the gRPC and admin servers',
      '3. stop background work',
    ]);
  });

  it('exits 1 on a bad configuration, with one line per problem naming the variable', async () => {
    const p = run({
      KEDA_HTTP_QUEUE_TICK_DURATION: 'soon',
      KEDA_HTTP_SCALER_PORT: '70000',
      KEDA_HTTP_SCALER_STREAM_INTERVAL_MS: '0',
    });
    expect(await p.exited()).toBe(1);
    expect(p.lines).toEqual([
      'keda-http-scaler: invalid configuration:',
      '  KEDA_HTTP_SCALER_PORT: expected a port number from 0 to 65535, got "70000"',
      '  KEDA_HTTP_QUEUE_TICK_DURATION: expected a duration like 500ms, got "soon"',
      '  KEDA_HTTP_SCALER_STREAM_INTERVAL_MS: expected an integer of at least 1, got "0"',
    ]);
  });

  it('exits 1 when its gRPC port is taken', async () => {
    const first = run({
      KUBECONFIG: cluster.kubeconfigPath,
      KEDA_HTTP_SCALER_PORT: '0',
      KEDA_HTTP_HEALTH_PORT: '0',
      KEDA_HTTP_OPERATOR_ADMIN_URL: operator.url,
    });
    const taken = await listening(first, 'grpc');
    const second = run({
      KUBECONFIG: cluster.kubeconfigPath,
      KEDA_HTTP_SCALER_PORT: String(taken),
      KEDA_HTTP_HEALTH_PORT: '0',
      KEDA_HTTP_OPERATOR_ADMIN_URL: operator.url,
    });
    expect(await second.exited()).toBe(1);
    expect(second.lines.join('\n')).toContain('EADDRINUSE');
    expect(await first.stop('SIGTERM')).toBe(0);
  });
});
