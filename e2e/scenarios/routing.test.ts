// Routing through the interceptor (SPEC §2), as upstream's e2e checks it: by host, by path (the longest
// prefix wins), by header, by wildcard host, several routes to one app, the same path on different hosts,
// and two apps side by side where load on one leaves the other at zero. One system for the file, a fresh
// namespace per scenario.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoApp, httpScaledObject, interceptorRoute } from '../support/manifests.js';
import { expectRoutes, waitUntilServing, warmApp } from '../support/route-checks.js';
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

describe('routing', () => {
  it('routes by host, ignoring the port in Host; an unknown host is 404', async () => {
    const ns = await sys.namespace('host');
    const [a, b] = [`a.${ns}.test`, `b.${ns}.test`];
    await sys.apply([...warmApp(ns, 'app-a', { hosts: [a] }), ...warmApp(ns, 'app-b', { hosts: [b] })]);
    await waitUntilServing(sys, ns, ['app-a', 'app-b']);
    await expectRoutes(sys, [
      { host: a, expect: 'app-a' },
      { host: b, path: '/x/y', expect: 'app-b' },
      { host: `${a}:8080`, expect: 'app-a' },
      { host: `c.${ns}.test`, expect: 404 },
    ]);
  });

  it('routes by path prefix on whole segments, the longest prefix winning', async () => {
    const ns = await sys.namespace('path');
    const host = `shop.${ns}.test`;
    await sys.apply([
      ...warmApp(ns, 'root', { hosts: [host] }),
      ...warmApp(ns, 'api', { hosts: [host], pathPrefixes: ['/api'] }),
      ...warmApp(ns, 'api-v2', { hosts: [host], pathPrefixes: ['/api/v2'] }),
    ]);
    await waitUntilServing(sys, ns, ['root', 'api', 'api-v2']);
    await expectRoutes(sys, [
      { host, path: '/', expect: 'root' },
      { host, path: '/cart', expect: 'root' },
      { host, path: '/api', expect: 'api' },
      { host, path: '/api/', expect: 'api' },
      { host, path: '/api/users?id=1', expect: 'api' },
      { host, path: '/apix', expect: 'root' },
      { host, path: '/api/v2', expect: 'api-v2' },
      { host, path: '/api/v2/orders', expect: 'api-v2' },
      { host, path: '/api/v20', expect: 'api' },
    ]);
  });

  it('routes by header: a value must match exactly, a name alone needs the header present', async () => {
    const ns = await sys.namespace('header');
    const host = `web.${ns}.test`;
    await sys.apply([
      ...warmApp(ns, 'plain', { hosts: [host] }),
      ...warmApp(ns, 'canary', { hosts: [host], headers: [{ name: 'x-canary', value: 'yes' }] }),
      ...warmApp(ns, 'tagged', { hosts: [host], headers: [{ name: 'x-tag' }] }),
    ]);
    await waitUntilServing(sys, ns, ['plain', 'canary', 'tagged']);
    await expectRoutes(sys, [
      { host, expect: 'plain' },
      { host, headers: { 'x-canary': 'yes' }, expect: 'canary' },
      { host, headers: { 'X-Canary': 'yes' }, expect: 'canary' },
      { host, headers: { 'x-canary': 'no' }, expect: 'plain' },
      { host, headers: { 'x-tag': 'anything' }, expect: 'tagged' },
      // Both match; the entry whose headers carry values comes first.
      { host, headers: { 'x-canary': 'yes', 'x-tag': '1' }, expect: 'canary' },
    ]);
  });

  it('routes wildcard hosts at any depth, an exact host before its wildcard', async () => {
    const ns = await sys.namespace('wildcard');
    const zone = `wild.${ns}.test`;
    await sys.apply([
      ...warmApp(ns, 'any', { hosts: [`*.${zone}`] }),
      ...warmApp(ns, 'exact', { hosts: [`api.${zone}`] }),
    ]);
    await waitUntilServing(sys, ns, ['any', 'exact']);
    await expectRoutes(sys, [
      { host: `www.${zone}`, expect: 'any' },
      { host: `a.b.c.${zone}`, expect: 'any' },
      { host: `api.${zone}`, expect: 'exact' },
      { host: `v1.api.${zone}`, expect: 'any' },
      { host: zone, expect: 404 },
    ]);
  });

  it('sends several routes to one app: many hosts and paths, and an InterceptorRoute beside the HTTPScaledObject', async () => {
    const ns = await sys.namespace('multi');
    const [one, two, three] = ['one', 'two', 'three'].map((h) => `${h}.${ns}.test`) as [
      string,
      string,
      string,
    ];
    await sys.apply([
      ...warmApp(ns, 'web', { hosts: [one, two], pathPrefixes: ['/a', '/b'] }),
      interceptorRoute({
        namespace: ns,
        name: 'web-extra',
        spec: {
          target: { service: 'web', port: 80 },
          rules: [{ hosts: [three] }, { hosts: [one], paths: [{ value: '/c' }] }],
          scalingMetric: { concurrency: { targetValue: 10 } },
        },
      }),
    ]);
    await waitUntilServing(sys, ns, ['web', 'web-extra']);
    await expectRoutes(sys, [
      { host: one, path: '/a', expect: 'web' },
      { host: one, path: '/b/x', expect: 'web' },
      { host: two, path: '/a/y', expect: 'web' },
      { host: one, path: '/c', expect: 'web' },
      { host: three, path: '/anything', expect: 'web' },
      { host: two, path: '/c', expect: 404 },
      { host: one, path: '/', expect: 404 },
    ]);
  });

  it('combines routes: the same path on different hosts reaches different apps', async () => {
    const ns = await sys.namespace('combined');
    const [x, y] = [`x.${ns}.test`, `y.${ns}.test`];
    await sys.apply([
      ...warmApp(ns, 'app-x', { hosts: [x], pathPrefixes: ['/api'] }),
      ...warmApp(ns, 'app-y', { hosts: [y], pathPrefixes: ['/api'] }),
    ]);
    await waitUntilServing(sys, ns, ['app-x', 'app-y']);
    await expectRoutes(sys, [
      { host: x, path: '/api/1', expect: 'app-x' },
      { host: y, path: '/api/1', expect: 'app-y' },
      { host: x, path: '/other', expect: 404 },
    ]);
  });

  it('routes concurrently: load on one app scales it while the other stays at zero', async () => {
    const ns = await sys.namespace('concurrent');
    const [busy, idle] = [`busy.${ns}.test`, `idle.${ns}.test`];
    await sys.apply([
      ...echoApp({ namespace: ns, name: 'busy' }),
      ...echoApp({ namespace: ns, name: 'idle' }),
      httpScaledObject({ namespace: ns, name: 'busy', spec: { hosts: [busy] } }),
      httpScaledObject({ namespace: ns, name: 'idle', spec: { hosts: [idle] } }),
    ]);
    for (const name of ['busy', 'idle']) await sys.waitForRoute(`${ns}/${name}`);
    await sys.waitForStream(`${ns}/idle`);
    const since = await sys.waitForStream(`${ns}/busy`);

    const load = await Promise.all(
      Array.from({ length: 12 }, (_, i) => sys.send({ host: busy, path: `/r${i}?delay=200ms` })),
    );
    expect(load.map((r) => r.status)).toEqual(load.map(() => 200));
    await sys.timeline.waitFor(
      'busy scaled up',
      entries.scale(`${ns}/busy`, (_, to) => to >= 1),
      { since },
    );
    expect(await sys.kube.specReplicas(ns, 'busy')).toBeGreaterThanOrEqual(1);

    expect(await sys.kube.specReplicas(ns, 'idle')).toBe(0);
    const idleEvents = (await sys.timeline.since(since)).filter(
      (e) => e.kind === 'scale' && e.scaledObject === `${ns}/idle`,
    );
    expect(idleEvents).toEqual([]);
    const queue = await sys.interceptorAdmin<Record<string, { RequestCount: number }>>('/queue');
    expect(queue[`${ns}/busy`]?.RequestCount).toBe(12);
    expect(queue[`${ns}/idle`]?.RequestCount).toBe(0);
  });
});
