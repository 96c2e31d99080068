// The activation long-poll against real /queue servers: it reports each epoch move with the counts, keeps
// going after one, stops for pods that left, leaves pods without an epoch alone, and paces itself against a
// server that ignores `watch`.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@keda-http/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeInterceptors, type FakeInterceptorGroup } from '../testing/fake-interceptors.js';
import {
  createActivationWatch,
  type ActivationWatch,
  type ActivationWatchEvent,
} from './activation-watch.js';
import type { PodCounts } from '@keda-http/queue';
import { createQueueClient, type QueueClient } from './queue-client.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** By default the bucket never runs dry in these tests. */
function watchOn(
  port: number,
  retryMs = 50,
  bucket = { burst: 1_000, refillMs: 1, quietMs: 0 },
  now = (): number => performance.now(),
) {
  const client: QueueClient = createQueueClient({ port });
  const activations: { address: string; counts: PodCounts }[] = [];
  /** performance.now() of each activation. */
  const times: number[] = [];
  const events: ActivationWatchEvent[] = [];
  const watch: ActivationWatch = createActivationWatch({
    client,
    timeoutSeconds: 10,
    retryMs,
    ...bucket,
    now,
    onActivation: (address, counts) => {
      activations.push({ address, counts });
      times.push(performance.now());
    },
    onEvent: (e) => events.push(e),
  });
  cleanups.push(async () => {
    await watch.stop();
    await client.close();
  });
  return { watch, activations, times, events };
}

async function fakes(n: number): Promise<FakeInterceptorGroup> {
  const group = await startFakeInterceptors(n);
  cleanups.push(() => group.close());
  return group;
}

describe('activation watch', () => {
  it('reports every epoch move with the counts of that moment', async () => {
    const { pods, port } = await fakes(2);
    const [a, b] = pods as [(typeof pods)[0], (typeof pods)[0]];
    const { watch, activations } = watchOn(port);
    watch.observe(a.address, String(a.epoch));
    watch.observe(b.address, String(b.epoch));
    await waitFor('both watches to be held', () => a.requests.watch === 1 && b.requests.watch === 1);
    expect(watch.size()).toBe(2);

    b.set('ns/x', 1);
    await waitFor('the first activation', () => activations.length === 1);
    expect(activations[0]).toEqual({
      address: b.address,
      counts: { keys: ['ns/x'], concurrency: [1], requestCount: [0] },
    });

    b.set('ns/x', 0);
    b.set('ns/x', 3);
    await waitFor('the second activation', () => activations.length === 2);
    expect(activations[1]?.counts.concurrency).toEqual([3]);
    expect(activations.every((x) => x.address === b.address)).toBe(true);
  });

  it('starts from the epoch of the regular poll, so a move in between is reported at once', async () => {
    const { pods, port } = await fakes(1);
    const pod = pods[0] as (typeof pods)[0];
    const seen = String(pod.epoch);
    pod.set('ns/x', 2);
    const { watch, activations } = watchOn(port);
    watch.observe(pod.address, seen);
    await waitFor('the activation', () => activations.length === 1);
  });

  it('lets a pod whose routes keep going idle and busy answer a burst, then once per refillMs', async () => {
    const { pods, port } = await fakes(1);
    const pod = pods[0] as (typeof pods)[0];
    // quietMs above any hold here: every answer spends a token.
    const bucket = { burst: 2, refillMs: 100, quietMs: 60_000 };
    const started = performance.now();
    const { watch, activations, times } = watchOn(port, 50, bucket);
    watch.observe(pod.address, String(pod.epoch));
    await waitFor('the watch to be held', () => pod.requests.watch === 1);
    // Constant churn: a route goes busy and idle again every millisecond or so, moving the epoch each time.
    let n = 0;
    const churn = setInterval(() => {
      pod.set('ns/x', 1 + (n++ % 5));
      pod.set('ns/x', 0);
    }, 1);
    cleanups.push(async () => clearInterval(churn));
    await waitFor('six activations', () => activations.length >= 6);
    clearInterval(churn);
    // By any moment, at most burst + elapsed / refillMs answers (+1: a timer may fire a little early).
    // Without the bucket the six answers come within a few milliseconds.
    times.forEach((t, i) => {
      expect(i + 1).toBeLessThanOrEqual(bucket.burst + (t - started) / bucket.refillMs + 1);
    });
    expect(n).toBeGreaterThan(activations.length);
  });

  it('reports at once every activation that ends a quiet spell, however many came before', async () => {
    const { pods, port } = await fakes(1);
    const pod = pods[0] as (typeof pods)[0];
    // One token that never comes back: an answer that spent it would hold the next watch for a day.
    const bucket = { burst: 1, refillMs: 86_400_000, quietMs: 100 };
    let clock = 0;
    const { watch, activations } = watchOn(port, 50, bucket, () => clock);
    watch.observe(pod.address, String(pod.epoch));
    for (let i = 1; i <= 4; i++) {
      await waitFor(`watch ${i} to be held`, () => pod.requests.watch === i);
      clock += 100; // the watch has been held for quietMs
      pod.set(`ns/r${i}`, 1);
      await waitFor(`activation ${i}`, () => activations.length === i);
    }
  });

  it('stops watching pods that are no longer listed', async () => {
    const { pods, port } = await fakes(2);
    const [a, b] = pods as [(typeof pods)[0], (typeof pods)[0]];
    const { watch, activations } = watchOn(port);
    watch.observe(a.address, String(a.epoch));
    watch.observe(b.address, String(b.epoch));
    watch.retain(new Set([a.address]));
    expect(watch.size()).toBe(1);
    b.set('ns/x', 1);
    a.set('ns/x', 1);
    await waitFor('the activation of the listed pod', () => activations.length === 1);
    expect(activations[0]?.address).toBe(a.address);
  });

  it('does not watch a pod whose regular poll carried no epoch, nor one whose watch answer carries none', async () => {
    const { pods, port } = await fakes(2);
    const [a, b] = pods as [(typeof pods)[0], (typeof pods)[0]];
    const { watch, events } = watchOn(port);
    watch.observe(a.address, undefined);
    expect(watch.size()).toBe(0);
    b.withoutEpoch();
    watch.observe(b.address, '0');
    await waitFor('the unsupported event', () => events.some((e) => e.type === 'unsupported'));
    expect(watch.size()).toBe(0);
    watch.observe(b.address, '0');
    expect(b.requests.watch).toBe(1);
  });

  it('waits retryMs before asking again a server that ignores watch', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json', 'x-keda-http-queue-epoch': '5' }).end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const { watch } = watchOn((server.address() as AddressInfo).port, 150);
    const started = performance.now();
    watch.observe('127.0.0.1', '5');
    await waitFor('three watch requests', () => requests >= 3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 150 - 2);
  });

  it('retries after a failed watch and reports the error', async () => {
    const { pods, port } = await fakes(1);
    const pod = pods[0] as (typeof pods)[0];
    await pod.breakWith('refuse');
    const { watch, events, activations } = watchOn(port);
    watch.observe(pod.address, '0');
    await waitFor('an error event', () => events.some((e) => e.type === 'error'));
    await pod.heal();
    pod.set('ns/x', 1);
    await waitFor('the activation after recovery', () => activations.length === 1);
  });
});
