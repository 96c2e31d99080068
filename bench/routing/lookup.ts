// Routing lookup benchmark (not a test): match() at 10, 1,000 and 10,000 routes with a mix of exact hosts,
// wildcards, catch-all path routes and header routes, and a request mix that hits and misses.
// Run: npx tsx bench/routing/lookup.ts   (prints Markdown tables; the results are in bench/README.md)
//
// Two views:
//  A. Traffic spread evenly over all routes of the table: what the interceptor sees when every route is busy.
//     The working set grows with the table, so CPU caches matter as much as the algorithm.
//  B. The same requests (spread over the first 1,000 routes) against tables of 1,000 and 10,000 routes: how
//     much adding routes that are not being requested costs a lookup.
//  C. B's requests one kind at a time (exact-host hits, wildcard hits, header routes, three kinds of miss):
//     each kind alone touches less memory, which separates what a lookup does from what the caches do.
import {
  buildTable,
  match,
  type Route,
  type RouteRequest,
  type RoutingTable,
} from '../../packages/routing/src/index.js';
import { testRoute } from '../../packages/routing/src/testing.js';

const REQUESTS = 4_096; // a power of two: the loop picks requests with a mask
const LOOKUPS_PER_RUN = 300_000;
const RUNS = 31;

/** mulberry32: seeded, so every run benchmarks the same tables and requests. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const PATHS = ['/', '/api', '/api/v1', '/api/v2', '/static', '/auth', '/graphql'];
const TAILS = ['', '/', '/users/42', '/items?page=2', '/a/b/c/d', '/index.html'];
const exactHost = (i: number): string => `svc${i}.team${i % 50}.example.com`;

/**
 * Route i depends only on i, so the first 1,000 routes of the 10,000-route table are the 1,000-route table.
 * In each block of 20: 14 exact hosts, 3 wildcards, 1 catch-all path route, 2 header routes on the block's
 * first host.
 */
function makeRoute(i: number): Route {
  const rand = prng(i + 1);
  const kind = i % 20;
  const name = `r${i}`;
  const creationTimestamp = `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`;
  const paths = [...new Set([pick(rand, PATHS), pick(rand, PATHS)])];
  if (kind < 14) return testRoute({ name, creationTimestamp, rules: [{ hosts: [exactHost(i)], paths }] });
  if (kind < 17)
    return testRoute({ name, creationTimestamp, rules: [{ hosts: [`*.tenant${i}.example.net`], paths }] });
  if (kind < 18)
    return testRoute({ name, creationTimestamp, rules: [{ hosts: [], paths: [`/shared/${i}`] }] });
  const headers = rand() < 0.5 ? [{ name: 'x-version', value: 'v2' }] : [{ name: 'X-Canary' }];
  return testRoute({
    name,
    creationTimestamp,
    rules: [{ hosts: [exactHost(i - kind)], paths: ['/'], headers }],
  });
}

/** Over routes [0, span): 50 % exact-host hits, 15 % wildcard hits, 10 % header hits, 25 % misses. */
function makeRequests(span: number): RouteRequest[] {
  const rand = prng(span * 7 + 3);
  const block = (): number => Math.floor(rand() * (span / 20)) * 20;
  return Array.from({ length: REQUESTS }, (_, i): RouteRequest => {
    const roll = rand();
    const tail = pick(rand, TAILS);
    if (roll < 0.5) {
      const j = Math.min(span - 1, block() + Math.floor(rand() * 14));
      return { host: `${exactHost(j)}:8080`, path: `${pick(rand, PATHS)}${tail}`, headers: {} };
    }
    if (roll < 0.65) {
      const j = Math.min(span - 1, block() + 14 + Math.floor(rand() * 3));
      return { host: `a.b.tenant${j}.example.net`, path: `${pick(rand, PATHS)}${tail}`, headers: {} };
    }
    if (roll < 0.75) {
      const headers = rand() < 0.5 ? { 'x-version': 'v2' } : { 'x-canary': '1' };
      return { host: exactHost(block()), path: `/${tail}`, headers };
    }
    if (roll < 0.85) return { host: `unknown${i}.example.org`, path: `/nothing${tail}`, headers: {} };
    if (roll < 0.95)
      return { host: `unknown${i}.example.org`, path: `/shared/${block() + 17}/x`, headers: {} };
    return { host: `x.tenant${i}.other.net`, path: '/apix', headers: { accept: '*/*' } };
  });
}

const KINDS = [
  'exact host',
  'wildcard',
  'header route',
  'miss',
  'miss to a catch-all',
  'miss, other',
] as const;
type Kind = (typeof KINDS)[number];

/** Which branch of makeRequests wrote a request, read back from its shape. */
function kindOf(r: RouteRequest): Kind {
  const host = r.host ?? '';
  if (host.startsWith('unknown')) return r.path.startsWith('/shared/') ? 'miss to a catch-all' : 'miss';
  if (host.startsWith('x.tenant')) return 'miss, other';
  if (host.startsWith('a.b.tenant')) return 'wildcard';
  return Object.keys(r.headers ?? {}).length > 0 ? 'header route' : 'exact host';
}

