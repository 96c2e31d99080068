// Scaling beyond one replica and back (SPEC §5): KEDA's emulated HPA asks the scaler for the route's metric
// every sync period (1 s here) and applies ceil(value / target) within min and max. Concurrency scaling
// counts requests in flight; request-rate scaling counts requests per second over a sliding window. When
// the load stops the app goes back down, and to zero after scaledownPeriod.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoApp, httpScaledObject } from '../support/manifests.js';
import { startSystem, type System } from '../support/system.js';
import { entries, type TimelineEntry } from '../support/timeline.js';
import { startTraffic } from '../support/traffic.js';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  const left = await sys?.stop();
  expect(left, 'processes left running').toEqual([]);
});

/** An echo app at zero with an HTTPScaledObject (0–3 replicas) scaling on `scalingMetric`. */
async function scalableApp(prefix: string, scalingMetric: Record<string, unknown>) {
  const ns = await sys.namespace(prefix);
  const host = `web.${ns}.test`;
  await sys.apply([
    ...echoApp({ namespace: ns, name: 'web' }),
    httpScaledObject({
      namespace: ns,
      name: 'web',
      spec: { hosts: [host], replicas: { min: 0, max: 3 }, scaledownPeriod: 1, scalingMetric },
    }),
  ]);
  await sys.waitForRoute(`${ns}/web`);
  const since = await sys.waitForStream(`${ns}/web`);
  return { ns, host, since, so: `${ns}/web` };
}

/** Load until the HPA scales past one replica, then stop it and wait for the way back to zero. */
async function upAndBack(app: { ns: string; host: string; since: number; so: string }, path: string) {
  const traffic = startTraffic((o) => sys.send(o), { host: app.host, path }, 4);
  let up: TimelineEntry;
  try {
    up = await sys.timeline.waitFor(
      'the HPA scaling past one replica',
      entries.scale(app.so, (from, to, why) => why === 'hpa' && from >= 1 && to >= 2),
      { since: app.since, timeoutMs: 60_000 },
    );
  } finally {
    const outcomes = await traffic.stop();
    expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
  }
  const zero = await sys.timeline.waitFor(
    'the scale back to zero',
    entries.scale(app.so, (_, to, why) => why === 'cooldown' && to === 0),
    { since: up.seq, timeoutMs: 90_000 },
  );
  expect(await sys.kube.specReplicas(app.ns, 'web')).toBe(0);
  return { up, zero };
}

describe('scaling', () => {
  it('scales on concurrency to more than one replica, and back to zero', async () => {
    const app = await scalableApp('concurrency', { concurrency: { targetValue: 1 } });
    const { up } = await upAndBack(app, '/?delay=400ms');
    if (up.kind !== 'scale') throw new Error('not a scale entry');
    const metric = up.metrics?.[0];
    expect(metric?.metricName).toBe(`http-${app.ns}_002Fweb`);
    expect(metric?.target).toBe(1);
    expect(metric?.value).toBeGreaterThanOrEqual(2);
  });

  it('scales on request rate to more than one replica, and back to zero', async () => {
    const app = await scalableApp('rate', {
      requestRate: { targetValue: 2, window: '4s', granularity: '1s' },
    });
    const { up } = await upAndBack(app, '/');
    if (up.kind !== 'scale') throw new Error('not a scale entry');
    const metric = up.metrics?.[0];
    expect(metric?.target).toBe(2);
    expect(metric?.value).toBeGreaterThan(2);
  });
});
