// The interceptor fleet of the scaler benchmark, in its own process so that its CPU is not the scaler's or the
// load generator's: POD_COUNT fake interceptor pods (real node:http /queue servers with the epoch header and the
// ?watch= long-poll, packages/scaler/src/testing) each reporting every one of ROUTE_COUNT keys. Every 500 ms
// each pod's RequestCounts grow and some concurrencies change; ACTIVATIONS_PER_S times a second (over the
// whole fleet) an idle route turns busy on one pod, which moves that pod's epoch as a first request would.
// CHURN_PER_POD_PER_S (0 by default) adds, on every pod, that many idle routes a second going busy and idle
// again between ticks, as routes with sparse traffic do: each one moves the pod's epoch.
// Prints one JSON line {port, addresses} once listening; runs until killed.
import { startFakeInterceptors } from '../../packages/scaler/src/testing/fake-interceptors.js';

const POD_COUNT = Number(process.env.POD_COUNT ?? 50);
const ROUTE_COUNT = Number(process.env.ROUTE_COUNT ?? 1000);
const ACTIVATIONS_PER_S = Number(process.env.ACTIVATIONS_PER_S ?? 2);
const CHURN_PER_POD_PER_S = Number(process.env.CHURN_PER_POD_PER_S ?? 0);

/** mulberry32: the same fleet behaviour on every run. */
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

const rand = prng(7);
const group = await startFakeInterceptors(POD_COUNT);
const keys = Array.from({ length: ROUTE_COUNT }, (_, i) => `bench/route-${i}`);
// Two thirds of the routes are busy (concurrency 1–4 on each pod), a third idle.
for (const pod of group.pods) {
  for (const [i, key] of keys.entries()) pod.set(key, i % 3 === 0 ? 0 : 1 + Math.floor(rand() * 4), 0);
}

// Each pod updates on its own timer, staggered over the tick, and renders its body right away: the fleet's
// work is spread evenly instead of landing on the scaler's poll all at once, and a request is served from the
// rendered body (a real interceptor renders one small body on its own core).
const TICK_MS = 500;
group.pods.forEach((pod, p) => {
  let tick = 0;
  const update = (): void => {
    tick++;
    for (const [i, key] of keys.entries()) {
      if (i % 3 === 0) continue;
      pod.addRequests(key, Math.floor(rand() * 5));
      if ((i + tick) % 4 === 0) pod.set(key, 1 + Math.floor(rand() * 4));
    }
    // Idle routes waking up: back to 0 first, so that the next set is a 0 → 1 move that bumps the epoch.
    const perPodPerTick = ACTIVATIONS_PER_S / 2 / group.pods.length;
    if (rand() < perPodPerTick) {
      const key = keys[3 * Math.floor((rand() * ROUTE_COUNT) / 3)];
      if (key !== undefined) {
        pod.set(key, 0);
        pod.set(key, 1);
      }
    }
    pod.render();
  };
  setTimeout(() => setInterval(update, TICK_MS), Math.floor((p * TICK_MS) / group.pods.length));
  if (CHURN_PER_POD_PER_S > 0) {
    setInterval(() => {
      const key = keys[3 * Math.floor((rand() * ROUTE_COUNT) / 3)]; // an idle route (i % 3 === 0)
      if (key === undefined) return;
      pod.set(key, 1);
      pod.set(key, 0);
    }, 1000 / CHURN_PER_POD_PER_S);
  }
});

process.stdout.write(
  `${JSON.stringify({ port: group.port, addresses: group.pods.map((p) => p.address) })}\n`,
);
process.on('SIGTERM', () => void group.close().then(() => process.exit(0)));
