// The /routing_table endpoint over real sockets: a fastify app on port 0 and the routing package's own
// follower as one of the clients.
import { get } from 'node:http';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRoutingTable } from '@keda-http/routing';
import { followRoutingTable } from '@keda-http/routing/follower';
import { testRoute } from '@keda-http/routing/testing';
import { waitFor } from '@keda-http/testkit';
import { addRoutingTableRoute, ifNoneMatchHits } from './routing-table-route.js';
import { createTablePublisher, type TablePublisher } from './table-publisher.js';
import { tableSnapshot, withJson } from './table-snapshot.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const tableOf = (...names: string[]) => tableSnapshot(names.map((name) => withJson(testRoute({ name }))));

async function serve(publisher: TablePublisher): Promise<string> {
  const app = Fastify();
  addRoutingTableRoute(app, publisher);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  cleanups.push(() => publisher.close());
  return address;
}

describe('GET /routing_table', () => {
  it('answers 503 before the first table is built', async () => {
    const base = await serve(createTablePublisher());
    const res = await fetch(`${base}/routing_table`);
    expect(res.status).toBe(503);
  });

  it('serves {version, routes} with a strong ETag', async () => {
    const publisher = createTablePublisher();
    const table = tableOf('a', 'b');
    publisher.publish(table);
    const base = await serve(publisher);
    const res = await fetch(`${base}/routing_table`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${table.version}"`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const decoded = decodeRoutingTable(await res.text());
    expect(decoded.version).toBe(table.version);
    expect(decoded.routes.map((r) => r.key)).toEqual(['default/a', 'default/b']);
  });

  it.each([
    ['the current ETag', (v: string) => `"${v}"`, 304],
    ['a list holding the current ETag', (v: string) => `"old", W/"${v}"`, 304],
    ['a star', () => '*', 304],
    ['an older ETag', () => '"old"', 200],
  ])('honours If-None-Match with %s', async (_name, header, status) => {
    const publisher = createTablePublisher();
    const table = tableOf('a');
    publisher.publish(table);
    const base = await serve(publisher);
    const res = await fetch(`${base}/routing_table`, { headers: { 'if-none-match': header(table.version) } });
    expect(res.status).toBe(status);
    expect(res.headers.get('etag')).toBe(`"${table.version}"`);
  });

  it('answers a watch of an older version at once', async () => {
    const publisher = createTablePublisher();
    const table = tableOf('a');
    publisher.publish(table);
    const base = await serve(publisher);
    const res = await fetch(`${base}/routing_table?watch=older&timeoutSeconds=300`);
    expect(res.status).toBe(200);
    expect(decodeRoutingTable(await res.text()).version).toBe(table.version);
  });

  it('holds a watch of the current version until the table changes', async () => {
    const publisher = createTablePublisher();
    const first = tableOf('a');
    publisher.publish(first);
    const base = await serve(publisher);
    const pending = fetch(`${base}/routing_table?watch=${first.version}&timeoutSeconds=300`);
    await waitFor('the long-poll to be held', () => publisher.waiting() === 1);
    const second = tableOf('a', 'b');
    publisher.publish(second);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${second.version}"`);
    expect(decodeRoutingTable(await res.text()).routes).toHaveLength(2);
  });

  it('answers 304 with an empty body when the watch times out', async () => {
    const publisher = createTablePublisher();
    const table = tableOf('a');
    publisher.publish(table);
    const base = await serve(publisher);
    const res = await fetch(`${base}/routing_table?watch=${table.version}&timeoutSeconds=1`);
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
  });

  it('holds a watch made before the first table until it is built', async () => {
    const publisher = createTablePublisher();
    const base = await serve(publisher);
    const pending = fetch(`${base}/routing_table?watch=anything&timeoutSeconds=300`);
    await waitFor('the long-poll to be held', () => publisher.waiting() === 1);
    publisher.publish(tableOf('a'));
    expect((await pending).status).toBe(200);
  });

  it('releases the waiter when the client goes away', async () => {
    const publisher = createTablePublisher();
    const table = tableOf('a');
    publisher.publish(table);
    const base = await serve(publisher);
    const req = get(`${base}/routing_table?watch=${table.version}&timeoutSeconds=300`);
    req.on('error', () => undefined);
    await waitFor('the long-poll to be held', () => publisher.waiting() === 1);
    req.destroy();
    await waitFor('the waiter to be released', () => publisher.waiting() === 0);
  });

  it.each([
    ['a timeout above 300 s', 'watch=x&timeoutSeconds=301'],
    ['a timeout that is not a number', 'watch=x&timeoutSeconds=soon'],
  ])('rejects %s with 400', async (_name, query) => {
    const publisher = createTablePublisher();
    publisher.publish(tableOf('a'));
    const base = await serve(publisher);
    const res = await fetch(`${base}/routing_table?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^timeoutSeconds: /);
  });

  it("is followed by the routing package's follower", async () => {
    const publisher = createTablePublisher();
    publisher.publish(tableOf('a'));
    const base = await serve(publisher);
    const stop = new AbortController();
    const follower = followRoutingTable({ baseUrls: () => [base], signal: stop.signal, timeoutSeconds: 300 });
    cleanups.push(async () => {
      stop.abort();
      await follower.done;
    });
    await follower.ready();
    await waitFor('the follower to hold a long-poll', () => publisher.waiting() === 1);
    const next = tableOf('a', 'b', 'c');
    publisher.publish(next);
    await waitFor('the follower to take the new table', () => follower.current()?.version === next.version);
  });
});

describe('ifNoneMatchHits', () => {
  it.each([
    [undefined, false],
    ['"v1"', true],
    ['W/"v1"', true],
    ['"v0" , "v1"', true],
    ['"v2"', false],
  ])('%s → %s', (header, expected) => {
    expect(ifNoneMatchHits(header, '"v1"')).toBe(expected);
  });
});

describe('createTablePublisher', () => {
  it('swaps only when the version changes and tells subscribers', () => {
    const publisher = createTablePublisher();
    const seen: string[] = [];
    publisher.subscribe((s) => seen.push(s.version));
    const t = tableOf('a');
    expect(publisher.publish(t)?.version).toBe(t.version);
    expect(publisher.publish(tableOf('a'))).toBeUndefined();
    expect(seen).toEqual([t.version]);
  });

  it('releases every waiter with undefined when closed, and answers later waits at once', async () => {
    const publisher = createTablePublisher();
    publisher.publish(tableOf('a'));
    const version = publisher.current()!.version;
    const held = publisher.waitForChange(version, 60_000);
    publisher.close();
    await expect(held).resolves.toBeUndefined();
    await expect(publisher.waitForChange(version, 60_000)).resolves.toBeUndefined();
  });
});
