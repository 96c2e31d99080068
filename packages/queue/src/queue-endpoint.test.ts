import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Agent, buildConnector } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCounter } from './counter.js';
import { isQueueError, type QueueErrorCode } from './errors.js';
import {
  addQueueRoute,
  fetchQueue,
  fetchQueueText,
  fetchScalerQueue,
  queueCountsSchema,
  queueUrl,
  type QueueEpoch,
} from './queue-endpoint.js';
import { createFakeCountReader } from './testing.js';

/** A plain node:http server on port 0 that answers with `handler`; closed when the test ends. */
async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  onTestFinished(() => server.closeAllConnections());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/queue`;
}

async function queueApp(reader: Parameters<typeof addQueueRoute>[1]): Promise<string> {
  const app = Fastify();
  onTestFinished(() => app.close());
  addQueueRoute(app, reader);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return `${address}/queue`;
}

async function expectQueueError(promise: Promise<unknown>, code: QueueErrorCode): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isQueueError(err, code), `expected ${code}, got ${String(err)}`).toBe(true);
  return (err as Error).message;
}

describe('GET /queue served from a counter', () => {
  it('answers with every key, zeros included, as application/json', async () => {
    const counter = createCounter();
    counter.ensureKey('ns/idle');
    counter.increase('ns/busy');
    const app = Fastify();
    onTestFinished(() => app.close());
    addQueueRoute(app, counter);
    const res = await app.inject({ method: 'GET', url: '/queue' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json\b/);
    expect(res.json()).toEqual({
      'ns/idle': { Concurrency: 0, RequestCount: 0 },
      'ns/busy': { Concurrency: 1, RequestCount: 1 },
    });
  });

  it('answers with {} when there are no keys', async () => {
    const app = Fastify();
    onTestFinished(() => app.close());
    addQueueRoute(app, createCounter());
    expect((await app.inject({ method: 'GET', url: '/queue' })).json()).toEqual({});
  });

  it('reflects the counter at the time of each request', async () => {
    const counter = createCounter();
    const url = await queueApp(counter);
    counter.increase('ns/a');
    expect(await fetchQueue(url)).toEqual({ 'ns/a': { Concurrency: 1, RequestCount: 1 } });
    counter.decrease('ns/a');
    expect(await fetchQueue(url)).toEqual({ 'ns/a': { Concurrency: 0, RequestCount: 1 } });
  });
});

/** An epoch moved by hand; `waiting()` counts the long-polls parked on it. */
function manualEpoch(): QueueEpoch & { bump(): void; waiting(): number } {
  let n = 0;
  const waiters = new Set<() => void>();
  return {
    current: () => n,
    bump() {
      n++;
      for (const wake of [...waiters]) wake();
    },
    waiting: () => waiters.size,
    changed(seen, timeoutMs, signal) {
      if (n !== seen) return Promise.resolve(n);
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(n);
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    },
  };
}

async function epochApp(
  epoch: QueueEpoch,
): Promise<{ port: number; counter: ReturnType<typeof createCounter> }> {
  const counter = createCounter();
  const app = Fastify();
  onTestFinished(() => app.close());
  addQueueRoute(app, counter, { epoch });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: (app.server.address() as AddressInfo).port, counter };
}

describe('GET /queue with an activation epoch', () => {
  it('carries the epoch on every answer', async () => {
    const epoch = manualEpoch();
    const { port, counter } = await epochApp(epoch);
    counter.increase('ns/a');
    epoch.bump();
    const answer = await fetchQueueText(queueUrl('127.0.0.1', port));
    expect(answer.epoch).toBe('1');
    expect(JSON.parse(answer.text)).toEqual({ 'ns/a': { Concurrency: 1, RequestCount: 1 } });
    expect(answer.where).toBe(`GET http://127.0.0.1:${port}/queue`);
  });

  it('answers a watch at once when the epoch already differs', async () => {
    const epoch = manualEpoch();
    const { port } = await epochApp(epoch);
    epoch.bump();
    const answer = await fetchQueueText(queueUrl('127.0.0.1', port, { epoch: '0', timeoutSeconds: 300 }));
    expect(answer.epoch).toBe('1');
    expect(epoch.waiting()).toBe(0);
  });

  it('holds a watch until the epoch moves, then answers with the counts of that moment', async () => {
    const epoch = manualEpoch();
    const { port, counter } = await epochApp(epoch);
    const pending = fetchQueueText(queueUrl('127.0.0.1', port, { epoch: '0', timeoutSeconds: 300 }));
    while (epoch.waiting() === 0) await new Promise((resolve) => setImmediate(resolve));
    counter.increase('ns/woken');
    epoch.bump();
    const answer = await pending;
    expect(answer.epoch).toBe('1');
    expect(JSON.parse(answer.text)).toEqual({ 'ns/woken': { Concurrency: 1, RequestCount: 1 } });
  });

  it('answers a watch with the unchanged epoch after timeoutSeconds', async () => {
    const epoch = manualEpoch();
    const { port } = await epochApp(epoch);
    const answer = await fetchQueueText(queueUrl('127.0.0.1', port, { epoch: '0', timeoutSeconds: 0 }));
    expect(answer.epoch).toBe('0');
  });

  it.each([
    ['watch=abc', 'watch: expected a whole number (an epoch from X-KEDA-HTTP-Queue-Epoch)'],
    ['watch=-1', 'watch: expected a whole number (an epoch from X-KEDA-HTTP-Queue-Epoch)'],
    ['watch=0&timeoutSeconds=301', 'timeoutSeconds: expected a number from 0 to 300'],
    ['watch=0&timeoutSeconds=soon', 'timeoutSeconds: expected a number from 0 to 300'],
  ])('refuses ?%s with a 400 naming the parameter', async (query, error) => {
    const epoch = manualEpoch();
    const { port } = await epochApp(epoch);
    const message = await expectQueueError(
      fetchQueueText(`${queueUrl('127.0.0.1', port)}?${query}`),
      'QUEUE_STATUS',
    );
    expect(message).toContain('got 400');
    const res = await fetch(`${queueUrl('127.0.0.1', port)}?${query}`);
    expect(await res.json()).toEqual({ error });
  });
});

