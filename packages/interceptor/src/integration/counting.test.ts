// Counting on devcluster: /queue during slow requests and after, a client that leaves while its request is
// held, the activation long-poll (/queue?watch=), and a routing table update while requests are in flight.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { buildTable, toWire, type Route } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import {
  startBackendService,
  startStandInOperator,
  waitFor,
  type BackendService,
  type StandInOperator,
} from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInterceptor, type TestInterceptor } from './harness.js';

const ns = 'default';
let dc: DevCluster;
let op: StandInOperator;
let icp: TestInterceptor;
const backends = new Map<string, BackendService>();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const route = (name: string): Route =>
  testRoute({
    namespace: ns,
    name,
    target: { service: name, port: 80 },
    rules: [{ hosts: [`${name}.test`] }],
  });
const baseRoutes = ['slow', 'held', 'idle', 'moving'].map(route);

type Queue = Record<string, { Concurrency: number; RequestCount: number }>;
const queue = async (): Promise<Queue> => (await icp.admin('/queue')).json<Queue>();
const concurrencyOf = async (name: string): Promise<number | undefined> =>
  (await queue())[`${ns}/${name}`]?.Concurrency;

beforeAll(async () => {
  dc = await startDevCluster();
  cleanups.push(() => dc.stop());
  for (const [name, ready] of [
    ['slow', true],
    ['held', false],
    ['idle', true],
    ['moving', true],
    ['added', true],
  ] as const) {
    const backend = await startBackendService(dc.store, { namespace: ns, service: name, ready });
    cleanups.push(() => backend.close());
    backends.set(name, backend);
  }
  op = await startStandInOperator({ table: toWire(buildTable(baseRoutes)) });
  cleanups.push(() => op.close());
  icp = await startTestInterceptor({ kubeconfigPath: dc.kubeconfigPath, operatorUrl: op.url });
  cleanups.push(() => icp.stop());
});

const backend = (name: string): BackendService => {
  const b = backends.get(name);
  if (b === undefined) throw new Error(`no backend ${name}`);
  return b;
};

describe('counting', () => {
  it('lists every route of the table with zeros before any request', async () => {
    const q = await queue();
    for (const name of ['slow', 'held', 'idle', 'moving']) {
      expect(q[`${ns}/${name}`]).toEqual({ Concurrency: 0, RequestCount: 0 });
    }
  });

  it('shows requests in flight on /queue during slow requests and goes back to 0 after', async () => {
    const upstream = backend('slow').upstreams[0];
    const pending = [1, 2, 3].map(() => icp.proxy('/work?delay=hold', { host: 'slow.test' }));
    await waitFor('3 requests held by the backend', () => upstream?.inFlight() === 3);
    expect(await concurrencyOf('slow')).toBe(3);
    upstream?.releaseHeld();
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await waitFor('concurrency back at 0', async () => (await concurrencyOf('slow')) === 0);
    expect((await queue())[`${ns}/slow`]).toEqual({ Concurrency: 0, RequestCount: 3 });
  });

  it('counts down a request whose client leaves while it is held for a cold start', async () => {
    const gone = new AbortController();
    const pending = icp.proxy('/', { host: 'held.test', signal: gone.signal }).catch((err: unknown) => err);
    await waitFor('the request to be held', async () => (await concurrencyOf('held')) === 1);
    gone.abort();
    await pending;
    await waitFor('concurrency back at 0', async () => (await concurrencyOf('held')) === 0);
    // The backend turning ready later must not receive the abandoned request.
    backend('held').setEndpoint(0, { ready: true });
    const res = await icp.proxy('/after', { host: 'held.test' });
    expect(res.status).toBe(200);
    expect(backend('held').upstreams[0]?.received.map((r) => r.url)).toEqual(['/after']);
  });
});

describe('activation long-poll', () => {
  it('always sends the epoch header', async () => {
    const res = await icp.admin('/queue');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(res.headers['x-keda-http-queue-epoch'])).toBeGreaterThanOrEqual(0);
  });

  it('answers a watch as soon as an idle route gets its first request', async () => {
    const first = await icp.admin('/queue');
    const epoch = Number(first.headers['x-keda-http-queue-epoch']);
    const watching = icp.admin(`/queue?watch=${epoch}&timeoutSeconds=60`);
    const upstream = backend('idle').upstreams[0];
    const request = icp.proxy('/?delay=hold', { host: 'idle.test' });
    const answer = await watching;
    expect(Number(answer.headers['x-keda-http-queue-epoch'])).toBeGreaterThan(epoch);
    expect(answer.json<Queue>()[`${ns}/idle`]?.Concurrency).toBe(1);
    await waitFor('the request at the backend', () => upstream?.inFlight() === 1);
    upstream?.releaseHeld();
    expect((await request).status).toBe(200);
  });

  it('answers a watch on an old epoch at once, and a quiet watch after its timeout with the counts', async () => {
    const now = Number((await icp.admin('/queue')).headers['x-keda-http-queue-epoch']);
    const stale = await icp.admin(`/queue?watch=${now - 1}`);
    expect(Number(stale.headers['x-keda-http-queue-epoch'])).toBe(now);
    const quiet = await icp.admin(`/queue?watch=${now}&timeoutSeconds=0.2`);
    expect(quiet.status).toBe(200);
    expect(quiet.json<Queue>()[`${ns}/slow`]).toBeDefined();
  });

  it('rejects a watch that is not an epoch', async () => {
    expect((await icp.admin('/queue?watch=abc')).status).toBe(400);
    expect((await icp.admin('/queue?watch=1&timeoutSeconds=301')).status).toBe(400);
  });
});

describe('routing table updates', () => {
  it('applies a new table without dropping requests in flight, and syncs the queue keys', async () => {
    const moving = backend('moving').upstreams[0];
    const inFlight = [1, 2].map(() => icp.proxy('/?delay=hold', { host: 'moving.test' }));
    await waitFor('2 requests at the backend', () => moving?.inFlight() === 2);
    const next = buildTable([...baseRoutes.filter((r) => r.name !== 'moving'), route('added')]);
    op.setTable(toWire(next));
    await waitFor('the new table in use', async () => {
      const res = await icp.admin('/routing_table');
      return res.json<{ version: string }>().version === next.version;
    });
    expect((await icp.proxy('/', { host: 'added.test' })).status).toBe(200);
    expect((await icp.proxy('/', { host: 'moving.test' })).status).toBe(404);
    moving?.releaseHeld();
    expect((await Promise.all(inFlight)).map((a) => a.status)).toEqual([200, 200]);
    const q = await queue();
    expect(q[`${ns}/moving`]).toBeUndefined();
    expect(q[`${ns}/added`]).toEqual({ Concurrency: 0, RequestCount: 1 });
  });
});
