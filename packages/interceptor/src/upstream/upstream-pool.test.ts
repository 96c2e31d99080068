import { startEchoUpstream, waitFor, type EchoUpstream } from '@keda-http/testkit';
import { buildConnector } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamPool, type Connection, type IdleBudget } from './upstream-pool.js';

let upstream: EchoUpstream;
beforeAll(async () => {
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  await upstream.close();
});

const connector = buildConnector({ timeout: 1_000 });

/** Sends one GET on `client` and resolves with its status once the response is complete. */
function get(connection: Connection, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    connection.client.dispatch(
      { path, method: 'GET', headers: ['host', 'x'] },
      {
        onConnect: () => undefined,
        onHeaders: (code: number) => ((status = code), true),
        onData: () => true,
        onComplete: () => resolve(status),
        onError: reject,
      },
    );
  });
}

describe('upstream pool', () => {
  it('opens one connection per concurrent request, without a cap', async () => {
    const pool = new UpstreamPool({
      origin: upstream.url,
      connector,
      maxIdlePerHost: 200,
      budget: { idle: 0, max: 1000 },
    });
    const clients = Array.from({ length: 5 }, () => pool.acquire());
    expect(new Set(clients).size).toBe(5);
    const answers = clients.map((c, i) => get(c, `/hold-${i}?delay=hold`));
    await waitFor('5 requests at the upstream', () => upstream.inFlight() === 5);
    upstream.releaseHeld();
    expect(await Promise.all(answers)).toEqual([200, 200, 200, 200, 200]);
    for (const c of clients) pool.release(c);
    expect(pool.idleCount()).toBe(5);
    expect(pool.acquire()).toBe(clients[4]);
    await pool.destroy();
  });

  it('keeps at most KEDA_HTTP_MAX_IDLE_CONNS_PER_HOST connections idle and closes the others', async () => {
    const budget: IdleBudget = { idle: 0, max: 1000 };
    const pool = new UpstreamPool({ origin: upstream.url, connector, maxIdlePerHost: 2, budget });
    const clients = Array.from({ length: 4 }, () => pool.acquire());
    expect(await Promise.all(clients.map((c) => get(c, '/')))).toEqual([200, 200, 200, 200]);
    for (const c of clients) pool.release(c);
    expect(pool.idleCount()).toBe(2);
    expect(pool.size()).toBe(2);
    expect(budget.idle).toBe(2);
    await waitFor('the extra connections closed', () => clients.slice(2).every((c) => c.client.closed));
    await pool.destroy();
    expect(budget.idle).toBe(0);
  });

  it('keeps at most KEDA_HTTP_MAX_IDLE_CONNS connections idle over every pool', async () => {
    const budget: IdleBudget = { idle: 0, max: 3 };
    const a = new UpstreamPool({ origin: upstream.url, connector, maxIdlePerHost: 10, budget });
    const b = new UpstreamPool({ origin: upstream.url, connector, maxIdlePerHost: 10, budget });
    const fromA = [a.acquire(), a.acquire()];
    const fromB = [b.acquire(), b.acquire()];
    for (const c of fromA) a.release(c);
    for (const c of fromB) b.release(c);
    expect([a.idleCount(), b.idleCount(), budget.idle]).toEqual([2, 1, 3]);
    expect(b.acquire()).toBe(fromB[0]);
    expect(budget.idle).toBe(2);
    await Promise.all([a.destroy(), b.destroy()]);
  });

  it('closes connections released after the pool closed', async () => {
    const pool = new UpstreamPool({
      origin: upstream.url,
      connector,
      maxIdlePerHost: 10,
      budget: { idle: 0, max: 10 },
    });
    const client = pool.acquire();
    await pool.close();
    pool.release(client);
    expect(pool.idleCount()).toBe(0);
  });
});
