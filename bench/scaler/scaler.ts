// External scaler benchmark (not a test): 1,000 routes × 50 interceptor /queue servers, with the built scaler
// (node packages/scaler/dist/main.js) as its own process, the interceptor fleet as another (fleet.ts), and
// devcluster, the fake operator and the gRPC load generator here. Measures (SPEC goals in bench/README.md):
//   1. poll cycle duration, from the scaler's own per-cycle trace line;
//   2. the scaler's CPU (utime + stime from /proc/<pid>/stat) at the 500 ms tick, polling only, and again with
//      KEDA's load: one StreamIsActive per route (every 200 ms each) and GetMetrics per route every 15 s;
//   3. GetMetrics latency seen by a grpc-js client, one call in flight, while the scaler polls; and, as a
//      control for what the (shared, 2-core) machine adds by itself, against a second scaler that does not poll;
//   4. activation push: from a probe pod counting a route's first request to `true` on the route's stream,
//      one route every 600 ms (an activation after a quiet spell).
// Run from the repository root after building: npx tsc -b packages/scaler && npx tsx bench/scaler/scaler.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startDevCluster } from '../../packages/devcluster/src/index.js';
import type { Route } from '../../packages/routing/src/index.js';
import { testRoute } from '../../packages/routing/src/testing.js';
import { startFakeInterceptor } from '../../packages/scaler/src/testing/fake-interceptors.js';
import { startFakeOperator } from '../../packages/scaler/src/testing/fake-operator.js';
import { createScalerClient, type ScalerClient } from '../../packages/scaler/src/testing/scaler-client.js';

const ROUTES = 1_000;
const PODS = 50;
const WARMUP_MS = 10_000;
const WINDOW_MS = 30_000;
const LATENCY_CALLS = 20_000;
const CLK_TCK = 100; // Linux USER_HZ
const root = fileURLToPath(new URL('../../', import.meta.url));

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
};
/** CPU % of one core used by each process over the next `ms` (Linux /proc). */
async function cpuPercent(pids: readonly number[], ms: number): Promise<number[]> {
  const t0 = pids.map(cpuTicks);
  const w0 = performance.now();
  await wait(ms);
  const seconds = (performance.now() - w0) / 1000;
  return pids.map((pid, i) => ((cpuTicks(pid) - (t0[i] ?? 0)) / CLK_TCK / seconds) * 100);
}
function lines(child: ChildProcess, onLine: (line: string) => void): void {
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  if (child.stderr)
    createInterface({ input: child.stderr }).on('line', (l) => process.stderr.write(`${l}\n`));
}

// 1,000 routes: half HTTPScaledObjects (concurrency or requestRate), half InterceptorRoutes (both metrics).
const routes: Route[] = Array.from({ length: ROUTES }, (_, i) => {
  const rate = { targetValue: 50, windowMs: 60_000, granularityMs: 1_000 };
  if (i % 2 === 0) {
    const scaling = i % 4 === 0 ? { concurrency: { targetValue: 10 } } : { requestRate: rate };
    return testRoute({
      kind: 'HTTPScaledObject',
      namespace: 'bench',
      name: `route-${i}`,
      scaling: { ...scaling, targetPendingRequests: 100 },
    });
  }
  return testRoute({
    kind: 'InterceptorRoute',
    namespace: 'bench',
    name: `route-${i}`,
    scaling: { concurrency: { targetValue: 10 }, requestRate: rate },
  });
});
const refs = routes.map((r) => ({
  name: r.name,
  namespace: 'bench',
  scalerMetadata: { [r.kind === 'InterceptorRoute' ? 'interceptorRoute' : 'httpScaledObject']: r.name },
}));

// The activation probe (4): 100 more routes that only one extra pod, in this process, reports.
const PROBES = 100;
const probeRoutes = Array.from({ length: PROBES }, (_, i) =>
  testRoute({
    kind: 'HTTPScaledObject',
    namespace: 'bench',
    name: `activation-${i}`,
    scaling: { targetPendingRequests: 100 },
  }),
);

