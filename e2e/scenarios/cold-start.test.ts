// Scale from zero and back, the add-on's reason to exist: the first request to an app at 0 replicas is held
// by the interceptor while the scaler tells KEDA (devcluster's emulation, over real gRPC) to scale it up, and
// is answered with X-KEDA-HTTP-Cold-Start: true; after scaledownPeriod without traffic the app goes back to
// 0. Also: a Service port chosen by name, and the skip-scaledobject-creation annotation with a ScaledObject
// the user writes. One system for the file, a fresh namespace per scenario.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlOk } from '../support/add-on.js';
import { echoAnswer } from '../support/http-client.js';
import { echoApp, httpScaledObject, scaledObject } from '../support/manifests.js';
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

/** An echo app at 0 replicas behind an HTTPScaledObject for `web.<ns>.test`, ready for its first request. */
async function idleApp(prefix: string, spec: Record<string, unknown> = {}) {
  const ns = await sys.namespace(prefix);
  const host = `web.${ns}.test`;
  await sys.apply([
    ...echoApp({ namespace: ns, name: 'web' }),
    httpScaledObject({ namespace: ns, name: 'web', spec: { hosts: [host], ...spec } }),
  ]);
  await sys.waitForRoute(`${ns}/web`);
  const since = await sys.waitForStream(`${ns}/web`);
  return { ns, host, since };
}

