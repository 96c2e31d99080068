// Waiting for the backend and forwarding, on devcluster: a request held until its EndpointSlice turns ready,
// every timeout's status code, broken backends (refused, reset, garbage), and how requests are spread over
// endpoints (least outstanding; never to a not-ready or terminating one).
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { buildTable, toWire, type Route } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import {
  applyObject,
  endpointSliceObject,
  serviceObject,
  startBackendService,
  startStandInOperator,
  waitFor,
  type BackendService,
} from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInterceptor, type TestInterceptor } from './harness.js';

const ns = 'default';
let dc: DevCluster;
let icp: TestInterceptor;
const backends = new Map<string, BackendService>();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const route = (name: string, timeouts: Route['timeouts'] = {}): Route =>
  testRoute({
    namespace: ns,
    name,
    target: { service: name, port: 80 },
    rules: [{ hosts: [`${name}.test`] }],
    timeouts,
  });

/** A TCP server that answers every connection with `reply` (or just closes it), and its port. */
async function brokenBackend(reply: string | undefined): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (reply === undefined) socket.resetAndDestroy();
      else socket.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * An HTTP backend that answers the first request of each connection and drops the connection on the second,
 * as a backend does when it closes an idle keep-alive connection just as the proxy reuses it.
 */
async function staleBackend(): Promise<{ port: number; close(): Promise<void> }> {
  const served = new WeakMap<object, number>();
  const server = createHttpServer((req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n > 1) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A Service whose one ready endpoint is 127.0.0.1:port. */
function pointServiceAt(name: string, port: number): void {
  applyObject(dc.store, serviceObject(ns, name, [{ name: 'http', port: 80 }]));
  applyObject(
    dc.store,
    endpointSliceObject({
      namespace: ns,
      service: name,
      endpoints: [{ address: '127.0.0.1' }],
      ports: [{ name: 'http', port }],
    }),
  );
}

beforeAll(async () => {
  dc = await startDevCluster();
  cleanups.push(() => dc.stop());
  for (const [name, ready, replicas] of [
    ['cold', false, 1],
    ['never', false, 1],
    ['deadline', true, 1],
    ['headers', true, 1],
    ['pair', true, 2],
  ] as const) {
    const backend = await startBackendService(dc.store, { namespace: ns, service: name, ready, replicas });
    cleanups.push(() => backend.close());
    backends.set(name, backend);
  }
  // A port nothing listens on: take one, then free it.
  const freed = await brokenBackend('');
  await freed.close();
  pointServiceAt('refused', freed.port);
  const reset = await brokenBackend(undefined);
  cleanups.push(() => reset.close());
  pointServiceAt('reset', reset.port);
  const garbage = await brokenBackend('this is not HTTP\r\n\r\n');
  cleanups.push(() => garbage.close());
  pointServiceAt('garbage', garbage.port);
  const stale = await staleBackend();
  cleanups.push(() => stale.close());
  pointServiceAt('stale', stale.port);

  const table = buildTable([
    route('cold'),
    route('never', { readinessMs: 300 }),
    route('deadline', { requestMs: 300 }),
    route('headers', { responseHeaderMs: 300 }),
    route('pair'),
    route('refused'),
    route('reset'),
    route('garbage'),
    route('stale'),
  ]);
  const op = await startStandInOperator({ table: toWire(table) });
  cleanups.push(() => op.close());
  icp = await startTestInterceptor({
    kubeconfigPath: dc.kubeconfigPath,
    operatorUrl: op.url,
    retryLimitMs: 300,
  });
  cleanups.push(() => icp.stop());
});

const backend = (name: string): BackendService => {
  const b = backends.get(name);
  if (b === undefined) throw new Error(`no backend ${name}`);
  return b;
};
const concurrencyOf = async (name: string): Promise<number | undefined> =>
  (await icp.admin('/queue')).json<Record<string, { Concurrency: number }>>()[`${ns}/${name}`]?.Concurrency;

describe('cold start', () => {
  it('holds a request until the EndpointSlice turns ready, then forwards it with the cold-start header true', async () => {
    const pending = icp.proxy('/wake?x=1', { host: 'cold.test' });
    await waitFor('the request to be held', async () => (await concurrencyOf('cold')) === 1);
    expect(backend('cold').upstreams[0]?.received).toEqual([]);
    backend('cold').setEndpoint(0, { ready: true });
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.headers['x-keda-http-cold-start']).toBe('true');
    expect(res.json<{ url: string }>().url).toBe('/wake?x=1');
    const warm = await icp.proxy('/again', { host: 'cold.test' });
    expect(warm.headers['x-keda-http-cold-start']).toBe('false');
  });
});

describe('timeouts and broken backends', () => {
  const cases: { name: string; host: string; path?: string; want: number }[] = [
    { name: 'no ready endpoint within the readiness timeout gives 504', host: 'never.test', want: 504 },
    {
      name: 'a request that outlives its deadline gives 504',
      host: 'deadline.test',
      path: '/?delay=hold',
      want: 504,
    },
    {
      name: 'a backend that sends no headers within the response-header timeout gives 504',
      host: 'headers.test',
      path: '/?delay=hold',
      want: 504,
    },
    {
      name: 'a backend that refuses connections gives 502 after the connect retries',
      host: 'refused.test',
      want: 502,
    },
    { name: 'a backend that resets the connection gives 502', host: 'reset.test', want: 502 },
    { name: 'a backend that answers garbage gives 502', host: 'garbage.test', want: 502 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const res = await icp.proxy(c.path ?? '/', { host: c.host });
      expect(res.status).toBe(c.want);
      expect(res.headers['x-keda-http-cold-start']).toBeUndefined();
      const name = c.host.split('.')[0] ?? '';
      await waitFor('concurrency back at 0', async () => (await concurrencyOf(name)) === 0);
    });
  }
});

