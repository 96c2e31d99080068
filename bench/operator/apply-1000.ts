// Operator benchmark (not a test). devcluster runs in this process; the operator runs as a child process, the
// built packages/operator/dist/main.js, as it would in a pod, so the two share the machine's cores but not an
// event loop.
//   1. Bulk: create N HTTPScaledObjects (N = 1,000) as fast as the API server takes them (32 in flight), and
//      time until every one is Ready (status written by the operator, seen through a watch) and present in
//      /routing_table (followed by long-poll, as an interceptor would).
//   2. Latency: W single writes (a spec change of one HTTPScaledObject), one at a time, each timed from the
//      moment the write is sent to the moment a /routing_table long-poll answers with a table holding it.
// Run from the repository root:  npx tsx bench/operator/apply-1000.ts [N] [W]   (results: bench/README.md)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startDevCluster } from '../../packages/devcluster/src/index.js';
import {
  builtinResources,
  createInformer,
  createKubeClient,
  loadKubeConfig,
  type KubeObject,
} from '../../packages/k8s/src/index.js';
import { installCrds, startProcess, waitFor } from '../../packages/testkit/src/index.js';

const N = Number(process.argv[2] ?? 1_000);
const W = Number(process.argv[3] ?? 200);
const IN_FLIGHT = 32;
const SERVICES = 10;
const root = fileURLToPath(new URL('../../', import.meta.url));

const hsoType = {
  group: 'http.keda.sh',
  version: 'v1alpha1',
  plural: 'httpscaledobjects',
  kind: 'HTTPScaledObject',
  namespaced: true,
};
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;

/** JSON.parse only: the harness shares devcluster's event loop, so it must not spend it validating tables. */
const readTable = async (res: Response) =>
  JSON.parse(await res.text()) as { version: string; routes: Array<{ rules: Array<{ hosts: string[] }> }> };

/** CPU seconds (user + system) this process has used. */
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** CPU seconds (utime + stime) of another process, from /proc (Linux). */
const childCpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const hso = (i: number): KubeObject => ({
  apiVersion: 'http.keda.sh/v1alpha1',
  kind: 'HTTPScaledObject',
  metadata: { name: `app-${i}`, namespace: 'bench' },
  spec: {
    hosts: [`app-${i}.bench.example.com`],
    pathPrefixes: ['/'],
    scaleTargetRef: { name: `app-${i}`, service: `svc-${i % SERVICES}`, port: 8080 },
    replicas: { min: 0, max: 10 },
  },
});

const isReady = (o: KubeObject): boolean => {
  const status = o.status as {
    conditions?: Array<{ type: string; status: string; observedGeneration?: number }>;
  };
  const ready = status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' && ready.observedGeneration === o.metadata?.generation;
};