const loadBefore = loadavg()[0]?.toFixed(1);
const cluster = await startDevCluster();
const operator = await startFakeOperator([...routes, ...probeRoutes]);
const fleet = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./fleet.ts', import.meta.url))],
  {
    cwd: root,
    env: { ...process.env, POD_COUNT: String(PODS), ROUTE_COUNT: String(ROUTES) },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
const fleetInfo = await new Promise<{ port: number; addresses: string[] }>((resolve) =>
  lines(fleet, (l) => resolve(JSON.parse(l) as { port: number; addresses: string[] })),
);

const probe = await startFakeInterceptor(
  `${(fleetInfo.addresses[0] ?? '').split('.').slice(0, 3).join('.')}.250`,
  fleetInfo.port,
);
for (const r of probeRoutes) probe.set(r.key, 0, 0);

const store = cluster.store;
store
  .resource({ apiVersion: 'v1', kind: 'Namespace' })
  .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'keda' } });
store.resource({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }).create({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {
    name: 'interceptor-admin',
    namespace: 'keda',
    labels: { 'kubernetes.io/service-name': 'keda-add-ons-http-interceptor-admin' },
  },
  addressType: 'IPv4',
  endpoints: [...fleetInfo.addresses, probe.address].map((a) => ({
    addresses: [a],
    conditions: { ready: true },
  })),
  ports: [{ name: 'admin', port: fleetInfo.port, protocol: 'TCP' }],
});

// Never leave the scaler or the fleet running, however this script ends.
const children: ChildProcess[] = [fleet];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

const cycles: number[] = [];
/** Per cycle, how long the slowest pod took to deliver its answer (the fleet's share of the cycle). */
const fetches: number[] = [];
// BENCH_SCALER_NODE_ARGS: extra node flags for the scaler, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const nodeArgs = (process.env.BENCH_SCALER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
// BENCH_SCALER_CPU=1 runs the scalers under `taskset -c 1` (start the bench itself under `taskset -c 0`), so that
// the fleet, devcluster and the load generator cannot take the scaler's core: what is left is the scaler's own.
const scalerCpu = process.env.BENCH_SCALER_CPU;
// The scaler runs with its image's env (NODE_OPTIONS, as Dockerfile.scaler and devcluster's image map set it).
const imageEnv =
  (
    parse(readFileSync(`${root}config/devcluster/images.yaml`, 'utf8')) as {
      images: Record<string, { env?: Record<string, string> }>;
    }
  ).images['keda-http/scaler']?.env ?? {};

