// devcluster API server benchmark (not a test): lists of 10,000 objects over HTTP, and the time an event
// takes to reach 500 concurrent HTTP watchers (held by a separate process, see watchers.ts).
// Run from the repository root: npx tsx bench/devcluster/api-server.ts   (results: bench/README.md)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevCluster } from '../../packages/devcluster/src/index.js';

const OBJECTS = 10_000;
const WATCHERS = 500;
const LIST_RUNS = 100;
const EVENTS = 200;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const summary = (values: number[]): string => {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms, p99 ${percentile(s, 99).toFixed(1)} ms, max ${(s[s.length - 1] as number).toFixed(1)} ms`;
};
const now = (): number => performance.timeOrigin + performance.now();

async function timedList(url: string): Promise<{ ms: number; items: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  const ms = performance.now() - t0;
  const items = (JSON.parse(text) as { items: unknown[] }).items.length;
  return { ms, items, bytes: text.length };
}

async function main(): Promise<void> {
  const cluster = await startDevCluster({ historySize: 20_000 });
  const namespaces = cluster.store.resource({ apiVersion: 'v1', kind: 'Namespace' });
  namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
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
  console.log(
    `created ${OBJECTS} ConfigMaps in-process in ${createMs.toFixed(0)} ms (${((OBJECTS / createMs) * 1000).toFixed(0)}/s)`,
  );

  const listUrl = `${cluster.url}/api/v1/namespaces/bench/configmaps`;
  await timedList(listUrl);
  const lists: number[] = [];
  let last = { items: 0, bytes: 0 };
  for (let i = 0; i < LIST_RUNS; i++) {
    const r = await timedList(listUrl);
    lists.push(r.ms);
    last = r;
  }
  console.log(
    `list of ${last.items} objects (${(last.bytes / 1e6).toFixed(1)} MB JSON) over HTTP, ${LIST_RUNS} runs: ${summary(lists)}`,
  );
  const selected: number[] = [];
  for (let i = 0; i < LIST_RUNS; i++)
    selected.push((await timedList(`${listUrl}?labelSelector=shard%3D3`)).ms);
  console.log(`list with labelSelector (1,000 of 10,000 match), ${LIST_RUNS} runs: ${summary(selected)}`);
  const tableRuns: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await (
      await fetch(listUrl, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } })
    ).text();
    tableRuns.push(performance.now() - t);
  }
  console.log(`list as a Table (kubectl get), 10 runs: ${summary(tableRuns)}`);

  cms.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'probe-0', namespace: 'bench' },
    data: { seq: '0', sentAt: '0' },
  });
  const child = fork(fileURLToPath(new URL('./watchers.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  });
  const messages: ((m: unknown) => void)[] = [];
  child.on('message', (m) => messages.shift()?.(m));
  const nextMessage = (): Promise<unknown> => new Promise((r) => messages.push(r));
  const ready = nextMessage();
  child.send({
    url: cluster.url,
    path: '/api/v1/namespaces/bench/configmaps',
    watchers: WATCHERS,
    resourceVersion: cluster.store.resourceVersion,
  });
  await ready;
  console.log(`${WATCHERS} watchers connected`);

  const perDelivery: number[] = [];
  const perEvent: number[] = [];
  for (let seq = 1; seq <= EVENTS; seq++) {
    const arrived = nextMessage() as Promise<{ latencies: number[] }>;
    cms.mutate('bench', 'probe-0', (d) => (d['data'] = { seq: String(seq), sentAt: String(now()) }));
    const { latencies } = await arrived;
    perDelivery.push(...latencies);
    perEvent.push(Math.max(...latencies));
  }
  console.log(`event to ${WATCHERS} watchers, ${EVENTS} events: every delivery ${summary(perDelivery)}`);
  console.log(`event to ${WATCHERS} watchers, ${EVENTS} events: last watcher reached ${summary(perEvent)}`);

  const done = nextMessage();
  child.send({ stop: true });
  await done;
  child.kill();
  await cluster.stop();
}

await main();