interface Subject {
  readonly label: string;
  readonly routes: number;
  readonly table: RoutingTable;
  readonly requests: readonly RouteRequest[];
  readonly hitRate: number;
  readonly nsPerLookup: number[];
}

const tables = new Map<number, RoutingTable>();
function tableOf(n: number): RoutingTable {
  let table = tables.get(n);
  if (table === undefined) {
    table = buildTable(Array.from({ length: n }, (_, i) => makeRoute(i)));
    tables.set(n, table);
  }
  return table;
}

function subject(label: string, routes: number, span: number, kind?: Kind): Subject {
  const table = tableOf(routes);
  const mixed = makeRequests(span);
  const ofKind = kind === undefined ? mixed : mixed.filter((r) => kindOf(r) === kind);
  const requests = Array.from({ length: REQUESTS }, (_, i) => ofKind[i % ofKind.length] as RouteRequest);
  const hits = requests.filter((r) => match(table, r) !== undefined).length;
  return { label, routes, table, requests, hitRate: hits / requests.length, nsPerLookup: [] };
}

let sink = 0;
function run(s: Subject, lookups: number): number {
  const { table, requests } = s;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < lookups; i++)
    sink += match(table, requests[i & (REQUESTS - 1)] as RouteRequest)?.ruleIndex ?? 1;
  return Number(process.hrtime.bigint() - t0) / lookups;
}

const buildStarted = process.hrtime.bigint();
tableOf(10_000);
const buildMs10k = Number(process.hrtime.bigint() - buildStarted) / 1e6;

const viewA = [subject('A', 10, 10), subject('A', 1_000, 1_000), subject('A', 10_000, 10_000)];
const viewB = [subject('B', 1_000, 1_000), subject('B', 10_000, 1_000)];
const viewC = KINDS.map((kind) => [subject(kind, 1_000, 1_000, kind), subject(kind, 10_000, 1_000, kind)]);
const all = [...viewA, ...viewB, ...viewC.flat()];

// Warm up, then interleave the subjects run by run so that noise from other processes falls on all alike.
for (const s of all) run(s, LOOKUPS_PER_RUN);
for (let r = 0; r < RUNS; r++) for (const s of all) s.nsPerLookup.push(run(s, LOOKUPS_PER_RUN));
if (sink === -1) console.log('unreachable');

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const row = (s: Subject, traffic: string): string =>
  `| ${s.routes.toLocaleString('en')} | ${traffic} | ${median(s.nsPerLookup).toFixed(0)} | ` +
  `${Math.min(...s.nsPerLookup).toFixed(0)}–${Math.max(...s.nsPerLookup).toFixed(0)} | ${(s.hitRate * 100).toFixed(0)} % |`;
const pct = (a: Subject, b: Subject): string =>
  `${((median(b.nsPerLookup) / median(a.nsPerLookup) - 1) * 100).toFixed(0)} %`;

console.log(
  `node ${process.version}; ${RUNS} interleaved runs of ${LOOKUPS_PER_RUN.toLocaleString('en')} lookups each`,
);
console.log(`building the 10,000-route table took ${buildMs10k.toFixed(0)} ms\n`);
console.log('| routes | requests spread over | median ns/lookup | min–max | requests that match |');
console.log('|---:|---|---:|---:|---:|');
for (const s of viewA) console.log(row(s, `all ${s.routes.toLocaleString('en')} routes (A)`));
for (const s of viewB) console.log(row(s, 'the first 1,000 routes (B)'));
const [, a1k, a10k] = viewA as [Subject, Subject, Subject];
const [b1k, b10k] = viewB as [Subject, Subject];
console.log(
  `\nA: 10,000 vs 1,000 routes: ${pct(a1k, a10k)} slower; at 10,000 routes ${(median(a10k.nsPerLookup) / 1000).toFixed(2)} µs per lookup`,
);
console.log(`B: 10,000 vs 1,000 routes, same requests: ${pct(b1k, b10k)} slower`);
console.log('\nC: the requests of B, one kind at a time\n');
console.log('| kind of request | share of B | 1,000 routes, ns | 10,000 routes, ns | slower |');
console.log('|---|---:|---:|---:|---:|');
const mixedB = makeRequests(1_000);
for (const [c1k, c10k] of viewC as [Subject, Subject][]) {
  const share = mixedB.filter((r) => kindOf(r) === c1k.label).length / mixedB.length;
  console.log(
    `| ${c1k.label} | ${(share * 100).toFixed(0)} % | ${median(c1k.nsPerLookup).toFixed(0)} | ` +
      `${median(c10k.nsPerLookup).toFixed(0)} | ${pct(c1k, c10k)} |`,
  );
}
