import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isQueueError } from '@keda-http/queue';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueueClient, type QueueClient } from './queue-client.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A /queue server on 127.0.0.1 answering with `handler`; returns the client pointed at it and the URLs seen. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const urls: string[] = [];
  const server = createServer((req, res) => {
    urls.push(req.url ?? '');
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const client: QueueClient = createQueueClient({ port: (server.address() as AddressInfo).port });
  cleanups.push(() => client.close());
  return { client, urls };
}

const json =
  (body: string, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isQueueError(err)) throw new Error(`expected a QueueError, got ${String(err)}`);
  return { code: err.code, message: err.message };
};

describe('queue client', () => {
  it('reads the counts and the epoch header', async () => {
    const { client, urls } = await serve(
      json('{"ns/a":{"Concurrency":2,"RequestCount":9}}', { 'X-KEDA-HTTP-Queue-Epoch': '41' }),
    );
    expect(await client.fetch('127.0.0.1', { timeoutMs: 5_000 })).toEqual({
      counts: { keys: ['ns/a'], concurrency: [2], requestCount: [9] },
      epoch: '41',
    });
    expect(urls).toEqual(['/queue']);
  });

  it('reports no epoch for an interceptor that sends none', async () => {
    const { client } = await serve(json('{}'));
    expect((await client.fetch('127.0.0.1', { timeoutMs: 5_000 })).epoch).toBeUndefined();
  });

  it('asks for the long-poll with watch and timeoutSeconds', async () => {
    const { client, urls } = await serve(json('{}', { 'x-keda-http-queue-epoch': '8' }));
    await client.fetch('127.0.0.1', { timeoutMs: 5_000, watch: { epoch: '7', timeoutSeconds: 10 } });
    expect(urls).toEqual(['/queue?watch=7&timeoutSeconds=10']);
  });

  it.each([
    [
      'a status other than 200 is QUEUE_STATUS',
      (_q: IncomingMessage, r: ServerResponse) => void r.writeHead(503).end('busy'),
      'QUEUE_STATUS',
      'expected status 200, got 503',
    ],
    ['a body that is not JSON is QUEUE_BODY', json('<html>'), 'QUEUE_BODY', 'body is not JSON: "<html>"'],
    [
      'a bad field is QUEUE_BODY naming it and its value',
      json('{"ns/a":{"Concurrency":-1,"RequestCount":0}}'),
      'QUEUE_BODY',
      'bad body: body["ns/a"].Concurrency: expected a non-negative integer, got -1',
    ],
  ])('%s', async (_name, handler, code, message) => {
    const { client } = await serve(handler);
    const err = await failure(client.fetch('127.0.0.1', { timeoutMs: 5_000 }));
    expect(err.code).toBe(code);
    expect(err.message).toContain(message);
    expect(err.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/queue: /);
  });

  it('gives up after timeoutMs with QUEUE_TIMEOUT when the pod never answers', async () => {
    const { client } = await serve(() => undefined);
    expect(await failure(client.fetch('127.0.0.1', { timeoutMs: 100 }))).toMatchObject({
      code: 'QUEUE_TIMEOUT',
      message: expect.stringContaining('no complete answer within 100 ms') as string,
    });
  });

  it('reports QUEUE_ABORTED when the caller aborts', async () => {
    const { client } = await serve(() => undefined);
    const ac = new AbortController();
    const pending = failure(client.fetch('127.0.0.1', { timeoutMs: 60_000, signal: ac.signal }));
    ac.abort();
    expect((await pending).code).toBe('QUEUE_ABORTED');
  });

  it('reports QUEUE_CONNECTION with the system error when nothing listens', async () => {
    const { client } = await serve(json('{}'));
    const err = await failure(client.fetch('127.0.0.254', { timeoutMs: 5_000 }));
    expect(err.code).toBe('QUEUE_CONNECTION');
    expect(err.message).toContain('ECONNREFUSED');
  });
});