/** Starts the built scaler and waits until /readyz answers 200. */
async function startScaler(env: Record<string, string> = {}) {
  let ports: { grpc?: number; admin?: number } = {};
  const command = [process.execPath, ...nodeArgs, 'packages/scaler/dist/main.js'];
  if (scalerCpu !== undefined) command.unshift('taskset', '-c', scalerCpu);
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: root,
    env: {
      ...process.env,
      ...imageEnv,
      KUBECONFIG: cluster.kubeconfigPath,
      KEDA_HTTP_SCALER_PORT: '0',
      KEDA_HTTP_HEALTH_PORT: '0',
      KEDA_HTTP_SCALER_TARGET_ADMIN_PORT: String(fleetInfo.port),
      KEDA_HTTP_OPERATOR_ADMIN_URL: operator.url,
      KEDA_HTTP_LOG_LEVEL: 'trace',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  lines(child, (l) => {
    if (!l.startsWith('{')) {
      process.stderr.write(`scaler: ${l}\n`); // e.g. --trace-gc output
      return;
    }
    const m = JSON.parse(l) as {
      msg?: string;
      server?: string;
      port?: number;
      durationMs?: number;
      slowestFetchMs?: number;
    };
    if (m.msg === 'listening' && (m.server === 'grpc' || m.server === 'admin'))
      ports = { ...ports, [m.server]: m.port };
    if (
      m.msg === 'poll cycle' &&
      m.durationMs !== undefined &&
      env.KEDA_HTTP_QUEUE_TICK_DURATION === undefined
    ) {
      cycles.push(m.durationMs);
      fetches.push(m.slowestFetchMs ?? 0);
    }
  });
  while (ports.grpc === undefined || ports.admin === undefined) await wait(50);
  const admin = `http://127.0.0.1:${ports.admin}`;
  while ((await fetch(`${admin}/readyz`)).status !== 200) await wait(100);
  return { child, pid: child.pid as number, admin, client: createScalerClient(`127.0.0.1:${ports.grpc}`) };
}

/** GetMetrics latencies (ms, sorted) of `calls` calls, one in flight. */
async function getMetricsLatencies(client: ScalerClient, calls: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < calls; i++) {
    const ref = refs[(i * 7919) % refs.length] as (typeof refs)[number];
    const t0 = performance.now();
    await client.getMetrics(ref);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const { pid, admin, client } = await startScaler();
const queue = (await (await fetch(`${admin}/queue`)).json()) as Record<string, unknown>;
console.error(`ready: ${Object.keys(queue).length} keys in /queue; warming up ${WARMUP_MS / 1000} s`);
await wait(WARMUP_MS);

// 1 + 2a: polling only.
cycles.length = 0;
fetches.length = 0;
const [idleCpu = 0, idleFleetCpu = 0, idleBenchCpu = 0] = await cpuPercent(
  [pid, fleet.pid as number, process.pid],
  WINDOW_MS,
);
const idleCycles = [...cycles].sort((a, b) => a - b);
const idleFetches = [...fetches].sort((a, b) => a - b);

// 2b: KEDA's load on top.
/**
 * KEDA's load against one scaler: a StreamIsActive per route and GetMetrics for every route every 15 s
 * (spread evenly: one every 15 ms); the CPU of `pids` over WINDOW_MS once it has run 5 s, and the stream
 * messages a second.
 */
async function kedaLoad(target: ScalerClient, pids: readonly number[]) {
  const streams = refs.map((ref) => target.stream(ref));
  let calls = 0;
  const timer = setInterval(() => {
    const ref = refs[calls++ % refs.length];
    if (ref) void target.getMetrics(ref).catch(() => undefined);
  }, 15);
  await wait(5_000);
  const before = streams.reduce((n, s) => n + s.messages.length, 0);
  cycles.length = 0;
  fetches.length = 0;
  const cpu = await cpuPercent(pids, WINDOW_MS);
  const messagesPerSecond =
    (streams.reduce((n, s) => n + s.messages.length, 0) - before) / (WINDOW_MS / 1000);
  clearInterval(timer);
  for (const s of streams) s.cancel();
  return { cpu, messagesPerSecond };
}
const keda = await kedaLoad(client, [pid, fleet.pid as number, process.pid]);
const [kedaCpu = 0, kedaFleetCpu = 0, kedaBenchCpu = 0] = keda.cpu;
const kedaCycles = [...cycles].sort((a, b) => a - b);
const kedaFetches = [...fetches].sort((a, b) => a - b);
await wait(2_000);

// 3: GetMetrics latency, one call in flight, while polling; then the same against a second scaler that does
// not poll (tick 1 h), as a control for what the machine itself adds.
const latencies = await getMetricsLatencies(client, LATENCY_CALLS);
const lag = await (await fetch(`${admin}/metrics`)).text();
const lagP99 = Number(/^nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(lag)?.[1] ?? NaN) * 1000;
const control = await startScaler({ KEDA_HTTP_QUEUE_TICK_DURATION: '1h' });
await getMetricsLatencies(control.client, 2_000);
const controlLatencies = await getMetricsLatencies(control.client, LATENCY_CALLS);
// The same KEDA load against the scaler that does not poll: what the streams and GetMetrics cost on their own.
const controlKeda = await kedaLoad(control.client, [control.pid]);
control.client.close();
control.child.kill('SIGTERM');

// 4: activation push: a probe route goes 0 → 1 on the probe pod; how long until its open stream says true.
await wait(2_000);
const activations: number[] = [];
for (const r of probeRoutes) {
  const stream = client.stream({
    name: r.name,
    namespace: 'bench',
    scalerMetadata: { httpScaledObject: r.name },
  });
  while (stream.messages.length === 0) await wait(5);
  const t0 = performance.now();
  probe.set(r.key, 1);
  while (!stream.messages.some((m) => m.result)) await new Promise((resolve) => setImmediate(resolve));
  activations.push((stream.messages.find((m) => m.result)?.atMs ?? t0) - t0);
  stream.cancel();
  // Each activation on its own: a pod may answer five activations back to back, then one per tick, so
  // probes one after another would measure the pacing (docs/architecture.md, "Activation push").
  await wait(600);
}
activations.sort((a, b) => a - b);

const row = (name: string, s: number[]) =>
  `| ${name} | ${s.length} | ${percentile(s, 50).toFixed(1)} | ${percentile(s, 99).toFixed(1)} | ${(s[s.length - 1] ?? 0).toFixed(1)} |`;
console.log(
  `\nScaler: ${ROUTES} routes × ${PODS} interceptor pods, 500 ms tick, node ${process.version}, ` +
    `load average before/after ${loadBefore} / ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores` +
    (scalerCpu === undefined ? '\n' : `; scalers pinned to CPU ${scalerCpu}\n`),
);
console.log('| poll cycles | cycles | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|');
console.log(row('polling only', idleCycles));
console.log(row('… of which the slowest pod took to answer', idleFetches));
console.log(row(`with ${ROUTES} streams + GetMetrics`, kedaCycles));
console.log(row('… of which the slowest pod took to answer', kedaFetches));
console.log(
  `\n| CPU, % of one core | scaler | fleet (50 pods) | devcluster + operator + load |\n|---|---|---|---|`,
);
console.log(
  `| polling only | **${idleCpu.toFixed(1)}** | ${idleFleetCpu.toFixed(1)} | ${idleBenchCpu.toFixed(1)} |`,
);
console.log(
  `| + ${ROUTES} StreamIsActive (${keda.messagesPerSecond.toFixed(0)} msg/s) + GetMetrics 67/s | **${kedaCpu.toFixed(1)}** | ${kedaFleetCpu.toFixed(1)} | ${kedaBenchCpu.toFixed(1)} |`,
);
console.log(
  `| the same load on the control scaler, which does not poll (${controlKeda.messagesPerSecond.toFixed(0)} msg/s) | **${(controlKeda.cpu[0] ?? 0).toFixed(1)}** | | |`,
);
console.log(
  `\n| GetMetrics (${LATENCY_CALLS} calls, 1 in flight) | p50 ms | p99 ms | p99.9 ms | max ms |\n|---|---|---|---|---|`,
);
const latencyRow = (name: string, l: number[]) =>
  `| ${name} | ${percentile(l, 50).toFixed(3)} | ${percentile(l, 99).toFixed(3)} | ${percentile(l, 99.9).toFixed(3)} | ${(l[l.length - 1] ?? 0).toFixed(3)} |`;
console.log(latencyRow('scaler polling 50 pods', latencies));
console.log(latencyRow('control: a scaler that does not poll', controlLatencies));
console.log(`\nEvent-loop delay p99 of the polling scaler (prom-client): ${lagP99.toFixed(1)} ms`);
console.log(
  `\n| activation push (${PROBES} routes going 0 → 1) | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n` +
    `| first request counted → StreamIsActive true | ${percentile(activations, 50).toFixed(1)} | ${percentile(activations, 99).toFixed(1)} | ${(activations[activations.length - 1] ?? 0).toFixed(1)} |`,
);

client.close();
// Let every child end on its own (a scaler run with --cpu-prof writes its profile at exit); SIGKILL after 10 s.
await Promise.all(
  children.map((c) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          c.once('exit', resolve);
          c.kill('SIGTERM');
          setTimeout(resolve, 10_000).unref();
        }),
  ),
);
await probe.close();
await operator.close();
await cluster.stop();
process.exit(0);
