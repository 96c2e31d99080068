// The developing guide's debugging recipes, verbatim (SPEC §6): `kubectl proxy -p <port>` with the real
// kubectl, then each `curl -L localhost:<port>/api/v1/namespaces/$NAMESPACE/services/<svc>:<port>/proxy/<path>`
// through devcluster's Service proxy to the add-on's admin servers running as pods. Each answer has the shape
// docs/debugging.md documents. One app is routed and has served a request, so the tables and counts are not
// empty.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTool } from '@keda-http/devcluster/testing';
import { ADD_ON_NAMESPACE } from '../support/add-on.js';
import { GUIDE_PROXY_COMMAND, GUIDE_RECIPES, onPort } from '../support/guide-recipes.js';
import { echoApp, httpScaledObject } from '../support/manifests.js';
import { hasCurl, runRecipe } from '../support/run-recipe.js';
import { startSystem, type System } from '../support/system.js';

let sys: System;
let proxy: RunningTool;
let port: number;
let route: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: p } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return p;
}

beforeAll(async () => {
  sys = await startSystem();
  const ns = await sys.namespace('recipes');
  route = `${ns}/web`;
  const host = `web.${ns}.test`;
  await sys.apply([
    ...echoApp({ namespace: ns, name: 'web' }),
    httpScaledObject({ namespace: ns, name: 'web', spec: { hosts: [host] } }),
  ]);
  await sys.waitForRoute(route);
  await sys.waitForStream(route);
  expect((await sys.send({ host })).status).toBe(200);

  port = await freePort();
  const [command, ...args] = onPort(GUIDE_PROXY_COMMAND, port).split(' ');
  expect(command).toBe('kubectl');
  proxy = sys.kubectl.spawn(args);
  await proxy.waitForOutput(`Starting to serve on 127.0.0.1:${port}`);
});
afterAll(async () => {
  await proxy?.stop();
  const left = await sys?.stop();
  expect(left, 'processes left running').toEqual([]);
});

const configOf = (body: unknown) => (body as { configs: Record<string, unknown>[] }).configs[0];
const tableShape = () => ({ version: expect.stringMatching(/^[0-9a-f]{16}$/), routes: expect.any(Array) });

/** What each recipe must answer (docs/debugging.md). */
const SHAPES: Record<string, (body: unknown) => void> = {
  'interceptor /config': (body) =>
    expect(configOf(body)).toMatchObject({
      KEDA_HTTP_PROXY_PORT: 8080,
      KEDA_HTTP_ADMIN_PORT: 9090,
      KEDA_HTTP_OPERATOR_NAMESPACE: ADD_ON_NAMESPACE,
      KEDA_HTTP_OPERATOR_ADMIN_SERVICE: 'keda-add-ons-http-operator-admin',
    }),
  'interceptor /routing_ping': (body) => {
    expect(body).toEqual(tableShape());
    expect((body as { routes: { key: string }[] }).routes.map((r) => r.key)).toContain(route);
  },
  'interceptor /routing_table': (body) => {
    expect(body).toEqual(tableShape());
    expect((body as { routes: unknown[] }).routes).toContainEqual(
      expect.objectContaining({
        key: route,
        kind: 'HTTPScaledObject',
        target: { service: 'web', port: 80 },
        scaleTarget: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      }),
    );
  },
  'interceptor /queue': (body) =>
    expect((body as Record<string, unknown>)[route]).toEqual({ Concurrency: 0, RequestCount: 1 }),
  'interceptor /deployments': (body) =>
    expect((body as Record<string, unknown>)[route]).toEqual(expect.any(Number)),
  'operator /config': (body) =>
    expect(configOf(body)).toMatchObject({
      KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: 'keda-add-ons-http-external-scaler',
      KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_PORT: 9090,
      KEDA_HTTP_OPERATOR_NAMESPACE: ADD_ON_NAMESPACE,
      KEDA_HTTP_OPERATOR_ADMIN_PORT: 9090,
    }),
  'operator /routing_table': (body) => {
    expect(body).toEqual(tableShape());
    expect((body as { routes: { key: string }[] }).routes.map((r) => r.key)).toContain(route);
  },
  'scaler /config': (body) =>
    expect(configOf(body)).toMatchObject({
      KEDA_HTTP_SCALER_PORT: 9090,
      KEDA_HTTP_HEALTH_PORT: 9091,
      KEDA_HTTP_SCALER_TARGET_ADMIN_SERVICE: 'keda-add-ons-http-interceptor-admin',
      KEDA_HTTP_SCALER_TARGET_ADMIN_NAMESPACE: ADD_ON_NAMESPACE,
    }),
  // The totals of the scaler's last poll, which may predate the end of the request (or not).
  'scaler /queue': (body) =>
    expect((body as Record<string, unknown>)[route]).toEqual({
      Concurrency: expect.any(Number),
      RPS: expect.any(Number),
    }),
  // A poll now: the request has ended.
  'scaler /queue_ping': (body) =>
    expect((body as Record<string, unknown>)[route]).toEqual({
      Concurrency: 0,
      RPS: expect.any(Number),
    }),
};

describe(`the developing guide's recipes through kubectl proxy (${hasCurl() ? 'curl' : 'fetch'})`, () => {
  it('covers every recipe of the guide', () => {
    expect(GUIDE_RECIPES.map((r) => r.name).sort()).toEqual(Object.keys(SHAPES).sort());
  });

  it.each(GUIDE_RECIPES.map((r) => [r.name, r.command] as const))('%s: %s', async (name, command) => {
    const result = await runRecipe(onPort(command, port), ADD_ON_NAMESPACE);
    expect(result.exitCode).toBe(0);
    let body: unknown;
    expect(() => {
      body = JSON.parse(result.body) as unknown;
    }, result.body).not.toThrow();
    SHAPES[name]?.(body);
  });

  it('shows one table version everywhere: the operator is the source, the interceptor follows', async () => {
    const versions = await Promise.all(
      ['operator /routing_table', 'interceptor /routing_table'].map(async (name) => {
        const recipe = GUIDE_RECIPES.find((r) => r.name === name);
        const result = await runRecipe(onPort(recipe?.command ?? '', port), ADD_ON_NAMESPACE);
        return (JSON.parse(result.body) as { version: string }).version;
      }),
    );
    expect(versions[0]).toBe(versions[1]);
  });
});
