// Routes change while traffic flows: an HTTPScaledObject updated (a host added, then the old one removed)
// and one deleted, each while a client keeps sending requests. Every request gets an answer: 200 while its
// route exists and 404 once it is gone, never an error or a 5xx, and never back and forth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlOk } from '../support/add-on.js';
import { httpScaledObject } from '../support/manifests.js';
import { waitUntilServing, warmApp } from '../support/route-checks.js';
import { startSystem, type System } from '../support/system.js';
import { startTraffic, statusRuns, type Traffic } from '../support/traffic.js';
import { waitFor } from '@keda-http/testkit';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  const left = await sys?.stop();
  expect(left, 'processes left running').toEqual([]);
});

/** Waits until the traffic's latest answer is `status`. */
const latestIs = (traffic: Traffic, status: number) =>
  waitFor(`traffic answered ${status}`, async () => {
    await traffic.more(1);
    return traffic.outcomes.at(-1)?.status === status;
  });

describe('route changes while traffic flows', () => {
  it('applies an update without failing a request: a new host starts routing, a removed one turns 404', async () => {
    const ns = await sys.namespace('update');
    const [old, added] = [`old.${ns}.test`, `new.${ns}.test`];
    const route = (hosts: string[]) =>
      httpScaledObject({ namespace: ns, name: 'web', spec: { hosts, replicas: { min: 1, max: 1 } } });
    await sys.apply(warmApp(ns, 'web', { hosts: [old] }));
    await waitUntilServing(sys, ns, ['web']);

    const traffic = startTraffic((o) => sys.send(o), { host: old, path: '/old' });
    await traffic.more(5);
    await sys.apply([route([old, added])]);
    await waitFor(`${added} routed`, async () => (await sys.send({ host: added })).status === 200);
    await traffic.more(5);
    await sys.apply([route([added])]);
    await latestIs(traffic, 404);
    const outcomes = await traffic.stop();

    expect(statusRuns(outcomes)).toMatch(/^200×\d+ 404×\d+$/);
    expect((await sys.send({ host: added })).status).toBe(200);
  });

  it('deletes a route without failing a request: 200s, then 404s; its ScaledObject and queue key go', async () => {
    const ns = await sys.namespace('delete');
    const host = `web.${ns}.test`;
    await sys.apply(warmApp(ns, 'web', { hosts: [host] }));
    await waitUntilServing(sys, ns, ['web']);
    await kubectlOk(sys.kubectl, ['get', '-n', ns, 'scaledobject/web']);

    const traffic = startTraffic((o) => sys.send(o), { host, path: '/' });
    await traffic.more(5);
    await kubectlOk(sys.kubectl, ['delete', '-n', ns, 'httpscaledobject/web', '--timeout=60s']);
    await latestIs(traffic, 404);
    const outcomes = await traffic.stop();

    expect(statusRuns(outcomes)).toMatch(/^200×\d+ 404×\d+$/);
    await kubectlOk(sys.kubectl, ['wait', '-n', ns, '--for=delete', '--timeout=60s', 'scaledobject/web']);
    await waitFor('the route gone from /queue', async () => {
      const queue = await sys.interceptorAdmin<Record<string, unknown>>('/queue');
      return !(`${ns}/web` in queue);
    });
    expect(await sys.kube.specReplicas(ns, 'web')).toBe(1);
  });
});