async function main(): Promise<void> {
  execFileSync(`${root}node_modules/.bin/tsc`, ['-b', 'packages/operator'], { cwd: root, stdio: 'inherit' });
  const cluster = await startDevCluster({ historySize: 50_000 });
  await installCrds(cluster.url);
  const client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
  for (const name of ['keda', 'bench']) {
    await client.create(builtinResources.namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  }
  for (let s = 0; s < SERVICES; s++) {
    await client.create(builtinResources.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${s}`, namespace: 'bench' },
      spec: { selector: { app: `svc-${s}` }, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] },
    });
  }

  const operator = startProcess(process.execPath, {
    // OPERATOR_NODE_ARGS passes flags to the operator's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    args: [
      ...(process.env.OPERATOR_NODE_ARGS ?? '').split(' ').filter(Boolean),
      `${root}packages/operator/dist/main.js`,
    ],
    env: {
      KUBECONFIG: cluster.kubeconfigPath,
      KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: 'keda-add-ons-http-external-scaler',
      KEDA_HTTP_OPERATOR_ADMIN_PORT: '0',
      KEDA_HTTP_OPERATOR_LOG_LEVEL: 'warn',
    },
  });
  const { port } = JSON.parse(await operator.waitForLine(/"msg":"listening"/)) as { port: number };
  const admin = `http://127.0.0.1:${port}`;
  await waitFor('the operator to be ready', async () => (await fetch(`${admin}/readyz`)).status === 200);
  await waitFor('the operator to lead', async () => {
    const lease = await client.get<KubeObject & { spec?: { holderIdentity?: string } }>(
      builtinResources.leases,
      'http-add-on.keda.sh',
      'keda',
    );
    return (lease?.spec?.holderIdentity ?? '') !== '';
  });

  // Watch readiness the way `kubectl get httpso -w` would.
  const informer = createInformer<KubeObject>({ client, resource: hsoType, namespace: 'bench' });
  const ready = new Set<string>();
  informer.onChange((e) => {
    const name = e.object.metadata?.name ?? '';
    if (e.type !== 'deleted' && isReady(e.object)) ready.add(name);
    else ready.delete(name);
  });
  informer.start();
  await informer.synced();

  // 1. Bulk. CPU time is recorded too: on a busy machine the wall-clock numbers mostly measure the neighbours.
  const cpu0 = { bench: cpuSeconds(), operator: childCpuSeconds(operator.pid) };
  const load0 = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const progress = (what: string): void =>
    void process.stderr.write(`${(performance.now() - t0).toFixed(0)} ms: ${what}\n`);
  const t0 = performance.now();
  let tTable = 0;
  let next = 0;
  const creating = Array.from({ length: IN_FLIGHT }, async () => {
    while (next < N) await client.create(hsoType, hso(next++));
  });
  const tableWatch = (async () => {
    let version = (await readTable(await fetch(`${admin}/routing_table`))).version;
    for (;;) {
      const res = await fetch(`${admin}/routing_table?watch=${version}&timeoutSeconds=60`);
      if (res.status !== 200) {
        if (res.status !== 304) throw new Error(`GET /routing_table: ${res.status} ${await res.text()}`);
        continue;
      }
      const table = await readTable(res);
      version = table.version;
      if (table.routes.length >= N) return (tTable = performance.now() - t0);
    }
  })();
  await Promise.all(creating);
  const tCreated = performance.now() - t0;
  progress('created');
  await tableWatch;
  progress('in the table');
  await waitFor('every HTTPScaledObject to be Ready', () => ready.size >= N, {
    timeoutMs: 120_000,
    intervalMs: 5,
  });
  const tReady = performance.now() - t0;
  const cpuBench = cpuSeconds() - cpu0.bench;
  const cpuOperator = childCpuSeconds(operator.pid) - cpu0.operator;
  progress('ready');

  // 2. Latency: one write at a time, timed to the long-poll answer that carries it.
  let version = (await readTable(await fetch(`${admin}/routing_table`))).version;
  const latencies: number[] = [];
  for (let w = 0; w < W; w++) {
    const i = (w * 7919) % N;
    const host = `v${w}.app-${i}.bench.example.com`;
    const poll = fetch(`${admin}/routing_table?watch=${version}&timeoutSeconds=30`);
    const start = performance.now();
    await client.patch(hsoType, { name: `app-${i}`, namespace: 'bench' }, 'merge', {
      spec: { hosts: [host] },
    });
    let res = await poll;
    for (;;) {
      // The answer is timed as received: the body is searched for the new host, not parsed.
      const text = await res.text();
      version = /^\{"version":"([0-9a-f]+)"/.exec(text)?.[1] ?? '';
      if (text.includes(`"${host}"`)) break;
      res = await fetch(`${admin}/routing_table?watch=${version}&timeoutSeconds=30`);
    }
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);

  // The operator's own view: from each route change's watch event to the publish (a histogram).
  const metricsText = await (await fetch(`${admin}/metrics`)).text();
  const buckets = [
    ...metricsText.matchAll(/routing_table_publish_delay_seconds_bucket\{le="([^"]+)"\} (\d+)/g),
  ].map((m) => ({ le: m[1] as string, count: Number(m[2]) }));
  const publishes = buckets.find((b) => b.le === '+Inf')?.count ?? 0;
  const within50 = buckets.find((b) => b.le === '0.05')?.count ?? 0;
  const p99Bucket = buckets.find((b) => b.count >= publishes * 0.99)?.le ?? '?';

  await informer.stop();
  await operator.stop('SIGTERM');
  await cluster.stop();

  console.log(
    `load average before / after: ${load0} / ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  console.log(`| measure | value |`);
  console.log(`|---|---|`);
  console.log(`| ${N} HTTPScaledObjects created (${IN_FLIGHT} in flight) | ${fmt(tCreated)} |`);
  console.log(`| all ${N} in /routing_table | ${fmt(tTable)} |`);
  console.log(`| all ${N} Ready (status seen through a watch) | ${fmt(tReady)} |`);
  console.log(`| … of which after the last create was acknowledged | ${fmt(tReady - tCreated)} |`);
  console.log(
    `| CPU time used until all Ready | devcluster + harness ${cpuBench.toFixed(1)} s, operator ${cpuOperator.toFixed(1)} s |`,
  );
  console.log(
    `| write → long-poll answer, ${W} writes | p50 ${fmt(percentile(latencies, 50))}, p90 ${fmt(percentile(latencies, 90))}, ` +
      `p99 ${fmt(percentile(latencies, 99))}, max ${fmt(latencies[latencies.length - 1] ?? 0)} |`,
  );
  console.log(
    `| watch event → table published (operator histogram, whole run) | ${within50} of ${publishes} publishes ≤ 50 ms; ` +
      `p99 ≤ ${p99Bucket === '+Inf' ? '∞' : `${Number(p99Bucket) * 1000} ms`} |`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
