// The interceptor's timeouts answer 504 (SPEC §4): the readiness wait of a backend that never becomes ready
// (HTTPScaledObject `timeouts.conditionWait`), the response-header wait of a slow backend
// (`timeouts.responseHeader`), and an InterceptorRoute's whole-request deadline (`timeouts.request`). In each
// case a request that fits in the time gets its 200.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAnswer } from '../support/http-client.js';
import { echoApp, httpScaledObject, interceptorRoute } from '../support/manifests.js';
import { waitUntilServing, warmApp } from '../support/route-checks.js';
import { startSystem, type System } from '../support/system.js';
import { entries } from '../support/timeline.js';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  const left = await sys?.stop();
  expect(left, 'processes left running').toEqual([]);
});

const elapsed = (o: { sentAt: number; doneAt: number }) => o.doneAt - o.sentAt;

describe('timeouts', () => {
  it('answers 504 when the backend is not ready within the readiness timeout', async () => {
    const ns = await sys.namespace('readiness');
    const host = `web.${ns}.test`;
    // The pod starts, but its readiness probe checks a port nothing listens on: it never becomes ready.
    const probe = { tcpSocket: { port: 9999 }, periodSeconds: 1 };
    await sys.apply([
      ...echoApp({ namespace: ns, name: 'web', readinessProbe: probe }),
      httpScaledObject({
        namespace: ns,
        name: 'web',
        spec: { hosts: [host], timeouts: { conditionWait: '1s' } },
      }),
    ]);
    await sys.waitForRoute(`${ns}/web`);
    const since = await sys.waitForStream(`${ns}/web`);

    const res = await sys.send({ host });
    expect(res.status, res.body).toBe(504);
    expect(elapsed(res)).toBeGreaterThanOrEqual(1000);
    expect(elapsed(res)).toBeLessThan(15_000);
    // It was a real wait: KEDA scaled the app up and its pod started, but never became ready.
    await sys.timeline.waitFor('the pod started', entries.pod(`${ns}/web-`, 'started'), { since });
    expect(await sys.kube.readyReplicas(ns, 'web')).toBe(0);
  });

  it('answers 504 when the response headers do not arrive within the response-header timeout', async () => {
    const ns = await sys.namespace('response-header');
    const host = `web.${ns}.test`;
    await sys.apply(warmApp(ns, 'web', { hosts: [host], timeouts: { responseHeader: '1s' } }));
    await waitUntilServing(sys, ns, ['web']);

    const quick = await sys.send({ host, path: '/?delay=100ms' });
    expect(quick.status, quick.body).toBe(200);
    const slow = await sys.send({ host, path: '/?delay=4s' });
    expect(slow.status, slow.body).toBe(504);
    expect(elapsed(slow)).toBeGreaterThanOrEqual(1000);
    expect(elapsed(slow)).toBeLessThan(4000);
  });

  it("answers 504 when an InterceptorRoute's request timeout passes", async () => {
    const ns = await sys.namespace('request');
    const host = `web.${ns}.test`;
    await sys.apply([
      ...echoApp({ namespace: ns, name: 'web', replicas: 1 }),
      interceptorRoute({
        namespace: ns,
        name: 'web',
        spec: {
          target: { service: 'web', port: 80 },
          rules: [{ hosts: [host] }],
          scalingMetric: { concurrency: { targetValue: 10 } },
          timeouts: { request: '1s' },
        },
      }),
    ]);
    await waitUntilServing(sys, ns, ['web']);

    const quick = await sys.send({ host, path: '/?delay=100ms' });
    expect(quick.status, quick.body).toBe(200);
    expect(echoAnswer(quick).host).toBe(host);
    const slow = await sys.send({ host, path: '/?delay=4s' });
    expect(slow.status, slow.body).toBe(504);
    expect(elapsed(slow)).toBeGreaterThanOrEqual(1000);
    expect(elapsed(slow)).toBeLessThan(4000);
  });
});
