// devcluster API server benchmark (not a test): lists of 10,000 objects over HTTP, and the time an event
// takes to reach 500 concurrent HTTP watchers (held by separate client processes, see watchers.ts).
// Run from the repository root: npx tsx bench/devcluster/api-server.ts   (results: bench/README.md)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevCluster } from '../../packages/devcluster/src/index.js';

const OBJECTS = 10_000;
const WATCHERS = 500;
/** Real watchers are separate clients; by default two processes (one per core here) hold them. */
const WATCHER_PROCESSES = Number(process.env['WATCHER_PROCESSES'] ?? 2);
const LIST_RUNS = 100;
const EVENTS = 200;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const summary = (values: number[]): string => {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms, p99 ${percentile(s, 99).toFixed(1)} ms, max ${(s[s.length - 1] as number).toFixed(1)} ms`;
};
const now = (): number => performance.timeOrigin + performance.now();

async function timedList(url: string, accept?: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, accept === undefined ? {} : { headers: { accept } });
  const text = await res.text();
  return { ms: performance.now() - t0, bytes: text.length };
}

/** One watcher process (watchers.ts), driven over IPC. */
function startWatchers() {
  const child = fork(fileURLToPath(new URL('./watchers.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  });
  const waiting: ((m: unknown) => void)[] = [];
  child.on('message', (m) => waiting.shift()?.(m));
  const next = (): Promise<unknown> => new Promise((r) => waiting.push(r));
  return {
    async start(options: {
      url: string;
      path: string;
      watchers: number;
      resourceVersion: string;
    }): Promise<void> {
      const ready = next();
      child.send(options);
      await ready;
    },
    async nextEvent(): Promise<number[]> {
      return ((await next()) as { latencies: number[] }).latencies;
    },
    async stop(): Promise<void> {
      const done = next();
      child.send({ stop: true });
      await done;
      child.kill();
    },
  };
}

async function main(): Promise<void> {
  const cluster = await startDevCluster({ historySize: 20_000 });
  cluster.store.resource({ apiVersion: 'v1', kind: 'Namespace' }).create({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'bench' },
  });
  const cms = cluster.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
  const t0 = performance.now();
  for (let i = 0; i < OBJECTS; i++) {
    cms.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `cm-${String(i).padStart(5, '0')}`,
        namespace: 'bench',
        labels: { shard: String(i % 10), app: 'bench' },
      },
      data: { index: String(i), payload: 'x'.repeat(200) },
    });
  }
  const createMs = performance.now() - t0;
  console.log(`created ${OBJECTS} ConfigMaps in-process in ${createMs.toFixed(0)} ms`);

  const listUrl = `${cluster.url}/api/v1/namespaces/bench/configmaps`;
  await timedList(listUrl);
  const lists: number[] = [];
  let bytes = 0;
  for (let i = 0; i < LIST_RUNS; i++) {
    const r = await timedList(listUrl);
    lists.push(r.ms);
    bytes = r.bytes;
  }
  console.log(
    `list of ${OBJECTS} objects (${(bytes / 1e6).toFixed(1)} MB of JSON), ${LIST_RUNS} runs: ${summary(lists)}`,
  );
  const selected: number[] = [];
  for (let i = 0; i < LIST_RUNS; i++)
    selected.push((await timedList(`${listUrl}?labelSelector=shard%3D3`)).ms);
  console.log(`list with a label selector (1,000 of 10,000 match), ${LIST_RUNS} runs: ${summary(selected)}`);
  const tables: number[] = [];
  for (let i = 0; i < 20; i++)
    tables.push((await timedList(listUrl, 'application/json;as=Table;v=v1;g=meta.k8s.io')).ms);
  console.log(`list of ${OBJECTS} as a Table (what kubectl get asks for), 20 runs: ${summary(tables)}`);

  cms.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'probe-0', namespace: 'bench' },
    data: { seq: '0', sentAt: '0' },
  });
  const children = Array.from({ length: WATCHER_PROCESSES }, () => startWatchers());
  const watch = {
    url: cluster.url,
    path: '/api/v1/namespaces/bench/configmaps',
    watchers: WATCHERS / WATCHER_PROCESSES,
    resourceVersion: cluster.store.resourceVersion,
  };
  await Promise.all(children.map((c) => c.start(watch)));
  console.log(`${WATCHERS} watchers connected, held by ${WATCHER_PROCESSES} client processes`);

  const perDelivery: number[] = [];
  const perEvent: number[] = [];
  for (let seq = 1; seq <= EVENTS; seq++) {
    const arrived = Promise.all(children.map((c) => c.nextEvent()));
    cms.mutate('bench', 'probe-0', (d) => (d['data'] = { seq: String(seq), sentAt: String(now()) }));
    const latencies = (await arrived).flat();
    perDelivery.push(...latencies);
    perEvent.push(Math.max(...latencies));
  }
  console.log(`an event to ${WATCHERS} watchers, ${EVENTS} events: each delivery ${summary(perDelivery)}`);
  console.log(`an event to ${WATCHERS} watchers, ${EVENTS} events: the last watcher ${summary(perEvent)}`);
  await Promise.all(children.map((c) => c.stop()));
  await cluster.stop();
}

await main();