describe('a kept-alive connection the backend closed', () => {
  it('is retried on a new connection for a request that can be replayed, and not for a POST', async () => {
    expect((await icp.proxy('/', { host: 'stale.test' })).status).toBe(200); // opens the connection
    expect((await icp.proxy('/', { host: 'stale.test' })).status).toBe(200); // reused, dropped, retried
    expect((await icp.proxy('/', { host: 'stale.test', method: 'POST' })).status).toBe(502);
  });
});

describe('spreading requests over endpoints', () => {
  it('sends each request to the endpoint with the fewest in flight', async () => {
    const [a, b] = backend('pair').upstreams;
    const pending = [1, 2, 3, 4].map(() => icp.proxy('/?delay=hold', { host: 'pair.test' }));
    await waitFor('4 requests at the backends', () => (a?.inFlight() ?? 0) + (b?.inFlight() ?? 0) === 4);
    expect([a?.inFlight(), b?.inFlight()]).toEqual([2, 2]);
    a?.releaseHeld();
    b?.releaseHeld();
    expect((await Promise.all(pending)).every((r) => r.status === 200)).toBe(true);
  });

  it('stops sending new requests to an endpoint as soon as it is terminating or not ready', async () => {
    const pair = backend('pair');
    const [a, b] = pair.upstreams;
    for (const conditions of [{ ready: false, terminating: true }, { ready: false }]) {
      pair.setEndpoint(1, conditions);
      // The watch event reaches the interceptor asynchronously: wait until the endpoint is out of rotation.
      await waitFor('the endpoint out of rotation', async () => {
        const before = b?.received.length ?? 0;
        await Promise.all([1, 2, 3, 4].map(() => icp.proxy('/probe', { host: 'pair.test' })));
        return (b?.received.length ?? 0) === before;
      });
      const before = { a: a?.received.length ?? 0, b: b?.received.length ?? 0 };
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => icp.proxy('/only-a', { host: 'pair.test' })),
      );
      expect(answers.every((r) => r.json<{ name: string }>().name === 'pair-0')).toBe(true);
      expect(b?.received.length).toBe(before.b);
      expect(a?.received.length).toBe(before.a + 10);
      pair.setEndpoint(1, { ready: true });
      await waitFor('the endpoint back in rotation', async () => {
        const res = await Promise.all([1, 2, 3, 4].map(() => icp.proxy('/probe', { host: 'pair.test' })));
        return res.some((r) => r.json<{ name: string }>().name === 'pair-1');
      });
    }
  });
});
