// The follower against a real node:http server on port 0 that plays the operator's /routing_table, long-poll
// included. Waits are event-driven: each test awaits the follower's own events, with a generous deadline.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { RoutingErrorCode } from './errors.js';
import { followRoutingTable, type FollowerEvent, type FollowerOptions } from './follower.js';
import { buildTable, type RoutingTable } from './table.js';
import { testRoute } from './testing.js';
import { encodeRoutingTable } from './wire-format.js';

const DEADLINE_MS = 20_000;

function tableOf(...names: string[]): RoutingTable {
  return buildTable(names.map((name) => testRoute({ name, rules: [{ hosts: [`${name}.com`] }] })));
}

type Mode = 'serve' | 'garbage' | 'status-500' | 'ignore-watch';

/** A fake operator admin server: GET /routing_table with the watch / timeoutSeconds contract. */
async function startOperator(initial: RoutingTable, port = 0) {
  let table = initial;
  let mode: Mode = 'serve';
  const held = new Set<() => void>();
  const queries: URLSearchParams[] = [];
  let onHeld: (() => void) | undefined;

  const send = (res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(encodeRoutingTable(table));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://operator');
    queries.push(url.searchParams);
    if (url.pathname !== '/routing_table') return void res.writeHead(404).end();
    if (mode === 'garbage') return void res.writeHead(200).end('{"version": 1, "routes": "no"}');
    if (mode === 'status-500') return void res.writeHead(500).end('boom');
    const watch = url.searchParams.get('watch');
    if (mode === 'ignore-watch' || watch === null || watch !== table.version) return send(res);
    const timer = setTimeout(
      () => {
        held.delete(wake);
        res.writeHead(304).end();
      },
      Number(url.searchParams.get('timeoutSeconds') ?? '30') * 1000,
    );
    const wake = (): void => {
      clearTimeout(timer);
      send(res);
    };
    held.add(wake);
    onHeld?.();
    res.on('close', () => {
      clearTimeout(timer);
      held.delete(wake);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  onTestFinished(close);
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    queries,
    close,
    /** Resolves once a long-poll is being held. */
    held: () =>
      held.size > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            onHeld = () => {
              onHeld = undefined;
              resolve();
            };
          }),
    setMode: (m: Mode) => {
      mode = m;
    },
    publish: (next: RoutingTable) => {
      table = next;
      for (const wake of [...held]) wake();
      held.clear();
    },
  };
}

