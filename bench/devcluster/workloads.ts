// devcluster workload and KEDA emulation benchmark (not a test):
// 1. readiness → EndpointSlice: a pod's Ready condition flips (status write); time until the Service's
//    EndpointSlice carries the new `ready` (store events, the controller's work queue, the slice write);
// 2. StreamIsActive → /scale: a test external scaler pushes `true` for a ScaledObject at 0 replicas; time
//    until the Deployment's spec.replicas is 1 (gRPC message, KEDA's decision, the /scale write);
// 3. pod cold start: an echo Deployment of 1 replica created; time until its pod is Ready (scheduling, IP,
//    process start, readiness by the port accepting).
// Run from the repository root after a build (it uses dist/, as `make demo` does):
//   npx tsc -b packages/devcluster && npx tsx bench/devcluster/workloads.ts   (results: bench/README.md)
// (Through the package name, tsx loads dist/; the type check reads the sources.)
import { startDevCluster, type KubeObject } from '@keda-http/devcluster';
import { deploymentManifest, serviceManifest, startTestScaler, waitFor } from '@keda-http/devcluster/testing';

const FLIPS = Number(process.env['FLIPS'] ?? 500);
const PUSHES = Number(process.env['PUSHES'] ?? 200);
const COLD_STARTS = Number(process.env['COLD_STARTS'] ?? 20);
const PODS = 100;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const summary = (values: number[]): string => {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(2)} ms, p99 ${percentile(s, 99).toFixed(2)} ms, max ${(s[s.length - 1] as number).toFixed(2)} ms (n=${s.length})`;
};

async function readinessToSlice(): Promise<number[]> {
  const cluster = await startDevCluster({ keda: false, workloads: false, builtinCrds: false });
  try {
    const pods = cluster.store.resource({ apiVersion: 'v1', kind: 'Pod' });
    cluster.store.resource({ apiVersion: 'v1', kind: 'Service' }).create(serviceManifest({ name: 'web' }));
    // Pods bound to another node: no kubelet runs them, the benchmark writes their status itself.
    for (let i = 0; i < PODS; i++) {
      const pod = pods.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
        spec: {
          nodeName: 'elsewhere',
          containers: [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }],
        },
      });
      pods.updateStatus({
        ...pod,
        status: {
          phase: 'Running',
          podIP: `10.0.${i >> 8}.${i & 255}`,
          conditions: [{ type: 'Ready', status: 'False' }],
        },
      });
    }
    await cluster.idle();
    const ready = new Map<string, boolean>();
    let waiting: { name: string; want: boolean; resolve: (t: number) => void } | undefined;
    cluster.store.subscribe((event) => {
      if (event.storageKey !== 'discovery.k8s.io/endpointslices' || waiting === undefined) return;
      const endpoints = (event.object['endpoints'] ?? []) as {
        targetRef: { name: string };
        conditions: { ready: boolean };
      }[];
      const ep = endpoints.find((e) => e.targetRef.name === waiting?.name);
      if (ep?.conditions.ready === waiting.want) waiting.resolve(performance.now());
    });
    const latencies: number[] = [];
    for (let i = 0; i < FLIPS; i++) {
      const name = `web-${Math.floor(Math.random() * PODS)}`;
      const want = !(ready.get(name) ?? false);
      ready.set(name, want);
      const pod = pods.get('default', name) as KubeObject;
      const done = new Promise<number>((resolve) => (waiting = { name, want, resolve }));
      const t0 = performance.now();
      pods.updateStatus({
        ...pod,
        status: {
          ...(pod['status'] as object),
          conditions: [{ type: 'Ready', status: want ? 'True' : 'False' }],
        },
      });
      latencies.push((await done) - t0);
      waiting = undefined;
    }
    return latencies;
  } finally {
    await cluster.stop();
  }
}

async function streamToScale(): Promise<number[]> {
  const cluster = await startDevCluster({ workloads: false });
  const scaler = await startTestScaler();
  try {
    const deployments = cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
    deployments.create(deploymentManifest({ name: 'web', replicas: 0 }));
    cluster.store.resource({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' }).create({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { name: 'web' },
        pollingInterval: 3600,
        triggers: [{ type: 'external-push', metadata: { scalerAddress: scaler.address } }],
      },
    });
    await waitFor(() => scaler.openStreams() === 1 && scaler.calls.some((c) => c.method === 'IsActive'));
    await new Promise((r) => setTimeout(r, 200)); // let the first poll's decision settle
    let waiting: ((t: number) => void) | undefined;
    cluster.store.subscribe((event) => {
      if (
        event.storageKey === 'apps/deployments' &&
        (event.object['spec'] as { replicas: number }).replicas === 1
      )
        waiting?.(performance.now());
    });
    const latencies: number[] = [];
    for (let i = 0; i < PUSHES; i++) {
      deployments.scale('default', 'web', 0);
      const done = new Promise<number>((resolve) => (waiting = resolve));
      const t0 = performance.now();
      scaler.push(true);
      latencies.push((await done) - t0);
      waiting = undefined;
    }
    return latencies;
  } finally {
    await scaler.close();
    await cluster.stop();
  }
}

async function coldStarts(): Promise<number[]> {
  const cluster = await startDevCluster({ keda: false, builtinCrds: false, podIpStart: '127.0.200.1' });
  try {
    const deployments = cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
    const latencies: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      const since = cluster.timeline.lastSeq;
      deployments.create(deploymentManifest({ name: `echo-${i}` }));
      const ready = await cluster.timeline.wait(since, 60_000);
      let entries = ready;
      while (!entries.some((e) => e.kind === 'pod' && e.milestone === 'ready'))
        entries = [
          ...entries,
          ...(await cluster.timeline.wait(entries[entries.length - 1]?.seq ?? since, 60_000)),
        ];
      const created = entries.find((e) => e.kind === 'pod' && e.milestone === 'created');
      const readyAt = entries.find((e) => e.kind === 'pod' && e.milestone === 'ready');
      latencies.push((readyAt?.ms ?? 0) - (created?.ms ?? 0));
      deployments.delete('default', `echo-${i}`);
      await waitFor(() => cluster.pids().length === 0, { timeoutMs: 30_000 });
    }
    return latencies;
  } finally {
    await cluster.stop();
  }
}

const { loadavg } = await import('node:os');
console.log(
  `Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `readiness → EndpointSlice (${PODS} pods behind one Service): ${summary(await readinessToSlice())}`,
);
console.log(`StreamIsActive → /scale: ${summary(await streamToScale())}`);
console.log(`echo pod created → Ready: ${summary(await coldStarts())}`);