describe('cold start', () => {
  it('scales from zero on the first GET, answers it with X-KEDA-HTTP-Cold-Start: true, and goes back to zero after scaledownPeriod', async () => {
    const { ns, host, since } = await idleApp('cold-get', { scaledownPeriod: 2 });
    const table = await kubectlOk(sys.kubectl, ['get', 'httpso', '-n', ns]);
    expect(table).toMatch(/^web\s+apps\/v1\/Deployment\/web\s+web:80\s+0\s+1\s+\S+\s+True$/m);
    expect(await sys.kube.specReplicas(ns, 'web')).toBe(0);
    // devcluster, the operator, the interceptor and the scaler are processes of this system (afterAll checks
    // that none is left once it stops).
    expect(sys.processes().length).toBeGreaterThanOrEqual(4);

    const first = await sys.send({ host, path: '/hello?name=keda' });
    expect(first.status, first.body).toBe(200);
    expect(first.headers['x-keda-http-cold-start']).toBe('true');
    expect(echoAnswer(first)).toMatchObject({
      host,
      method: 'GET',
      path: '/hello',
      query: { name: 'keda' },
    });
    expect(echoAnswer(first).pod).toMatch(/^web-/);
    const activated = await sys.timeline.waitFor(
      'activation 0→1',
      entries.scale(`${ns}/web`, (from, to, why) => why === 'activated' && from === 0 && to === 1),
      { since },
    );
    expect(activated.ms).toBeLessThan(first.doneAt);

    const warm = await sys.send({ host });
    expect(warm.status).toBe(200);
    expect(warm.headers['x-keda-http-cold-start']).toBe('false');

    const down = await sys.timeline.waitFor(
      'scale to zero after the cooldown',
      entries.scale(`${ns}/web`, (_, to, why) => why === 'cooldown' && to === 0),
      { since: activated.seq, timeoutMs: 60_000 },
    );
    expect(down.ms - activated.ms).toBeGreaterThanOrEqual(2000);
    expect(await sys.kube.specReplicas(ns, 'web')).toBe(0);
    await sys.timeline.waitFor('the pod gone', entries.pod(`${ns}/web-`, 'gone'), { since: down.seq });
    const queue = await sys.interceptorAdmin<Record<string, { Concurrency: number }>>('/queue');
    expect(queue[`${ns}/web`]?.Concurrency).toBe(0);
  });

  it('forwards a POST with a JSON body on a cold start', async () => {
    const { ns, host } = await idleApp('cold-post');
    const body = JSON.stringify({ order: 42, items: ['tea', 'scones'], note: 'ünïcödé' });
    const res = await sys.send({
      host,
      method: 'POST',
      path: '/orders',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status, res.body).toBe(200);
    expect(res.headers['x-keda-http-cold-start']).toBe('true');
    const echo = echoAnswer(res);
    expect(echo).toMatchObject({ method: 'POST', path: '/orders', host });
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(await sys.kube.specReplicas(ns, 'web')).toBe(1);
  });
});

describe('port name', () => {
  it('routes to the Service port named in scaleTargetRef.portName', async () => {
    const { host } = await idleApp('port-name', {
      scaleTargetRef: { name: 'web', service: 'web', portName: 'http' },
    });
    const res = await sys.send({ host, path: '/by-name' });
    expect(res.status, res.body).toBe(200);
    expect(res.headers['x-keda-http-cold-start']).toBe('true');
    expect(echoAnswer(res).path).toBe('/by-name');
  });

  it('answers 500 when the Service has no port of that name', async () => {
    const ns = await sys.namespace('port-name-missing');
    const host = `web.${ns}.test`;
    await sys.apply([
      ...echoApp({ namespace: ns, name: 'web', replicas: 1 }),
      httpScaledObject({
        namespace: ns,
        name: 'web',
        spec: {
          hosts: [host],
          replicas: { min: 1, max: 1 },
          scaleTargetRef: { name: 'web', service: 'web', portName: 'grpc' },
        },
      }),
    ]);
    await sys.waitForRoute(`${ns}/web`);
    const res = await sys.send({ host });
    expect(res.status, res.body).toBe(500);
  });
});

describe('skip-scaledobject-creation', () => {
  const SKIP = { 'httpscaledobject.keda.sh/skip-scaledobject-creation': 'true' };

  it('creates no ScaledObject; a ScaledObject the user writes scales the app from zero', async () => {
    const ns = await sys.namespace('skip-so');
    const host = `web.${ns}.test`;
    await sys.apply([
      ...echoApp({ namespace: ns, name: 'web' }),
      httpScaledObject({ namespace: ns, name: 'web', annotations: SKIP, spec: { hosts: [host] } }),
    ]);
    await kubectlOk(sys.kubectl, [
      'wait',
      '-n',
      ns,
      '--for=condition=Ready',
      '--timeout=60s',
      'httpscaledobject/web',
    ]);
    await sys.waitForRoute(`${ns}/web`);
    expect(await kubectlOk(sys.kubectl, ['get', 'scaledobjects', '-n', ns, '-o', 'name'])).toBe('');

    await sys.apply([
      scaledObject({
        namespace: ns,
        name: 'web-by-hand',
        target: 'web',
        metadata: { httpScaledObject: 'web' },
      }),
    ]);
    const since = await sys.waitForStream(`${ns}/web-by-hand`);
    const res = await sys.send({ host });
    expect(res.status, res.body).toBe(200);
    expect(res.headers['x-keda-http-cold-start']).toBe('true');
    await sys.timeline.waitFor(
      'activation by the ScaledObject written by hand',
      entries.scale(`${ns}/web-by-hand`, (from, to) => from === 0 && to === 1),
      { since },
    );
  });

  it('deletes the ScaledObject it made when the annotation is added later', async () => {
    const ns = await sys.namespace('skip-so-later');
    const host = `web.${ns}.test`;
    const objects = [
      ...echoApp({ namespace: ns, name: 'web' }),
      httpScaledObject({ namespace: ns, name: 'web', spec: { hosts: [host] } }),
    ];
    await sys.apply(objects);
    await sys.waitForStream(`${ns}/web`);
    expect(await kubectlOk(sys.kubectl, ['get', 'scaledobjects', '-n', ns, '-o', 'name'])).toBe(
      'scaledobject.keda.sh/web\n',
    );
    await kubectlOk(sys.kubectl, [
      'annotate',
      '-n',
      ns,
      'httpscaledobject/web',
      'httpscaledobject.keda.sh/skip-scaledobject-creation=true',
    ]);
    await kubectlOk(sys.kubectl, ['wait', '-n', ns, '--for=delete', '--timeout=60s', 'scaledobject/web']);
    await sys.waitForRoute(`${ns}/web`);
  });
});