/** Records events and resolves waits when a matching event arrives (or has already arrived). */
function recorder() {
  const events: FollowerEvent[] = [];
  const waiters: { test: (e: FollowerEvent) => boolean; resolve: (e: FollowerEvent) => void }[] = [];
  return {
    events,
    onEvent: (event: FollowerEvent) => {
      events.push(event);
      for (const w of [...waiters]) {
        if (w.test(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    },
    /** The next event (after those already seen, from index `from`) that satisfies the test. */
    next: (
      what: string,
      test: (e: FollowerEvent) => boolean,
      from = events.length,
    ): Promise<FollowerEvent> => {
      const seen = events.slice(from).find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events.slice(-10))}`)),
          DEADLINE_MS,
        );
        waiters.push({
          test,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      });
    },
  };
}

function follow(options: Omit<FollowerOptions, 'signal' | 'onEvent'>) {
  const controller = new AbortController();
  const events = recorder();
  const follower = followRoutingTable({
    backoff: { initialMs: 5, maxMs: 40 },
    ...options,
    signal: controller.signal,
    onEvent: events.onEvent,
  });
  onTestFinished(async () => {
    controller.abort();
    await follower.done;
  });
  return { follower, events, stop: () => controller.abort() };
}

const isType =
  <T extends FollowerEvent['type']>(type: T) =>
  (e: FollowerEvent): e is Extract<FollowerEvent, { type: T }> =>
    e.type === type;

async function closedPortUrl(): Promise<string> {
  const op = await startOperator(tableOf());
  await op.close();
  return op.url;
}

describe('followRoutingTable', () => {
  it('loads the operator’s table first and is ready with it', async () => {
    const v1 = tableOf('a');
    const op = await startOperator(v1);
    const { follower, events } = follow({ baseUrls: () => [op.url] });
    const ready = await follower.ready();
    expect(ready.version).toBe(v1.version);
    expect(follower.current()?.routes).toEqual(v1.routes);
    expect(events.events[0]).toEqual({ type: 'updated', version: v1.version, routes: 1, baseUrl: op.url });
    expect(op.queries[0]?.has('watch')).toBe(false);
  });

  it('long-polls with the current version and swaps in a new table when the operator publishes one', async () => {
    const v1 = tableOf('a');
    const v2 = tableOf('a', 'b');
    const op = await startOperator(v1);
    const { follower, events } = follow({ baseUrls: () => [op.url] });
    await follower.ready();
    await op.held();
    const updated = events.next('the second table', (e) => e.type === 'updated' && e.version === v2.version);
    op.publish(v2);
    await updated;
    expect(follower.current()?.version).toBe(v2.version);
    const watching = op.queries.filter((q) => q.get('watch') === v1.version);
    expect(watching.length).toBeGreaterThanOrEqual(1);
    expect(watching[0]?.get('timeoutSeconds')).toBe('30');
  });

  it('treats 304 as no change and asks again with the same version', async () => {
    const v1 = tableOf('a');
    const op = await startOperator(v1);
    const { follower, events } = follow({ baseUrls: () => [op.url], timeoutSeconds: 1 });
    await follower.ready();
    await events.next('a 304', isType('unchanged'));
    const second = events.events.length;
    await events.next('another 304', isType('unchanged'), second);
    expect(follower.current()).toBe(await follower.ready());
    expect(events.events.filter(isType('error'))).toEqual([]);
    expect(
      op.queries.slice(1).every((q) => q.get('watch') === v1.version && q.get('timeoutSeconds') === '1'),
    ).toBe(true);
  });

  it('keeps the last good table when the operator sends garbage, and recovers', async () => {
    const v1 = tableOf('a');
    const op = await startOperator(v1);
    const { follower, events } = follow({ baseUrls: () => [op.url] });
    await follower.ready();
    op.setMode('garbage');
    const error = events.next(
      'an invalid table',
      (e) => e.type === 'error' && e.error.code === RoutingErrorCode.TableInvalid,
    );
    op.publish(tableOf('b'));
    expect(((await error) as Extract<FollowerEvent, { type: 'error' }>).error.message).toContain(
      'routing table.version',
    );
    expect(follower.current()?.version).toBe(v1.version);
    const v3 = tableOf('c');
    const recovered = events.next('the fixed table', (e) => e.type === 'updated' && e.version === v3.version);
    op.setMode('serve');
    op.publish(v3);
    await recovered;
    expect(follower.current()?.version).toBe(v3.version);
  });

  it('reports a status other than 200 or 304 and backs off', async () => {
    const op = await startOperator(tableOf('a'));
    op.setMode('status-500');
    const { events } = follow({ baseUrls: () => [op.url] });
    const error = await events.next('a bad status', isType('error'));
    expect(error).toMatchObject({ error: { code: RoutingErrorCode.BadStatus } });
    await events.next('a back-off', isType('backoff'));
  });

  it('keeps its table while the operator is gone and follows it again when it comes back', async () => {
    const v1 = tableOf('a');
    const op = await startOperator(v1);
    const { follower, events } = follow({ baseUrls: () => [op.url] });
    await follower.ready();
    const failed = events.next(
      'a failed request',
      (e) => e.type === 'error' && e.error.code === RoutingErrorCode.FetchFailed,
    );
    await op.close();
    await failed;
    await events.next('a second back-off', isType('backoff'));
    expect(follower.current()?.version).toBe(v1.version);

    const v2 = tableOf('a', 'b');
    const back = events.next(
      'the table of the restarted operator',
      (e) => e.type === 'updated' && e.version === v2.version,
    );
    const again = await startOperator(v2, op.port);
    expect(again.port).toBe(op.port);
    await back;
    expect(follower.current()?.version).toBe(v2.version);
  });

  it('starts from the fallback when the operator cannot be reached, then follows the operator', async () => {
    const v0 = tableOf('from-configmap');
    let urls = [await closedPortUrl()];
    const { follower, events } = follow({
      baseUrls: () => urls,
      loadFallback: () => Promise.resolve(encodeRoutingTable(v0)),
    });
    expect((await follower.ready()).version).toBe(v0.version);
    expect(events.events.find(isType('fallback-loaded'))).toEqual({
      type: 'fallback-loaded',
      version: v0.version,
      routes: 1,
    });

    const v1 = tableOf('from-operator');
    const op = await startOperator(v1);
    const updated = events.next(
      'the operator’s table',
      (e) => e.type === 'updated' && e.version === v1.version,
    );
    urls = [op.url];
    await updated;
    expect(follower.current()?.version).toBe(v1.version);
    expect(events.events.filter(isType('fallback-loaded'))).toHaveLength(1);
  });

  it('reports a missing or broken fallback and keeps trying', async () => {
    const url = await closedPortUrl();
    let calls = 0;
    const { follower, events } = follow({
      baseUrls: () => [url],
      loadFallback: () => {
        calls++;
        if (calls === 1) return Promise.resolve(undefined);
        if (calls === 2) return Promise.reject(new Error('configmap forbidden'));
        if (calls === 3) return Promise.resolve('not json');
        return Promise.resolve(tableOf('late'));
      },
    });
    expect((await follower.ready()).routes.map((r) => r.name)).toEqual(['late']);
    expect(events.events.filter(isType('fallback-missing'))).toHaveLength(1);
    const messages = events.events
      .filter(isType('error'))
      .filter((e) => e.error.code === RoutingErrorCode.FallbackFailed)
      .map((e) => e.error.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBe('fallback: configmap forbidden');
    expect(messages[1]).toMatch(/^fallback: routing table: not JSON: /);
    expect(events.events.filter(isType('fallback-loaded'))).toHaveLength(1);
  });

  it('reports that no operator address is known', async () => {
    const { events } = follow({ baseUrls: () => [] });
    expect(await events.next('no endpoints', isType('error'))).toMatchObject({
      error: { code: RoutingErrorCode.NoEndpoints, message: 'no operator address is known' },
    });
  });

  it('reports a failing address lookup with its cause', async () => {
    const { events } = follow({ baseUrls: () => Promise.reject(new Error('endpointslices unavailable')) });
    expect(await events.next('no endpoints', isType('error'))).toMatchObject({
      error: {
        code: RoutingErrorCode.NoEndpoints,
        message: 'cannot list operator addresses: endpointslices unavailable',
      },
    });
  });

  it('grows the back-off by doubling up to the cap, jittered by the injected source', async () => {
    const url = await closedPortUrl();
    const { events } = follow({
      baseUrls: () => [url],
      backoff: { initialMs: 8, maxMs: 50 },
      random: () => 0,
    });
    for (let i = 0; i < 5; i++)
      await events.next(`back-off ${i}`, (e) => e.type === 'backoff' && e.attempt === i);
    expect(events.events.filter(isType('backoff')).slice(0, 5)).toEqual([
      { type: 'backoff', attempt: 0, delayMs: 4 },
      { type: 'backoff', attempt: 1, delayMs: 8 },
      { type: 'backoff', attempt: 2, delayMs: 16 },
      { type: 'backoff', attempt: 3, delayMs: 25 },
      { type: 'backoff', attempt: 4, delayMs: 25 },
    ]);
  });

  it('tries the next address after a failure', async () => {
    const dead = await closedPortUrl();
    const op = await startOperator(tableOf('a'));
    const { follower, events } = follow({ baseUrls: () => [dead, op.url] });
    await follower.ready();
    expect(events.events.find(isType('updated'))).toMatchObject({ baseUrl: op.url });
  });

  it('pauses instead of spinning when the server ignores the watch', async () => {
    const op = await startOperator(tableOf('a'));
    op.setMode('ignore-watch');
    const { events } = follow({ baseUrls: () => [op.url] });
    await events.next('a first unchanged answer', isType('unchanged'));
    await events.next('a second unchanged answer', isType('unchanged'), events.events.length);
    expect(events.events.filter(isType('updated'))).toHaveLength(1);
  });

  it('fetches at once on refresh and returns the new table', async () => {
    const v1 = tableOf('a');
    const op = await startOperator(v1);
    const { follower } = follow({ baseUrls: () => [op.url] });
    await follower.ready();
    const v2 = tableOf('b');
    op.setMode('ignore-watch'); // the held poll keeps waiting on v1; refresh must not depend on it
    op.publish(v2);
    expect((await follower.refresh()).version).toBe(v2.version);
  });

  it('rejects refresh with the error when the operator cannot be reached', async () => {
    const url = await closedPortUrl();
    const { follower } = follow({ baseUrls: () => [url] });
    await expect(follower.refresh()).rejects.toMatchObject({ code: RoutingErrorCode.FetchFailed });
  });

  it('stops when aborted, rejecting ready if no table ever loaded', async () => {
    const url = await closedPortUrl();
    const { follower, events, stop } = follow({ baseUrls: () => [url] });
    await events.next('a first error', isType('error'));
    stop();
    await follower.done;
    await expect(follower.ready()).rejects.toMatchObject({ code: RoutingErrorCode.Stopped });
    expect(events.events.at(-1)).toEqual({ type: 'stopped' });
  });

  it('ends a held long-poll when aborted', async () => {
    const op = await startOperator(tableOf('a'));
    const { follower, events, stop } = follow({ baseUrls: () => [op.url] });
    await follower.ready();
    await op.held();
    stop();
    await follower.done;
    expect(events.events.at(-1)).toEqual({ type: 'stopped' });
    expect(events.events.filter(isType('error'))).toEqual([]);
  });

  it('survives a listener that throws', async () => {
    const op = await startOperator(tableOf('a'));
    const controller = new AbortController();
    onTestFinished(() => controller.abort());
    const follower = followRoutingTable({
      baseUrls: () => [op.url],
      signal: controller.signal,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    expect((await follower.ready()).routes).toHaveLength(1);
    controller.abort();
    await follower.done;
  });
});