describe('queueUrl', () => {
  it('brackets an IPv6 address and adds the watch query', () => {
    expect(queueUrl('10.0.0.7', 9090)).toBe('http://10.0.0.7:9090/queue');
    expect(queueUrl('fd00::7', 9090, { epoch: '12', timeoutSeconds: 10 })).toBe(
      'http://[fd00::7]:9090/queue?watch=12&timeoutSeconds=10',
    );
  });
});

describe('fetchQueue', () => {
  it('round-trips a fake reader over a real socket', async () => {
    const reader = createFakeCountReader({ 'default/app': { Concurrency: 3, RequestCount: 17 } });
    const url = await queueApp(reader);
    expect(await fetchQueue(url, { timeoutMs: 10_000 })).toEqual({
      'default/app': { Concurrency: 3, RequestCount: 17 },
    });
  });

  it('uses the given dispatcher to connect', async () => {
    const url = await queueApp(createCounter());
    const connectTo = buildConnector({});
    let connections = 0;
    const agent = new Agent({
      connect: (opts, callback) => {
        connections += 1;
        return connectTo(opts, callback);
      },
    });
    onTestFinished(() => agent.close());
    expect(await fetchQueue(url, { dispatcher: agent })).toEqual({});
    expect(connections).toBe(1);
  });

  it('accepts a body without a Content-Type and ignores extra fields', async () => {
    const url = await rawServer((_req, res) =>
      res.end('{"ns/a":{"Concurrency":1,"RequestCount":2,"RPS":0.5}}'),
    );
    expect(await fetchQueue(url)).toEqual({ 'ns/a': { Concurrency: 1, RequestCount: 2 } });
  });

  it('fails with QUEUE_TIMEOUT when no answer comes within timeoutMs', async () => {
    const url = await rawServer(() => {
      /* never answers */
    });
    const message = await expectQueueError(fetchQueue(url, { timeoutMs: 100 }), 'QUEUE_TIMEOUT');
    expect(message).toBe(`GET ${url}: no complete answer within 100 ms`);
  });

  it('fails with QUEUE_TIMEOUT when the body never finishes', async () => {
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ns/a":');
    });
    await expectQueueError(fetchQueue(url, { timeoutMs: 100 }), 'QUEUE_TIMEOUT');
  });

  it('fails with QUEUE_ABORTED when the caller aborts, and keeps the reason as the cause', async () => {
    let answered!: () => void;
    const requested = new Promise<void>((resolve) => (answered = resolve));
    const url = await rawServer(() => answered());
    const controller = new AbortController();
    const pending = fetchQueue(url, { signal: controller.signal, timeoutMs: 60_000 });
    await requested;
    controller.abort(new Error('shutting down'));
    const err = await pending.catch((e: unknown) => e);
    expect(isQueueError(err, 'QUEUE_ABORTED')).toBe(true);
    expect((err as Error).cause).toEqual(new Error('shutting down'));
  });

  it('fails with QUEUE_ABORTED at once when the signal is already aborted', async () => {
    const url = await queueApp(createCounter());
    await expectQueueError(fetchQueue(url, { signal: AbortSignal.abort() }), 'QUEUE_ABORTED');
  });

  it('fails with QUEUE_CONNECTION naming ECONNREFUSED when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const message = await expectQueueError(fetchQueue(`http://127.0.0.1:${port}/queue`), 'QUEUE_CONNECTION');
    expect(message).toContain('ECONNREFUSED');
  });

  it('fails with QUEUE_CONNECTION when the server resets the connection', async () => {
    const url = await rawServer((req) => req.socket.destroy());
    await expectQueueError(fetchQueue(url), 'QUEUE_CONNECTION');
  });

  it('fails with QUEUE_STATUS naming the status', async () => {
    const url = await rawServer((_req, res) => {
      res.statusCode = 503;
      res.end('draining');
    });
    const message = await expectQueueError(fetchQueue(url), 'QUEUE_STATUS');
    expect(message).toBe(`GET ${url}: expected status 200, got 503`);
  });

  it.each([
    ['not JSON', 'oops', 'body is not JSON: "oops"'],
    ['an array', '[1]', 'bad body: body: expected an object keyed by namespace/name, got [1]'],
    [
      'a negative count',
      '{"default/app":{"Concurrency":-1,"RequestCount":4}}',
      'bad body: body["default/app"].Concurrency: expected a non-negative integer, got -1',
    ],
    [
      'a fractional count',
      '{"default/app":{"Concurrency":1,"RequestCount":1.5}}',
      'bad body: body["default/app"].RequestCount: expected a non-negative integer, got 1.5',
    ],
    [
      'a missing field',
      '{"default/app":{"Concurrency":1}}',
      'bad body: body["default/app"].RequestCount: expected a non-negative integer, got nothing',
    ],
    [
      'a key without a namespace',
      '{"app":{"Concurrency":1,"RequestCount":1}}',
      'bad body: body: key "app": expected a key like namespace/name',
    ],
  ])('fails with QUEUE_BODY for %s, naming the field', async (_name, body, expected) => {
    const url = await rawServer((_req, res) => res.end(body));
    const message = await expectQueueError(fetchQueue(url), 'QUEUE_BODY');
    expect(message).toBe(`GET ${url}: ${expected}`);
  });
});

describe('fetchScalerQueue', () => {
  it('reads the scaler shape with a fractional RPS', async () => {
    const url = await rawServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ns/a":{"Concurrency":2,"RPS":1.333}}');
    });
    expect(await fetchScalerQueue(url)).toEqual({ 'ns/a': { Concurrency: 2, RPS: 1.333 } });
  });

  it('rejects a negative RPS, naming the field', async () => {
    const url = await rawServer((_req, res) => res.end('{"ns/a":{"Concurrency":2,"RPS":-1}}'));
    const message = await expectQueueError(fetchScalerQueue(url), 'QUEUE_BODY');
    expect(message).toContain('body["ns/a"].RPS: expected a non-negative number, got -1');
  });
});

describe('queueCountsSchema', () => {
  it('accepts exactly what a counter snapshot serialises to', () => {
    const counter = createCounter();
    counter.increase('a/b');
    counter.ensureKey('c/d');
    expect(queueCountsSchema.parse(JSON.parse(JSON.stringify(counter.snapshot())))).toEqual(
      counter.snapshot(),
    );
  });
});
